import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countTextTokens, countTextTokensHere } from "./token-counter";

describe("countTextTokens", () => {
  it("counts on the worker exactly as on this thread, for many counts at once", async () => {
    const texts = Array.from({ length: 20 }, (_, index) => [`Hello, world! ${index}`, "function add(a, b) { return a + b; }".repeat(index + 1)]);
    const counted = await Promise.all(texts.map((pieces) => countTextTokens(pieces)));
    assert.deepEqual(counted, texts.map((pieces) => countTextTokensHere(pieces)));
    assert.equal(await countTextTokens([]), 0);
  });

  it("keeps the event loop free while it counts a long prompt", async () => {
    await countTextTokens(["warm up: the worker has its tables"]);
    // ~1.5 MB of varied text: tens of milliseconds of BPE, which would stall every stream on this thread.
    const words = ["const", "value", "=", "await", "fetch(url);", "// comment", "if", "(ready)", "{", "return", "}", "naïve", "日本語"];
    const prompt = Array.from({ length: 250_000 }, (_, index) => words[(index * 7) % words.length]).join(" ");
    let longestGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 2);
    const started = performance.now();
    const total = await countTextTokens([prompt]);
    const elapsedMs = performance.now() - started;
    clearInterval(ticker);
    assert.ok(total > 100_000, String(total));
    // The count itself took a while; the loop never waited for it.
    assert.ok(longestGapMs < Math.max(40, elapsedMs / 2), `longest event-loop gap ${longestGapMs.toFixed(1)} ms while counting took ${elapsedMs.toFixed(1)} ms`);
  });
});
