import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labelStride, niceTicks } from "./bar-chart-scale";

describe("bar chart scale", () => {
  it("picks round ticks that cover the largest stack", () => {
    assert.deepEqual(niceTicks(172.4), [0, 50, 100, 150, 200]);
    assert.deepEqual(niceTicks(4), [0, 1, 2, 3, 4]);
    assert.deepEqual(niceTicks(0.037), [0, 0.01, 0.02, 0.03, 0.04]);
    assert.deepEqual(niceTicks(9_000_000), [0, 2_500_000, 5_000_000, 7_500_000, 10_000_000]);
    assert.deepEqual(niceTicks(0), [0, 1], "an empty chart still has an axis");
  });

  it("spaces labels so they never crowd", () => {
    assert.equal(labelStride(30, 8), 4);
    assert.equal(labelStride(7, 8), 1);
    assert.equal(labelStride(24, 6), 4);
  });
});
