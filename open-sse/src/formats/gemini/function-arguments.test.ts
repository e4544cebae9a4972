import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { argumentsObject, argumentsText } from "./function-arguments";

describe("argumentsObject", () => {
  it("parses a JSON object", () => {
    assert.deepEqual(argumentsObject('{"location":"San Francisco","days":[1,2]}'), { location: "San Francisco", days: [1, 2] });
  });

  it("gives {} for empty, invalid or non-object arguments", () => {
    assert.deepEqual(argumentsObject(""), {});
    assert.deepEqual(argumentsObject('{"location":"San'), {});
    assert.deepEqual(argumentsObject("[1,2]"), {});
    assert.deepEqual(argumentsObject('"text"'), {});
  });
});

describe("argumentsText", () => {
  it("serialises args, {} when absent", () => {
    assert.equal(argumentsText({ a: 1 }), '{"a":1}');
    assert.equal(argumentsText(undefined), "{}");
  });
});
