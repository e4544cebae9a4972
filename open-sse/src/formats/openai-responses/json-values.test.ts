import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { invalidField } from "./invalid-field";
import { isAbsent, isJsonObject, stringField, tryParseJson } from "./json-values";

describe("json-values / invalid-field", () => {
  it("reads JSON of unknown shape", () => {
    assert.equal(isJsonObject({}), true);
    assert.equal(isJsonObject([]), false);
    assert.equal(isJsonObject(null), false);
    assert.equal(stringField({ a: "x", b: 1 }, "a"), "x");
    assert.equal(stringField({ b: 1 }, "b"), undefined);
    assert.deepEqual(tryParseJson('{"a":1}'), { a: 1 });
    assert.equal(tryParseJson("{"), undefined);
    assert.equal(isAbsent(null), true);
    assert.equal(isAbsent(0), false);
  });

  it("names the field at fault in OpenAI's words", () => {
    const error = invalidField("input[1].role", "must be one of 'user', 'assistant'");
    assert.ok(GatewayError.isInstance(error));
    assert.equal(error.status, 400);
    assert.equal(error.param, "input[1].role");
    assert.equal(error.publicMessage, "Invalid 'input[1].role': must be one of 'user', 'assistant'");
  });
});
