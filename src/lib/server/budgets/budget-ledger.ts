/**
 * Spend per client key in the current UTC day and month, plus what its in-flight requests have reserved, in
 * memory. `reserve` (the engine's BudgetPort, before the first upstream call) refuses a key whose spend plus
 * reservations already reached a limit, and otherwise reserves the request's estimated cost; `settle` (the
 * usage sink, when the row is recorded) replaces the reservation with the real cost. Node runs both on one
 * thread, so concurrent requests see each other's reservations: the spend can pass a limit only by what the
 * requests admitted just below it cost beyond their estimates.
 */
import type { BudgetPeriod, BudgetReservationRequest, BudgetVerdict } from "../../../../open-sse/src/ports";
import type { StoredKeyBudget } from "../config-db/config-db-schema";
import { periodWindow, type PeriodWindow } from "./budget-periods";

export interface BudgetLedgerOptions {
  /** The key's budget and display name; undefined budget: the key has no limits. */
  budgetOf(keyId: string): { name: string; budget: StoredKeyBudget | undefined } | undefined;
  /** Spend recorded for the key from `sinceMs` on (SQLite: rollups + raw rows). Called once per key and process. */
  loadSpend(keyId: string, sinceMs: number): number;
  /** The request's estimated cost in USD (never negative). */
  estimate(request: BudgetReservationRequest): number;
  now?: () => number;
  /** A reservation never settled (a lost row) stops counting after this long. */
  reservationTtlMs?: number;
  /** Told when a key passes its warning threshold or is refused (once per key and period). */
  onEvent?: (event: { kind: "warning" | "refused"; keyId: string; period: BudgetPeriod; spentUsd: number; limitUsd: number }) => void;
}

interface KeySpend {
  day: PeriodWindow;
  daySpend: number;
  month: PeriodWindow;
  monthSpend: number;
  reserved: number;
  warned: Set<string>;
}

interface Reservation {
  keyId: string;
  amount: number;
  expiresAt: number;
}

export interface BudgetStatus {
  period: BudgetPeriod;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  resetsAt: number;
}

const DEFAULT_RESERVATION_TTL_MS = 60 * 60_000;

export class BudgetLedger {
  private readonly keys = new Map<string, KeySpend>();
  /** Insertion-ordered, so expired reservations are swept from the front. */
  private readonly reservations = new Map<string, Reservation>();
  private sequence = 0;
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(private readonly options: BudgetLedgerOptions) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  }

  reserve(request: BudgetReservationRequest): BudgetVerdict {
    const owner = this.options.budgetOf(request.keyId);
    const budget = owner?.budget;
    if (budget === undefined || !hasLimits(budget)) return { ok: true, reservationId: null };
    const now = this.now();
    this.sweep(now);
    const spend = this.spendOf(request.keyId, now);
    for (const [period, limit] of limitsOf(budget)) {
      const spent = period === "daily" ? spend.daySpend : spend.monthSpend;
      if (spent + spend.reserved >= limit) {
        const window = period === "daily" ? spend.day : spend.month;
        this.emit("refused", request.keyId, period, spent, limit, spend, window);
        return {
          ok: false,
          period,
          limitUsd: limit,
          spentUsd: spent,
          resetsAt: window.end,
          retryAfterSeconds: Math.max(1, Math.ceil((window.end - now) / 1000)),
          message:
            `The ${period} budget of API key '${owner?.name ?? request.keyId}' is used up: ${usd(spent)} spent` +
            `${spend.reserved > 0 ? ` and ${usd(spend.reserved)} reserved by requests in flight` : ""} of its ${usd(limit)} ` +
            `${period === "daily" ? "daily (UTC day)" : "monthly (UTC month)"} limit. It resets at ${new Date(window.end).toISOString()}.`,
        };
      }
    }
    const amount = Math.max(0, this.options.estimate(request));
    const reservationId = `${request.requestId}#${++this.sequence}`;
    this.reservations.set(reservationId, { keyId: request.keyId, amount, expiresAt: now + this.ttlMs });
    spend.reserved += amount;
    const warning = this.warningFor(request.keyId, owner?.name ?? request.keyId, budget, spend);
    return warning === undefined ? { ok: true, reservationId } : { ok: true, reservationId, warning };
  }

  /**
   * Ends a request's reservation (if it had one) and adds its real cost to the key's spend, in the period its
   * request started in. Called for every recorded row; only keys with a budget are tracked.
   */
  settle(reservationId: string | null | undefined, keyId: string | null | undefined, startedAt: number, costUsd: number | null): void {
    if (reservationId) this.release(reservationId);
    if (!keyId || costUsd === null || !(costUsd > 0)) return;
    if (!this.keys.has(keyId) && !hasLimits(this.options.budgetOf(keyId)?.budget)) return;
    const spend = this.spendOf(keyId, this.now());
    if (startedAt >= spend.day.start && startedAt < spend.day.end) spend.daySpend += costUsd;
    if (startedAt >= spend.month.start && startedAt < spend.month.end) spend.monthSpend += costUsd;
  }

  /** Current spend against each limit of the key (for the keys API and dashboards). */
  status(keyId: string): BudgetStatus[] {
    const budget = this.options.budgetOf(keyId)?.budget;
    if (budget === undefined) return [];
    const spend = this.spendOf(keyId, this.now());
    return limitsOf(budget).map(([period, limitUsd]) => ({
      period,
      limitUsd,
      spentUsd: period === "daily" ? spend.daySpend : spend.monthSpend,
      reservedUsd: spend.reserved,
      resetsAt: (period === "daily" ? spend.day : spend.month).end,
    }));
  }

  /**
   * Loads the recorded spend of these keys now (at start, before any request, so no row of theirs is still
   * queued unwritten); a key given a budget later is loaded on its first request.
   */
  preload(keyIds: readonly string[]): void {
    const now = this.now();
    for (const keyId of keyIds) if (hasLimits(this.options.budgetOf(keyId)?.budget)) this.spendOf(keyId, now);
  }

  get reservationCount(): number {
    return this.reservations.size;
  }

  private release(reservationId: string): void {
    const reservation = this.reservations.get(reservationId);
    if (reservation === undefined) return;
    this.reservations.delete(reservationId);
    const spend = this.keys.get(reservation.keyId);
    if (spend !== undefined) spend.reserved = Math.max(0, spend.reserved - reservation.amount);
  }

  private sweep(now: number): void {
    for (const [reservationId, reservation] of this.reservations) {
      if (reservation.expiresAt > now) break;
      this.release(reservationId);
    }
  }

  /** The key's spend in the current windows; loaded once from storage, then kept current by `settle`. */
  private spendOf(keyId: string, now: number): KeySpend {
    let spend = this.keys.get(keyId);
    if (spend === undefined) {
      const day = periodWindow("daily", now);
      const month = periodWindow("monthly", now);
      const monthSpend = this.options.loadSpend(keyId, month.start);
      const daySpend = this.options.loadSpend(keyId, day.start);
      spend = { day, daySpend, month, monthSpend, reserved: 0, warned: new Set() };
      this.keys.set(keyId, spend);
      return spend;
    }
    // A new UTC day or month starts from nothing; reservations in flight keep counting until they settle.
    if (now >= spend.day.end) {
      spend.day = periodWindow("daily", now);
      spend.daySpend = 0;
    }
    if (now >= spend.month.end) {
      spend.month = periodWindow("monthly", now);
      spend.monthSpend = 0;
    }
    return spend;
  }

  private warningFor(keyId: string, name: string, budget: StoredKeyBudget, spend: KeySpend): string | undefined {
    if (budget.warnAtPercent === null) return undefined;
    for (const [period, limit] of limitsOf(budget)) {
      const spent = period === "daily" ? spend.daySpend : spend.monthSpend;
      if (spent + spend.reserved >= (limit * budget.warnAtPercent) / 100) {
        this.emit("warning", keyId, period, spent, limit, spend, period === "daily" ? spend.day : spend.month);
        return `API key '${name}' has used ${usd(spent)} of its ${usd(limit)} ${period} budget (warning at ${budget.warnAtPercent}%).`;
      }
    }
    return undefined;
  }

  private emit(kind: "warning" | "refused", keyId: string, period: BudgetPeriod, spentUsd: number, limitUsd: number, spend: KeySpend, window: PeriodWindow): void {
    const marker = `${kind}:${period}:${window.start}`;
    if (spend.warned.has(marker)) return;
    spend.warned.add(marker);
    try {
      this.options.onEvent?.({ kind, keyId, period, spentUsd, limitUsd });
    } catch {
      // Reporting must never fail a request.
    }
  }
}

function hasLimits(budget: StoredKeyBudget | undefined): budget is StoredKeyBudget {
  return budget !== undefined && (budget.dailyUsd !== null || budget.monthlyUsd !== null);
}

function limitsOf(budget: StoredKeyBudget): [BudgetPeriod, number][] {
  const limits: [BudgetPeriod, number][] = [];
  if (budget.dailyUsd !== null) limits.push(["daily", budget.dailyUsd]);
  if (budget.monthlyUsd !== null) limits.push(["monthly", budget.monthlyUsd]);
  return limits;
}

function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2)}`;
}
