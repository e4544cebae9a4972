import type { BudgetPeriod } from "../../../../open-sse/src/ports";

/**
 * Budget periods are UTC calendar days and months: one fixed definition for every key, the same on every
 * machine, and the reset time can be stated exactly in the 429 answer.
 */
export interface PeriodWindow {
  /** Epoch ms of the period's first instant. */
  start: number;
  /** Epoch ms of the next period's first instant (when spend resets). */
  end: number;
}

export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const date = new Date(now);
  if (period === "daily") {
    const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    return { start, end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1) };
  }
  return { start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
}
