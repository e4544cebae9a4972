import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countField, fieldOf, isJsonObject, stringField, tryParseJson } from "./json-fields";

describe("json-fields", () => {
  it("tells objects from arrays, null and primitives", () => {
    assert.equal(isJsonObject({}), true);
    assert.equal(isJsonObject([]), false);
    assert.equal(isJsonObject(null), false);
    assert.equal(isJsonObject("x"), false);
  });

  it("reads fields only of the expected type", () => {
    assert.equal(fieldOf({ a: 1 }, "a"), 1);
    assert.equal(fieldOf("not an object", "a"), undefined);
    assert.equal(stringField({ a: "x" }, "a"), "x");
    assert.equal(stringField({ a: 1 }, "a"), undefined);
  });

  it("reads token counts as non-negative finite numbers or null", () => {
    assert.equal(countField({ n: 12 }, "n"), 12);
    assert.equal(countField({ n: 0 }, "n"), 0);
    assert.equal(countField({ n: -1 }, "n"), null);
    assert.equal(countField({ n: "12" }, "n"), null);
    assert.equal(countField({}, "n"), null);
  });

  it("parses JSON without throwing", () => {
    assert.deepEqual(tryParseJson('{"a":1}'), { a: 1 });
    assert.equal(tryParseJson("{not json"), undefined);
  });
});
