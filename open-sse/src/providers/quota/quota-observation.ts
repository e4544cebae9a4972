import type { IncomingHttpHeaders } from "node:http";
import type { QuotaWindow } from "../../ports";

/**
 * A quota window as one upstream answer revealed it. Beyond the port's `QuotaWindow` it says what a spent window
 * holds back: the whole account (Claude's 5-hour and weekly windows, Codex's plan windows), or only the model just
 * called (Gemini Code Assist's per-model daily quota, Claude's per-model weekly caps). The scope never reaches the
 * host; `toQuotaWindow` drops it.
 */
export interface QuotaObservation extends QuotaWindow {
  /** Absent: the account. */
  scope?: "account" | "model";
}

/** Spent: at (or past) 100 % used, with a reset still ahead. A window without a reset time holds nothing. */
export function isExhausted(window: QuotaWindow, now: number): boolean {
  return window.usedPercent !== null && window.usedPercent >= 100 && window.resetsAt !== null && window.resetsAt > now;
}

/** What a quota-exhausted answer holds back, and until when exactly: the latest reset among the spent windows. */
export interface QuotaHold {
  account?: number;
  model?: number;
}

export function quotaHoldOf(observations: readonly QuotaObservation[], now: number): QuotaHold {
  const hold: QuotaHold = {};
  for (const observation of observations) {
    if (!isExhausted(observation, now)) continue;
    const scope = observation.scope ?? "account";
    hold[scope] = Math.max(hold[scope] ?? 0, observation.resetsAt!);
  }
  return hold;
}

/** The port's shape, without the engine-only scope. */
export function toQuotaWindow(observation: QuotaObservation): QuotaWindow {
  return {
    name: observation.name,
    usedPercent: observation.usedPercent,
    used: observation.used,
    limit: observation.limit,
    unit: observation.unit,
    resetsAt: observation.resetsAt,
  };
}

/** A percentage window: used/limit in percent too, so a reader of either field sees the same figure. */
export function percentWindow(name: string, usedPercent: number | null, resetsAt: number | null, scope?: "account" | "model"): QuotaObservation {
  return {
    name,
    usedPercent,
    used: usedPercent,
    limit: usedPercent === null ? null : 100,
    unit: "percent",
    resetsAt,
    ...(scope === "model" ? { scope } : {}),
  };
}

/** 0–100, two decimals; NaN and negatives are not a reading. Above 100 (an overrun) reads as 100: spent. */
export function clampPercent(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return Math.min(100, Math.round(value * 100) / 100);
}

/** The first value of a header (Node joins most repeats, but `set-cookie`-style arrays exist). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return undefined;
  const trimmed = first.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A plain decimal number; anything else (units, words) is not one. */
export function numberValue(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * An absolute reset time: epoch seconds (what Anthropic and Codex send; fractions allowed), epoch milliseconds
 * (13+ digits), or an ISO-8601 / HTTP date. Undefined for anything else or a time at or before the epoch.
 */
export function epochMillis(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  const numeric = typeof text === "number" ? text : numberValue(text);
  if (numeric !== undefined) {
    if (!Number.isFinite(numeric) || numeric <= 0) return undefined;
    return Math.round(numeric >= 1e12 ? numeric : numeric * 1000);
  }
  if (typeof text !== "string") return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) || parsed <= 0 ? undefined : parsed;
}
