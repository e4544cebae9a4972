import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SingleFlight, singleFlight } from "./single-flight";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolveWith, rejectWith) => {
    resolve = resolveWith;
    reject = rejectWith;
  });
  return { promise, resolve, reject };
}

describe("SingleFlight", () => {
  it("shares one in-flight promise among concurrent callers with the same key", async () => {
    const group = new SingleFlight();
    const gate = deferred<string>();
    let calls = 0;
    const work = () => {
      calls += 1;
      return gate.promise;
    };
    const callers = Array.from({ length: 50 }, () => group.run("refresh:cc/a1", work));
    const other = group.run("refresh:cc/a2", async () => "other");
    assert.equal(calls, 1);
    gate.resolve("token");
    assert.deepEqual(await Promise.all(callers), Array(50).fill("token"));
    assert.equal(await other, "other");
    assert.equal(group.size, 0);
  });

  it("shares a rejection, including a synchronous throw, and frees the slot after settling", async () => {
    const group = new SingleFlight();
    const gate = deferred<number>();
    const first = group.run("k", () => gate.promise);
    const second = group.run("k", () => Promise.resolve(2));
    gate.reject(new Error("refresh failed"));
    await assert.rejects(first, /refresh failed/);
    await assert.rejects(second, /refresh failed/);
    assert.equal(group.isInFlight("k"), false);
    assert.equal(await group.run("k", () => 3), 3);
    const thrown = group.run("s", () => {
      throw new Error("sync");
    });
    const joined = group.run("s", () => 4);
    await assert.rejects(thrown, /sync/);
    await assert.rejects(joined, /sync/);
    assert.equal(group.size, 0);
  });

  it("has a process-wide helper", async () => {
    assert.equal(await singleFlight("x", async () => 1), 1);
  });
});
