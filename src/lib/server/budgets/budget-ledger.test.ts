import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BudgetReservationRequest, BudgetVerdict } from "../../../../open-sse/src/ports";
import type { StoredKeyBudget } from "../config-db/config-db-schema";
import { BudgetLedger } from "./budget-ledger";

const NOV_30_NOON = Date.UTC(2026, 10, 30, 12);

function setup(budget: StoredKeyBudget | undefined, options: { estimate?: number; spent?: number } = {}) {
  let clock = NOV_30_NOON;
  const events: string[] = [];
  const ledger = new BudgetLedger({
    budgetOf: (keyId) => (keyId === "k1" ? { name: "laptop", budget } : undefined),
    loadSpend: () => options.spent ?? 0,
    estimate: () => options.estimate ?? 0.05,
    now: () => clock,
    onEvent: (event) => events.push(`${event.kind}:${event.period}`),
  });
  const request = (index: number): BudgetReservationRequest => ({
    keyId: "k1",
    requestId: `r${index}`,
    targets: [{ provider: "openai", model: "gpt-4o" }],
    bodyBytes: 100,
    maxOutputTokens: null,
  });
  return { ledger, request, events, advance: (ms: number) => (clock += ms), now: () => clock };
}

const granted = (verdict: BudgetVerdict) => (verdict.ok ? verdict.reservationId : assert.fail(`refused: ${verdict.ok ? "" : verdict.message}`));

describe("BudgetLedger", () => {
  it("holds under 50 concurrent requests: reservations stop admission once spend + in-flight estimates reach the limit", () => {
    const { ledger, request, now } = setup({ dailyUsd: 1, monthlyUsd: null, warnAtPercent: null }, { estimate: 0.05 });
    // 50 requests arrive before any finishes: each reserves its $0.05 estimate.
    const verdicts = Array.from({ length: 50 }, (_, index) => ledger.reserve(request(index)));
    const admitted = verdicts.filter((verdict) => verdict.ok);
    assert.equal(admitted.length, 20, "$1 / $0.05: exactly 20 fit");
    assert.equal(ledger.reservationCount, 20);
    const refused = verdicts.find((verdict) => !verdict.ok);
    assert.ok(refused && !refused.ok);
    assert.equal(refused.period, "daily");
    assert.equal(refused.resetsAt, Date.UTC(2026, 11, 1));
    assert.equal(refused.retryAfterSeconds, 12 * 3600);
    assert.match(refused.message, /daily budget of API key 'laptop' is used up: \$0\.00 spent and \$1\.00 reserved/);
    assert.match(refused.message, /resets at 2026-12-01T00:00:00\.000Z/);

    // Each admitted request really cost $0.06 (20% over its estimate): the overshoot is bounded by that error.
    for (const verdict of admitted) ledger.settle(verdict.ok ? verdict.reservationId : null, "k1", now(), 0.06);
    assert.equal(ledger.reservationCount, 0);
    const [daily] = ledger.status("k1");
    assert.ok(Math.abs(daily!.spentUsd - 1.2) < 1e-9, `spent ${daily!.spentUsd}`);
    assert.ok(daily!.spentUsd - 1 <= 20 * (0.06 - 0.05) + 1e-9, "overshoot ≤ in-flight estimate error");
    assert.equal(ledger.reserve(request(99)).ok, false, "at the limit: refused before any upstream call");
  });

  it("admits again when settled costs come in under the estimates", () => {
    const { ledger, request, now } = setup({ dailyUsd: 1, monthlyUsd: null, warnAtPercent: null }, { estimate: 0.25 });
    const first = [0, 1, 2, 3].map((index) => granted(ledger.reserve(request(index))));
    assert.equal(ledger.reserve(request(4)).ok, false, "4 × $0.25 reserved");
    ledger.settle(first[0], "k1", now(), 0.01);
    assert.equal(ledger.reserve(request(5)).ok, true, "the real cost freed the rest of the reservation");
  });

  it("counts recorded spend loaded from storage and resets on the next UTC day and month", () => {
    const { ledger, request, advance } = setup({ dailyUsd: 2, monthlyUsd: 10, warnAtPercent: null }, { spent: 2 });
    const refused = ledger.reserve(request(1));
    assert.ok(!refused.ok && refused.period === "daily");
    advance(12 * 3600_000); // 2026-12-01T00:00Z: a new day and a new month
    assert.equal(ledger.reserve(request(2)).ok, true);
    assert.deepEqual(ledger.status("k1").map((status) => [status.period, status.spentUsd]), [["daily", 0], ["monthly", 0]]);
  });

  it("refuses on the monthly limit with the month's reset time", () => {
    const { ledger, request, now } = setup({ dailyUsd: null, monthlyUsd: 5, warnAtPercent: null });
    ledger.settle(null, "k1", now(), 5);
    const verdict = ledger.reserve(request(1));
    assert.ok(!verdict.ok);
    assert.equal(verdict.period, "monthly");
    assert.equal(verdict.resetsAt, Date.UTC(2026, 11, 1));
  });

  it("warns past the threshold, on the verdict every time and in the log once per period", () => {
    const { ledger, request, now, events } = setup({ dailyUsd: 10, monthlyUsd: null, warnAtPercent: 80 }, { estimate: 0 });
    assert.equal((ledger.reserve(request(1)) as { warning?: string }).warning, undefined);
    ledger.settle(null, "k1", now(), 8.5);
    const warned = ledger.reserve(request(2));
    assert.ok(warned.ok);
    assert.match(warned.warning ?? "", /'laptop' has used \$8\.50 of its \$10\.00 daily budget \(warning at 80%\)/);
    assert.ok(ledger.reserve(request(3)).ok);
    assert.deepEqual(events, ["warning:daily"]);
  });

  it("ignores keys without a budget, costs from another period, and unknown reservations", () => {
    const { ledger, request, now } = setup(undefined);
    assert.deepEqual(ledger.reserve(request(1)), { ok: true, reservationId: null });
    const limited = setup({ dailyUsd: 1, monthlyUsd: null, warnAtPercent: null });
    limited.ledger.settle("unknown#1", "k1", now() - 86_400_000, 5);
    assert.equal(limited.ledger.reserve(limited.request(1)).ok, true, "yesterday's cost does not count today");
  });

  it("drops a reservation that is never settled after its time to live", () => {
    const { ledger, request, advance } = setup({ dailyUsd: 1, monthlyUsd: null, warnAtPercent: null }, { estimate: 1 });
    granted(ledger.reserve(request(1)));
    assert.equal(ledger.reserve(request(2)).ok, false);
    advance(60 * 60_000);
    assert.equal(ledger.reserve(request(3)).ok, true);
  });
});
