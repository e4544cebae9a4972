import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { moveItem } from "./reorder-list";

describe("moveItem", () => {
  it("moves an element forwards and backwards", () => {
    assert.deepEqual(moveItem(["a", "b", "c"], 0, 2), ["b", "c", "a"]);
    assert.deepEqual(moveItem(["a", "b", "c"], 2, 0), ["c", "a", "b"]);
    assert.deepEqual(moveItem(["a", "b", "c"], 1, 1), ["a", "b", "c"]);
  });

  it("clamps the target and ignores a source out of range", () => {
    assert.deepEqual(moveItem(["a", "b"], 0, 9), ["b", "a"]);
    assert.deepEqual(moveItem(["a", "b"], 1, -3), ["b", "a"]);
    assert.deepEqual(moveItem(["a", "b"], 5, 0), ["a", "b"]);
  });
});
