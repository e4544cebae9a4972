import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { describeJsonSyntaxError } from "./describe-json-syntax-error";
import { formatIssuePath, formatZodIssues } from "./format-zod-issues";

describe("formatIssuePath", () => {
  it("writes indexes as [n] and keys joined by dots", () => {
    assert.equal(formatIssuePath(["providers", 1, "accounts", 0, "baseUrl"]), "providers[1].accounts[0].baseUrl");
    assert.equal(formatIssuePath([0, "a"]), "[0].a");
    assert.equal(formatIssuePath([]), "(root)");
  });
});

describe("formatZodIssues", () => {
  it("tells missing from wrong and lists each unknown key, without input values", () => {
    const schema = z.strictObject({ name: z.string(), mode: z.enum(["a", "b"]), count: z.number() });
    const input = { count: "secret-value", extra: 1, other: 2 };
    const lines = formatZodIssues(schema.safeParse(input).error?.issues ?? [], input);
    assert.deepEqual(lines.sort(), ["count: expected number", "extra: unknown key", "mode: required", "name: required", "other: unknown key"]);
  });
});

describe("describeJsonSyntaxError", () => {
  const describeText = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return describeJsonSyntaxError(text, error);
    }
    return "parsed";
  };

  it("converts the offset to a 1-based line and column", () => {
    assert.equal(describeText('{\n  "a": 1,\n  "b" 2\n}'), "invalid JSON at line 3 column 7");
    assert.equal(describeText("{x}"), "invalid JSON at line 1 column 2");
  });

  it("reports truncated input", () => {
    assert.equal(describeText(""), "invalid JSON: unexpected end of input");
    assert.equal(describeText('{"a": '), "invalid JSON: unexpected end of input");
  });
});
