import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { Page } from "playwright";

const require = createRequire(import.meta.url);
const axeSource: string = (require("axe-core") as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the page as it is now and returns the serious and critical
 * violations, each with the selectors of the offending nodes. Evaluated through the DevTools protocol, so the
 * page's CSP does not apply to the injected script.
 */
export async function findSeriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.map(String).join(" ")),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** A readable list for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n    ${violation.nodes.join("\n    ")}`).join("\n");
}

/** Asserts no serious or critical violation on the page as it is, in the light theme and then the dark one. */
export async function expectAccessibleInBothThemes(page: Page, label: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
    const violations = await findSeriousViolations(page);
    assert.equal(violations.length, 0, `${label} (${theme}):\n${describeViolations(violations)}`);
  }
}
