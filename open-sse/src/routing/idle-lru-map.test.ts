import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IdleLruMap } from "./idle-lru-map";

describe("IdleLruMap", () => {
  it("evicts the least recently used entry when full, counting reads as use", () => {
    const map = new IdleLruMap<number>(2);
    map.set("a", 1, 0, 1_000);
    map.set("b", 2, 1, 1_000);
    assert.equal(map.get("a", 2, 1_000), 1);
    map.set("c", 3, 3, 1_000);
    assert.equal(map.size, 2);
    assert.equal(map.peek("b", 3, 1_000), undefined, "b was the least recently used");
    assert.equal(map.peek("a", 3, 1_000), 1);
    assert.equal(map.peek("c", 3, 1_000), 3);
  });

  it("treats an entry idle past idleMs as gone, and drops idle entries when writing", () => {
    const map = new IdleLruMap<string>(10);
    map.set("old", "x", 0, 100);
    map.set("new", "y", 50, 100);
    assert.equal(map.get("old", 100, 100), "x", "exactly idleMs is still alive");
    assert.equal(map.get("new", 151, 100), undefined);
    assert.equal(map.size, 1);
    map.set("other", "z", 500, 100);
    assert.deepEqual(map.entries(500, 100).map((entry) => entry.key), ["other"]);
  });

  it("lists live entries most recent first, and refuses a capacity below one", () => {
    const map = new IdleLruMap<number>(5);
    map.set("a", 1, 0, 1_000);
    map.set("b", 2, 10, 1_000);
    map.get("a", 20, 1_000);
    assert.deepEqual(map.entries(30, 1_000).map((entry) => [entry.key, entry.usedAt]), [["a", 20], ["b", 10]]);
    assert.throws(() => new IdleLruMap(0), RangeError);
  });

  it("stays within capacity under many distinct keys", () => {
    const map = new IdleLruMap<number>(100);
    for (let index = 0; index < 10_000; index++) map.set(`k${index}`, index, index, 1_000_000);
    assert.equal(map.size, 100);
    assert.equal(map.peek("k9999", 10_000, 1_000_000), 9999);
    assert.equal(map.peek("k9899", 10_000, 1_000_000), undefined);
  });
});
