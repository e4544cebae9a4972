import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { invalidField } from "./invalid-field";
import { countField, fieldOf, isJsonObject, stringField, tryParseJson } from "./json-fields";

describe("json-fields", () => {
  it("reads fields of unknown JSON without throwing", () => {
    assert.equal(isJsonObject([]), false);
    assert.equal(isJsonObject(null), false);
    assert.equal(fieldOf("x", "a"), undefined);
    assert.equal(stringField({ a: 1 }, "a"), undefined);
    assert.equal(stringField({ a: "v" }, "a"), "v");
    assert.equal(countField({ n: -1 }, "n"), null);
    assert.equal(countField({ n: 3 }, "n"), 3);
    assert.equal(tryParseJson("{"), undefined);
    assert.deepEqual(tryParseJson('{"a":1}'), { a: 1 });
  });
});

describe("invalidField", () => {
  it("is a 400 naming the field", () => {
    const error = invalidField("contents[0].parts", "must be a list");
    assert.ok(GatewayError.isInstance(error));
    assert.equal(error.status, 400);
    assert.equal(error.param, "contents[0].parts");
    assert.equal(error.publicMessage, "contents[0].parts: must be a list");
  });
});
