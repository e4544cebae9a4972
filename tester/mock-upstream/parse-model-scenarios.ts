// The mock CLI's `--model-scenario <model>=<scenario json>` arguments → the `modelScenarios` option.
// Pure, so the argument rules are tested without starting a process.

import type { MockScenario } from "./openai-mock-server";

const FLAG = "--model-scenario";

/** Every `--model-scenario` value in `args`, as a model → scenario record; a string says what is wrong. */
export function parseModelScenarios(args: readonly string[]): Record<string, MockScenario> | string {
  // A Map and Object.fromEntries: a model named "__proto__" stays an ordinary key.
  const scenarios = new Map<string, MockScenario>();
  for (let index = 0; index < args.length; index++) {
    if (args[index] !== FLAG) continue;
    const value = args[index + 1];
    if (value === undefined) return `${FLAG} needs a value: <model>=<scenario json>`;
    index++;
    // The model is everything before the first "=": scenario JSON contains "=" only inside strings, models never.
    const separator = value.indexOf("=");
    if (separator <= 0) return `${FLAG} ${value}: expected <model>=<scenario json>`;
    const model = value.slice(0, separator);
    let scenario: unknown;
    try {
      scenario = JSON.parse(value.slice(separator + 1));
    } catch {
      return `${FLAG} ${model}: the scenario is not valid JSON`;
    }
    if (scenario === null || typeof scenario !== "object" || Array.isArray(scenario) || typeof (scenario as { kind?: unknown }).kind !== "string") {
      return `${FLAG} ${model}: the scenario must be a JSON object with a string "kind"`;
    }
    if (scenarios.has(model)) return `${FLAG} ${model}: given twice`;
    scenarios.set(model, scenario as MockScenario);
  }
  return Object.fromEntries(scenarios);
}
