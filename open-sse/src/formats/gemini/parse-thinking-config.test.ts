import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { reasoningFromThinkingConfig } from "./parse-thinking-config";

const PATH = "generationConfig.thinkingConfig";

describe("reasoningFromThinkingConfig", () => {
  it("reads what Gemini CLI sends per model", () => {
    assert.deepEqual(reasoningFromThinkingConfig({ includeThoughts: true }, PATH), { includeThoughts: true });
    assert.deepEqual(reasoningFromThinkingConfig({ includeThoughts: true, thinkingLevel: "HIGH" }, PATH), {
      includeThoughts: true,
      effort: "high",
      mode: "enabled",
    });
    assert.deepEqual(reasoningFromThinkingConfig({ includeThoughts: true, thinkingBudget: 8192 }, PATH), {
      includeThoughts: true,
      mode: "enabled",
      budgetTokens: 8192,
    });
  });

  it("reads -1 as dynamic thinking and 0 as off", () => {
    assert.deepEqual(reasoningFromThinkingConfig({ thinkingBudget: -1 }, PATH), { mode: "enabled" });
    assert.deepEqual(reasoningFromThinkingConfig({ thinkingBudget: 0 }, PATH), { mode: "disabled" });
  });

  it("accepts lowercase levels and ignores the unspecified level", () => {
    assert.deepEqual(reasoningFromThinkingConfig({ thinkingLevel: "minimal" }, PATH), { effort: "minimal", mode: "enabled" });
    assert.equal(reasoningFromThinkingConfig({ thinkingLevel: "THINKING_LEVEL_UNSPECIFIED" }, PATH), undefined);
    assert.equal(reasoningFromThinkingConfig({}, PATH), undefined);
    assert.equal(reasoningFromThinkingConfig(undefined, PATH), undefined);
  });

  it("rejects wrong types and unknown levels, naming the field", () => {
    assert.throws(
      () => reasoningFromThinkingConfig({ thinkingLevel: "EXTREME" }, PATH),
      (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === `${PATH}.thinkingLevel`,
    );
    assert.throws(() => reasoningFromThinkingConfig({ thinkingBudget: "8k" }, PATH), /thinkingBudget/);
    assert.throws(() => reasoningFromThinkingConfig("on", PATH), /must be an object/);
  });
});
