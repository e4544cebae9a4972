import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toolInputObject } from "./tool-input";

describe("toolInputObject", () => {
  it("parses JSON object arguments", () => {
    assert.deepEqual(toolInputObject('{"city":"Paris","days":[1,2]}'), { city: "Paris", days: [1, 2] });
  });

  it("reads empty, invalid or non-object arguments as {}", () => {
    assert.deepEqual(toolInputObject(""), {});
    assert.deepEqual(toolInputObject('{"city":"Par'), {});
    assert.deepEqual(toolInputObject("[1,2]"), {});
    assert.deepEqual(toolInputObject('"text"'), {});
  });
});
