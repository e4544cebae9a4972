/**
 * When a declared quota window started and when it resets, from its kind and the clock alone. Everything is
 * UTC (no daylight-saving jumps): a "daily at 07:00" window resets at 07:00 UTC every day.
 *
 * - `daily`: at `resetHour` (default 0) every day.
 * - `weekly`: on `resetWeekday` (0 = Sunday … 6 = Saturday; default 1, Monday) at `resetHour`.
 * - `monthly`: on `resetDay` (1–28; default 1) at `resetHour`.
 * - `rolling-5h`: not a calendar window. Like Claude's and Codex's own 5-hour limits, a window opens with the
 *   first request after the previous one ended and lasts 5 hours; then everything it counted is released at
 *   once (local-quota-counters.ts keeps that state).
 */
import type { StoredQuotaWindow } from "../config-db/config-db-schema";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const ROLLING_WINDOW_MS = 5 * HOUR_MS;
export const DEFAULT_RESET_WEEKDAY = 1;

export interface QuotaPeriod {
  /** Epoch ms the current window started (inclusive). */
  startsAt: number;
  /** Epoch ms it resets (exclusive end). */
  resetsAt: number;
}

type CalendarKind = Exclude<StoredQuotaWindow["kind"], "rolling-5h">;
export type CalendarWindow = Pick<StoredQuotaWindow, "resetHour" | "resetWeekday" | "resetDay"> & { kind: CalendarKind };

/** The calendar window (daily, weekly, monthly) that contains `now`. */
export function calendarPeriodOf(window: CalendarWindow, now: number): QuotaPeriod {
  const hour = window.resetHour ?? 0;
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  switch (window.kind) {
    case "daily": {
      let startsAt = Date.UTC(year, month, day, hour);
      if (startsAt > now) startsAt -= DAY_MS;
      return { startsAt, resetsAt: startsAt + DAY_MS };
    }
    case "weekly": {
      const weekday = window.resetWeekday ?? DEFAULT_RESET_WEEKDAY;
      const daysBack = (date.getUTCDay() - weekday + 7) % 7;
      let startsAt = Date.UTC(year, month, day - daysBack, hour);
      if (startsAt > now) startsAt -= 7 * DAY_MS;
      return { startsAt, resetsAt: startsAt + 7 * DAY_MS };
    }
    case "monthly": {
      const resetDay = Math.min(Math.max(window.resetDay ?? 1, 1), 28);
      let startsAt = Date.UTC(year, month, resetDay, hour);
      let resetsAt = Date.UTC(year, month + 1, resetDay, hour);
      if (startsAt > now) {
        resetsAt = startsAt;
        startsAt = Date.UTC(year, month - 1, resetDay, hour);
      }
      return { startsAt, resetsAt };
    }
  }
}
