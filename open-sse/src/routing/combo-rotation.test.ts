import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createComboRotation } from "./combo-rotation";

describe("createComboRotation", () => {
  it("gives weights 3:1 a 6:2 split over 8 picks, spread out", () => {
    const rotation = createComboRotation();
    const picks = Array.from({ length: 8 }, () => rotation.nextStart("c", 2, [3, 1]));
    assert.deepEqual(picks, [0, 0, 1, 0, 0, 0, 1, 0]);
    assert.equal(picks.filter((pick) => pick === 0).length, 6);
    assert.equal(picks.filter((pick) => pick === 1).length, 2);
  });

  it("alternates equally without weights", () => {
    const rotation = createComboRotation();
    assert.deepEqual(Array.from({ length: 6 }, () => rotation.nextStart("c", 3)), [0, 1, 2, 0, 1, 2]);
  });

  it("keeps each combo fair when picks of several combos interleave", () => {
    const rotation = createComboRotation();
    const first: number[] = [];
    const second: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      first.push(rotation.nextStart("first", 2, [3, 1]));
      second.push(rotation.nextStart("second", 2));
      if (round % 3 === 0) second.push(rotation.nextStart("second", 2));
    }
    assert.deepEqual(first, [0, 0, 1, 0, 0, 0, 1, 0]);
    assert.deepEqual(second, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it("starts over when the members or weights change, and always picks 0 for one member", () => {
    const rotation = createComboRotation();
    rotation.nextStart("c", 2, [1, 1]);
    assert.equal(rotation.nextStart("c", 2, [1, 3]), 1);
    assert.equal(rotation.nextStart("solo", 1), 0);
    assert.equal(rotation.nextStart("solo", 1), 0);
  });

  it("treats weights of the wrong length as equal weights", () => {
    const rotation = createComboRotation();
    assert.deepEqual(Array.from({ length: 4 }, () => rotation.nextStart("c", 2, [5])), [0, 1, 0, 1]);
  });
});
