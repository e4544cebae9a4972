import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCompact, formatLatency, formatPercent, formatUsd, formatUtcTime } from "./format-usage";

describe("usage formatting", () => {
  it("prints dollars with enough digits for tiny requests", () => {
    assert.equal(formatUsd(0), "$0.00");
    assert.equal(formatUsd(1234.567), "$1,234.57");
    assert.equal(formatUsd(0.0421), "$0.042");
    assert.equal(formatUsd(0.00042), "$0.0004");
    assert.equal(formatUsd(0.00001), "<$0.0001");
  });

  it("prints counts, shares, latencies and times the same on every machine", () => {
    assert.equal(formatCompact(1_520_000), "1.5M");
    assert.equal(formatPercent(0.125), "13%");
    assert.equal(formatPercent(0.051), "5.1%");
    assert.equal(formatPercent(0.0996), "10%", "rounding up to 10 does not print a decimal");
    assert.equal(formatPercent(0.03), "3%");
    assert.equal(formatPercent(0), "0%");
    assert.equal(formatLatency(850.4), "850 ms");
    assert.equal(formatLatency(12_400), "12.4 s");
    assert.equal(formatUtcTime(Date.UTC(2026, 10, 30, 14, 5, 9)), "2026-11-30 14:05:09 UTC");
  });
});
