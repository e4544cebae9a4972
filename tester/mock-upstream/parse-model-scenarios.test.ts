// node --import tsx --test tester/mock-upstream/parse-model-scenarios.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseModelScenarios } from "./parse-model-scenarios";

describe("parseModelScenarios", () => {
  it("reads every --model-scenario and ignores the other arguments", () => {
    const parsed = parseModelScenarios([
      "--port",
      "0",
      "--model-scenario",
      'always-503={"kind":"status","status":503}',
      "--record",
      "--model-scenario",
      'org/always-400={"kind":"json","status":400,"body":"a=b"}',
    ]);
    assert.deepEqual(parsed, {
      "always-503": { kind: "status", status: 503 },
      // Split at the first "=": the "=" inside the JSON string stays in the body.
      "org/always-400": { kind: "json", status: 400, body: "a=b" },
    });
  });

  it("gives an empty record when the flag is absent", () => {
    assert.deepEqual(parseModelScenarios(["--port", "0"]), {});
  });

  it("keeps a model named __proto__ as an ordinary key", () => {
    const parsed = parseModelScenarios(["--model-scenario", '__proto__={"kind":"status","status":500}']);
    assert.ok(typeof parsed === "object");
    assert.deepEqual(Object.getPrototypeOf(parsed), Object.prototype);
    assert.deepEqual(Object.entries(parsed), [["__proto__", { kind: "status", status: 500 }]]);
  });

  it("says what is wrong with a bad value", () => {
    assert.equal(parseModelScenarios(["--model-scenario"]), "--model-scenario needs a value: <model>=<scenario json>");
    assert.equal(parseModelScenarios(["--model-scenario", '={"kind":"status"}']), '--model-scenario ={"kind":"status"}: expected <model>=<scenario json>');
    assert.equal(parseModelScenarios(["--model-scenario", "m={kind"]), "--model-scenario m: the scenario is not valid JSON");
    assert.equal(parseModelScenarios(["--model-scenario", "m=[1]"]), '--model-scenario m: the scenario must be a JSON object with a string "kind"');
    assert.equal(parseModelScenarios(["--model-scenario", 'm={"status":503}']), '--model-scenario m: the scenario must be a JSON object with a string "kind"');
    assert.equal(
      parseModelScenarios(["--model-scenario", 'm={"kind":"status","status":503}', "--model-scenario", 'm={"kind":"status","status":500}']),
      "--model-scenario m: given twice",
    );
  });
});
