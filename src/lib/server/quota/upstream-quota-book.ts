/**
 * The latest quota windows each account's upstream revealed (rate-limit headers, usage endpoints), through the
 * engine's `QuotaPort.observe`. Per account, a window is replaced by the next reading of the same name; other
 * windows stay (one Claude answer carries its 5-hour and weekly windows, another may carry only one).
 *
 * Readings are checked, never trusted: a percent outside 0–100 is clamped (above 100 is spent: 100), negative or
 * non-finite numbers are dropped. A window whose reset has passed reads as released (0 % used, reset unknown)
 * until the upstream says more: the provider reset it.
 */
import type { QuotaWindow } from "../../../../open-sse/src/ports";
import { accountKey } from "./local-quota-counters";

export interface UpstreamWindowReading extends QuotaWindow {
  /** Epoch ms of the answer that revealed it. */
  observedAt: number;
  /** True once `resetsAt` has passed: the figures are the released window's, not a reading. */
  released: boolean;
  /** What an exhausted window holds back; absent: the whole account. */
  scope?: "account" | "model";
}

/** At most this many windows per account (a provider could name a window per model). */
const MAX_WINDOWS_PER_ACCOUNT = 32;
/** At most this many accounts (bounded whatever the engine reports). */
const MAX_ACCOUNTS = 10_000;
const MAX_NAME_LENGTH = 100;

export class UpstreamQuotaBook {
  private readonly accounts = new Map<string, Map<string, UpstreamWindowReading>>();

  constructor(private readonly now: () => number) {}

  /** Stores valid windows; returns the account key when anything was stored. */
  observe(provider: string, accountId: string, windows: readonly QuotaWindow[]): string | undefined {
    if (typeof provider !== "string" || typeof accountId !== "string" || !Array.isArray(windows)) return undefined;
    const key = accountKey(provider, accountId);
    let book = this.accounts.get(key);
    const observedAt = this.now();
    let stored = false;
    for (const window of windows) {
      const reading = validReading(window, observedAt);
      if (reading === undefined) continue;
      if (book === undefined) {
        if (this.accounts.size >= MAX_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value!);
        book = new Map();
        this.accounts.set(key, book);
      }
      if (!book.has(reading.name) && book.size >= MAX_WINDOWS_PER_ACCOUNT) book.delete(book.keys().next().value!);
      book.set(reading.name, reading);
      stored = true;
    }
    return stored ? key : undefined;
  }

  read(provider: string, accountId: string): UpstreamWindowReading[] {
    const book = this.accounts.get(accountKey(provider, accountId));
    if (book === undefined) return [];
    const now = this.now();
    return [...book.values()].map((reading) => (reading.resetsAt !== null && reading.resetsAt <= now ? released(reading) : reading));
  }

  /** Accounts with any reading: `[provider, accountId]`. */
  accountsObserved(): [string, string][] {
    return [...this.accounts.keys()].map((key) => {
      const separator = key.indexOf("\u0000");
      return [key.slice(0, separator), key.slice(separator + 1)];
    });
  }
}

function validReading(window: QuotaWindow, observedAt: number): UpstreamWindowReading | undefined {
  if (typeof window !== "object" || window === null) return undefined;
  if (typeof window.name !== "string" || window.name.trim() === "") return undefined;
  if (window.unit !== "requests" && window.unit !== "tokens" && window.unit !== "percent") return undefined;
  const used = countOrNull(window.used);
  const limit = countOrNull(window.limit);
  let usedPercent = percentOrNull(window.usedPercent);
  // A count reading without a percent: the percent follows from it (never from "left").
  if (usedPercent === null && used !== null && limit !== null && limit > 0) usedPercent = Math.min(100, Math.round((used / limit) * 10_000) / 100);
  if (usedPercent === null && used === null) return undefined;
  const resetsAt = typeof window.resetsAt === "number" && Number.isFinite(window.resetsAt) && window.resetsAt > 0 ? window.resetsAt : null;
  const scope = (window as { scope?: unknown }).scope;
  return {
    name: window.name.trim().slice(0, MAX_NAME_LENGTH),
    usedPercent,
    used,
    limit,
    unit: window.unit,
    resetsAt,
    observedAt,
    released: false,
    ...(scope === "model" || scope === "account" ? { scope } : {}),
  };
}

function released(reading: UpstreamWindowReading): UpstreamWindowReading {
  return {
    ...reading,
    usedPercent: 0,
    used: reading.used === null ? null : 0,
    resetsAt: null,
    released: true,
  };
}

function countOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function percentOrNull(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null;
  return Math.min(100, value);
}
