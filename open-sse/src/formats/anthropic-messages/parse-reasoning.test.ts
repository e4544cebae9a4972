import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseOutputFormat, parseReasoning } from "./parse-reasoning";

describe("parseReasoning", () => {
  it("reads an enabled budget (Claude Code's older-model shape)", () => {
    assert.deepEqual(parseReasoning({ type: "enabled", budget_tokens: 31999 }, undefined), { mode: "enabled", budgetTokens: 31999 });
  });

  it("reads adaptive thinking with output_config.effort (Claude Code's newer-model shape)", () => {
    assert.deepEqual(parseReasoning({ type: "adaptive" }, { effort: "high" }), { mode: "adaptive", effort: "high" });
  });

  it("maps effort max to xhigh and keeps xhigh", () => {
    assert.deepEqual(parseReasoning(undefined, { effort: "max" }), { effort: "xhigh" });
    assert.deepEqual(parseReasoning(undefined, { effort: "xhigh" }), { effort: "xhigh" });
  });

  it("reads disabled thinking and the display setting", () => {
    assert.deepEqual(parseReasoning({ type: "disabled" }, undefined), { mode: "disabled" });
    assert.deepEqual(parseReasoning({ type: "adaptive", display: "omitted" }, undefined), { mode: "adaptive", includeThoughts: false });
    assert.deepEqual(parseReasoning({ type: "enabled", budget_tokens: 2048, display: "summarized" }, undefined), {
      mode: "enabled",
      budgetTokens: 2048,
      includeThoughts: true,
    });
  });

  it("is undefined when the client said nothing about thinking", () => {
    assert.equal(parseReasoning(undefined, undefined), undefined);
    assert.equal(parseReasoning(undefined, { format: { type: "json_schema", schema: {} } }), undefined);
  });

  it("rejects a missing budget, an unknown type or an unknown effort", () => {
    const param = (name: string) => (error: unknown) => GatewayError.isInstance(error) && error.param === name;
    assert.throws(() => parseReasoning({ type: "enabled" }, undefined), param("thinking.budget_tokens"));
    assert.throws(() => parseReasoning({ type: "deep" }, undefined), param("thinking.type"));
    assert.throws(() => parseReasoning(undefined, { effort: "extreme" }), param("output_config.effort"));
  });
});

describe("parseOutputFormat", () => {
  it("reads structured outputs as a JSON-schema response format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, additionalProperties: false };
    assert.deepEqual(parseOutputFormat({ format: { type: "json_schema", schema } }), { type: "json-schema", name: "response", schema });
    assert.equal(parseOutputFormat({ effort: "low" }), undefined);
  });

  it("rejects a format that is not json_schema", () => {
    assert.throws(() => parseOutputFormat({ format: { type: "yaml" } }), (error: unknown) => GatewayError.isInstance(error) && error.param === "output_config.format.type");
  });
});
