/**
 * Quota per account: the windows an upstream revealed (`QuotaPort.observe`, source "upstream") beside the ones
 * the user declared and omniroute counts itself (source "local"), read by `/api/quota`, `/api/usage/[connectionId]`
 * and the dashboard — and the router effect: an account with a window spent (or with less than its
 * `quotaReservePercent` left) is held until that window resets, through the engine's cooldown book, so no request
 * is sent to it in between and the first one after the reset goes through.
 *
 * "Used" is always what was used: every view carries `used`/`usedPercent` and, where both ends are known,
 * `remaining`, computed from them, never the other way round. A spent window reads 100 % used until it resets.
 */
import type { QuotaPort, QuotaWindow, UsageRow } from "../../../../open-sse/src/ports";
import type { ConfigDocument, StoredQuotaWindow } from "../config-db/config-db-schema";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { accountKey, LocalQuotaCounters, type ConfiguredAccount } from "./local-quota-counters";
import { UpstreamQuotaBook } from "./upstream-quota-book";

export interface QuotaWindowView {
  name: string;
  used: number | null;
  limit: number | null;
  /** 0–100; null when neither the upstream nor a declared limit says. */
  usedPercent: number | null;
  /** `limit − used` (never below 0), when both are known. */
  remaining: number | null;
  unit: "requests" | "tokens" | "percent";
  /** Epoch ms; null: unknown (or, for a rolling window, none open). */
  resetsAt: number | null;
  source: "upstream" | "local";
  /** At or past 100 % used, with a reset still ahead. */
  exhausted: boolean;
  /** local: the declared kind (`rolling-5h`, `daily`, `weekly`, `monthly`). */
  kind?: StoredQuotaWindow["kind"];
  /** upstream: when the reading was taken (epoch ms). */
  observedAt?: number;
  /** upstream: a model-only window (holds back one model, not the account). */
  scope?: "account" | "model";
}

export interface AccountQuota {
  /** `<provider>:<accountId>`. */
  connectionId: string;
  provider: string;
  accountId: string;
  /** Null for an account no longer configured (its upstream readings are still shown). */
  accountName: string | null;
  /** Stop using the account once this percent of a window is left (`accounts[].quotaReservePercent`). */
  reservePercent: number;
  windows: QuotaWindowView[];
  /** Epoch ms the router holds the account until (a spent window's reset); null: not held for quota. */
  heldUntil: number | null;
}

/** The engine's cooldown book (`gateway.resilience.cooldowns`), as the quota watcher uses it. */
export interface QuotaHoldTarget {
  /** Holds the account until exactly `until` (no backoff, no cap but a month); a later existing entry wins. */
  holdUntil(request: { providerId: string; accountId: string; until: number; reason: string }): unknown;
  /**
   * Ends a hold early (the window has room again: a raised limit, a fresh reading): only the entry this watcher
   * wrote — same reason and same `until` — so no cooldown the engine set itself is lifted. Absent: holds end at
   * their time only (see the report for the engine method).
   */
  releaseHold?(request: { providerId: string; accountId: string; until: number; reason: string }): unknown;
}

export interface QuotaService extends QuotaPort {
  /** Counts one recorded usage row (the usage sink calls it off the request path). Never throws. */
  countRow(row: UsageRow): void;
  /** Every configured account and every account an upstream reported on. */
  accounts(): AccountQuota[];
  /** One account by `provider` and account id (or name); undefined when neither configured nor observed. */
  account(provider: string, accountRef: string): AccountQuota | undefined;
  /** From now on, holds spent accounts in the router (the gateway's `resilience.cooldowns`). */
  attachRouter(target: QuotaHoldTarget): void;
  /** Re-reads the declared windows and counts new ones from SQLite; resolves when they are counted. */
  refresh(): Promise<void>;
  close(): void;
}

export interface QuotaServiceOptions {
  db: SqliteDatabase;
  readDocument: () => ConfigDocument;
  now?: () => number;
  /** Writes queued usage rows, so a window's first count from SQLite misses none (the usage sink's flush). */
  flushUsage?: () => Promise<void>;
  onError?: (error: Error) => void;
  /** How often the config is re-read and holds re-checked; false: never on a timer (tests). Default 15 s. */
  intervalMs?: number | false;
}

export const QUOTA_HOLD_REASON = "quota";

export function createQuotaService(options: QuotaServiceOptions): QuotaService {
  const now = options.now ?? Date.now;
  const counters = new LocalQuotaCounters(options.db, now);
  const upstream = new UpstreamQuotaBook(now);
  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A throwing error handler must not break quota tracking.
    }
  };
  let router: QuotaHoldTarget | undefined;
  /** Holds this service placed: account key → until. */
  const placed = new Map<string, number>();
  let configuredFrom: ConfigDocument["providers"] | undefined;
  let accountsIndex = new Map<string, { provider: string; accountId: string; accountName: string; reservePercent: number }>();
  let seeding: Promise<void> = Promise.resolve();

  /** Re-reads the declared windows when the providers changed; new windows are seeded after a usage flush. */
  function syncConfig(): void {
    const providers = options.readDocument().providers;
    if (providers === configuredFrom) return;
    configuredFrom = providers;
    const configured: ConfiguredAccount[] = [];
    const index = new Map<string, { provider: string; accountId: string; accountName: string; reservePercent: number }>();
    for (const provider of providers) {
      for (const account of provider.accounts) {
        index.set(accountKey(provider.id, account.id), {
          provider: provider.id,
          accountId: account.id,
          accountName: account.name,
          reservePercent: account.quotaReservePercent ?? 0,
        });
        configured.push({ provider: provider.id, accountId: account.id, accountName: account.name, windows: account.quotaWindows ?? [] });
      }
    }
    accountsIndex = index;
    const toSeed = counters.configure(configured);
    if (toSeed.length === 0) return;
    seeding = seeding
      .then(async () => {
        try {
          await options.flushUsage?.();
        } catch (error) {
          // Rows still queued are missed by this count (at most a flush interval's worth); say so, go on.
          report(new Error(`quota: usage rows not flushed before counting: ${messageOf(error)}`));
        }
        // Synchronous from here: no row can be recorded between the flush and the count.
        for (const key of toSeed) counters.seed(key);
        evaluateAll();
      })
      .catch(report);
  }

  function viewsOf(provider: string, accountId: string): QuotaWindowView[] {
    const at = now();
    const views: QuotaWindowView[] = [];
    for (const reading of upstream.read(provider, accountId)) {
      views.push({
        name: reading.name,
        used: reading.used,
        limit: reading.limit,
        usedPercent: reading.usedPercent,
        remaining: remainingOf(reading.used, reading.limit),
        unit: reading.unit,
        resetsAt: reading.resetsAt,
        source: "upstream",
        exhausted: isSpent(reading.usedPercent, reading.resetsAt, at),
        observedAt: reading.observedAt,
        ...(reading.scope !== undefined ? { scope: reading.scope } : {}),
      });
    }
    for (const reading of counters.read(provider, accountId)) {
      const used = reading.seeded ? reading.used : null;
      const usedPercent = used === null || reading.limit === null ? null : percentOf(used, reading.limit);
      views.push({
        name: reading.name,
        used,
        limit: reading.limit,
        usedPercent,
        remaining: remainingOf(used, reading.limit),
        unit: reading.unit,
        resetsAt: reading.resetsAt,
        source: "local",
        exhausted: isSpent(usedPercent, reading.resetsAt, at),
        kind: reading.kind,
      });
    }
    return views;
  }

  /** Holds the account until the latest reset among its windows at or past the reserve line; releases it otherwise. */
  function evaluate(key: string, provider: string, accountId: string): void {
    if (router === undefined) return;
    const reservePercent = accountsIndex.get(key)?.reservePercent ?? 0;
    const threshold = 100 - reservePercent;
    const at = now();
    let until: number | undefined;
    for (const view of viewsOf(provider, accountId)) {
      if (view.scope === "model") continue;
      if (view.usedPercent === null || view.usedPercent < threshold) continue;
      if (view.resetsAt === null || view.resetsAt <= at) continue;
      until = Math.max(until ?? 0, view.resetsAt);
    }
    const current = placed.get(key);
    try {
      if (until === undefined) {
        if (current !== undefined) {
          placed.delete(key);
          if (current > at) router.releaseHold?.({ providerId: provider, accountId, until: current, reason: QUOTA_HOLD_REASON });
        }
      } else if (current !== until) {
        // A hold placed for an earlier reset is lifted first: the cooldown book never shortens an entry itself.
        if (current !== undefined && current > until) router.releaseHold?.({ providerId: provider, accountId, until: current, reason: QUOTA_HOLD_REASON });
        placed.set(key, until);
        router.holdUntil({ providerId: provider, accountId, until, reason: QUOTA_HOLD_REASON });
      }
    } catch (error) {
      report(new Error(`quota: router hold failed for ${provider}:${accountId}: ${messageOf(error)}`));
    }
  }

  function evaluateAll(): void {
    if (router === undefined) return;
    const seen = new Set<string>();
    const each = (provider: string, accountId: string) => {
      const key = accountKey(provider, accountId);
      if (seen.has(key)) return;
      seen.add(key);
      evaluate(key, provider, accountId);
    };
    for (const account of counters.keys()) each(account.provider, account.accountId);
    for (const [provider, accountId] of upstream.accountsObserved()) each(provider, accountId);
    for (const key of [...placed.keys()]) {
      if (seen.has(key)) continue;
      const separator = key.indexOf("\u0000");
      each(key.slice(0, separator), key.slice(separator + 1));
    }
  }

  function accountView(provider: string, accountId: string): AccountQuota {
    const key = accountKey(provider, accountId);
    const configured = accountsIndex.get(key);
    const held = placed.get(key);
    return {
      connectionId: `${provider}:${accountId}`,
      provider,
      accountId,
      accountName: configured?.accountName ?? null,
      reservePercent: configured?.reservePercent ?? 0,
      windows: viewsOf(provider, accountId),
      heldUntil: held !== undefined && held > now() ? held : null,
    };
  }

  try {
    syncConfig();
  } catch (error) {
    report(error);
  }
  const timer =
    options.intervalMs === false
      ? undefined
      : setInterval(() => {
          try {
            syncConfig();
            evaluateAll();
          } catch (error) {
            report(error);
          }
        }, options.intervalMs ?? 15_000);
  timer?.unref();

  return {
    observe(providerId: string, accountId: string, windows: readonly QuotaWindow[]) {
      try {
        const key = upstream.observe(providerId, accountId, windows);
        if (key !== undefined) evaluate(key, providerId, accountId);
      } catch (error) {
        report(error);
      }
    },
    countRow(row) {
      try {
        if (row.provider !== null && row.account !== null) syncConfig();
        const key = counters.count(row);
        if (key === undefined) return;
        const account = accountsIndex.get(key);
        if (account !== undefined) evaluate(key, account.provider, account.accountId);
      } catch (error) {
        report(error);
      }
    },
    accounts() {
      syncConfig();
      const result: AccountQuota[] = [];
      const seen = new Set<string>();
      for (const [key, account] of accountsIndex) {
        seen.add(key);
        result.push(accountView(account.provider, account.accountId));
      }
      for (const [provider, accountId] of upstream.accountsObserved()) {
        if (!seen.has(accountKey(provider, accountId))) result.push(accountView(provider, accountId));
      }
      return result;
    },
    account(provider, accountRef) {
      syncConfig();
      if (accountsIndex.has(accountKey(provider, accountRef))) return accountView(provider, accountRef);
      for (const account of accountsIndex.values()) {
        if (account.provider === provider && account.accountName === accountRef) return accountView(provider, account.accountId);
      }
      const observed = upstream.accountsObserved().some(([observedProvider, accountId]) => observedProvider === provider && accountId === accountRef);
      return observed ? accountView(provider, accountRef) : undefined;
    },
    attachRouter(target) {
      router = target;
      placed.clear();
      evaluateAll();
    },
    async refresh() {
      syncConfig();
      await seeding;
    },
    close() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}

function percentOf(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.min(100, Math.round((used / limit) * 10_000) / 100);
}

function remainingOf(used: number | null, limit: number | null): number | null {
  return used === null || limit === null ? null : Math.max(0, limit - used);
}

function isSpent(usedPercent: number | null, resetsAt: number | null, now: number): boolean {
  return usedPercent !== null && usedPercent >= 100 && (resetsAt === null || resetsAt > now);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
