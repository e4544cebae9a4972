import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAge } from "./format-age";

describe("formatAge", () => {
  it("says how long ago in the largest sensible unit", () => {
    assert.equal(formatAge(2_000), "just now");
    assert.equal(formatAge(42_000), "42 s ago");
    assert.equal(formatAge(5 * 60_000), "5 min ago");
    assert.equal(formatAge(3 * 3_600_000), "3 h ago");
    assert.equal(formatAge(3 * 86_400_000), "3 d ago");
    assert.equal(formatAge(-5), "just now", "a clock a little ahead is not the future");
  });
});
