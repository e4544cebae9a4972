/**
 * Counts the quota windows users declare per account (`accounts[].quotaWindows`) from omniroute's own usage:
 * in memory, one counter per window, updated as each usage row is recorded (no I/O on the way). A window is
 * seeded once from SQLite — when it first appears (start-up, or a config change) — with one indexed query over
 * `usage (provider, account, started_at)`; from then on rows only add to it, and calendar windows roll over to
 * zero at their reset.
 *
 * What counts: every request an upstream answered (status ok, aborted or stream_error), on the account that
 * answered it, by when it started. Tokens are input + output as reported (input includes cache reads and writes).
 * Refused requests (status error) count nothing: the upstream did not serve them.
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { StoredQuotaWindow } from "../config-db/config-db-schema";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { calendarPeriodOf, DAY_MS, ROLLING_WINDOW_MS, type CalendarWindow, type QuotaPeriod } from "./quota-period";

export interface ConfiguredAccount {
  provider: string;
  accountId: string;
  /** Usage rows name the account by its name. */
  accountName: string;
  windows: readonly StoredQuotaWindow[];
}

/** One declared window as it stands now. */
export interface LocalWindowReading {
  name: string;
  kind: StoredQuotaWindow["kind"];
  unit: StoredQuotaWindow["unit"];
  used: number;
  limit: number | null;
  /** Epoch ms the current window started; null: a rolling window with none open. */
  startsAt: number | null;
  /** Epoch ms it resets; null: a rolling window with none open (the next request opens one). */
  resetsAt: number | null;
  /** False until the window's first count from SQLite is in (then `used` reads 0 and says nothing). */
  seeded: boolean;
}

interface WindowState {
  config: StoredQuotaWindow;
  /** Calendar: the current period; rolling: the open window, or null when none is open. */
  period: QuotaPeriod | null;
  requests: number;
  tokens: number;
  seeded: boolean;
}

interface AccountState {
  provider: string;
  accountId: string;
  accountName: string;
  windows: WindowState[];
}

/** How far back a rolling window's replay reads: long enough that a chain of windows lines up again. */
const ROLLING_REPLAY_MS = DAY_MS;
const ROLLING_REPLAY_MAX_ROWS = 500_000;

/** A request an upstream answered: what quota windows count. */
export function countsTowardQuota(row: Pick<UsageRow, "provider" | "account" | "status">): boolean {
  return row.provider !== null && row.account !== null && row.status !== "error";
}

export function tokensOf(row: Pick<UsageRow, "inputTokens" | "outputTokens">): number {
  return (row.inputTokens ?? 0) + (row.outputTokens ?? 0);
}

export class LocalQuotaCounters {
  private readonly accounts = new Map<string, AccountState>();
  /** provider + account name → account key, for usage rows. */
  private readonly byName = new Map<string, string>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /**
   * Replaces the declared windows. A window that is unchanged (same name, kind, unit and reset settings) keeps
   * its count; a new or changed one starts unseeded. Returns the keys of accounts with windows to seed.
   */
  configure(accounts: readonly ConfiguredAccount[]): string[] {
    const next = new Map<string, AccountState>();
    const needSeed: string[] = [];
    this.byName.clear();
    for (const account of accounts) {
      if (account.windows.length === 0) continue;
      const key = accountKey(account.provider, account.accountId);
      const previous = this.accounts.get(key);
      const sameName = previous?.accountName === account.accountName;
      const windows = account.windows.map((config): WindowState => {
        const kept = sameName ? previous?.windows.find((state) => sameWindow(state.config, config)) : undefined;
        // The limit may change freely: it is not part of what was counted.
        return kept === undefined ? { config, period: null, requests: 0, tokens: 0, seeded: false } : { ...kept, config };
      });
      if (windows.some((state) => !state.seeded)) needSeed.push(key);
      next.set(key, { provider: account.provider, accountId: account.accountId, accountName: account.accountName, windows });
      this.byName.set(accountKey(account.provider, account.accountName), key);
    }
    this.accounts.clear();
    for (const [key, state] of next) this.accounts.set(key, state);
    return needSeed;
  }

  /** Counts the account's unseeded windows from SQLite (synchronous: call it off the request path). */
  seed(key: string): void {
    const account = this.accounts.get(key);
    if (account === undefined) return;
    const now = this.now();
    for (const state of account.windows) {
      if (state.seeded) continue;
      if (state.config.kind === "rolling-5h") this.seedRolling(account, state, now);
      else this.seedCalendar(account, state, now);
      state.seeded = true;
    }
  }

  /** Adds one recorded usage row to its account's windows. O(windows of that account); never does I/O. */
  count(row: UsageRow): string | undefined {
    if (!countsTowardQuota(row)) return undefined;
    const key = this.byName.get(accountKey(row.provider!, row.account!));
    const account = key === undefined ? undefined : this.accounts.get(key);
    if (account === undefined) return undefined;
    const now = this.now();
    const tokens = tokensOf(row);
    for (const state of account.windows) {
      // Until seeded, SQLite's count (which will include this row once written) is the one that counts.
      if (!state.seeded) continue;
      if (state.config.kind === "rolling-5h") addRolling(state, row.startedAt, tokens);
      else {
        rollCalendar(state, now);
        if (state.period !== null && row.startedAt >= state.period.startsAt && row.startedAt < state.period.resetsAt) {
          state.requests += 1;
          state.tokens += tokens;
        }
      }
    }
    return key;
  }

  /** The account's declared windows now (calendar windows past their reset read as the new, empty window). */
  read(provider: string, accountId: string): LocalWindowReading[] {
    const account = this.accounts.get(accountKey(provider, accountId));
    if (account === undefined) return [];
    const now = this.now();
    return account.windows.map((state) => {
      let period = state.period;
      let used = state.config.unit === "tokens" ? state.tokens : state.requests;
      if (state.config.kind === "rolling-5h") {
        if (period !== null && now >= period.resetsAt) {
          period = null;
          used = 0;
        }
      } else {
        rollCalendar(state, now);
        period = state.period ?? calendarPeriodOf(state.config as CalendarWindow, now);
        used = state.config.unit === "tokens" ? state.tokens : state.requests;
      }
      return {
        name: state.config.name,
        kind: state.config.kind,
        unit: state.config.unit,
        used: state.seeded ? used : 0,
        limit: state.config.limit ?? null,
        startsAt: period?.startsAt ?? null,
        resetsAt: period?.resetsAt ?? null,
        seeded: state.seeded,
      };
    });
  }

  /** Every account with declared windows. */
  keys(): { key: string; provider: string; accountId: string }[] {
    return [...this.accounts.entries()].map(([key, account]) => ({ key, provider: account.provider, accountId: account.accountId }));
  }

  private seedCalendar(account: AccountState, state: WindowState, now: number): void {
    const period = calendarPeriodOf(state.config as CalendarWindow, now);
    const totals = this.db
      .prepare(
        `SELECT count(*) AS requests, coalesce(sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)), 0) AS tokens
         FROM usage WHERE provider = ? AND account = ? AND started_at >= ? AND started_at < ? AND status != 'error'`,
      )
      .get(account.provider, account.accountName, period.startsAt, period.resetsAt);
    state.period = period;
    state.requests = Number(totals?.requests ?? 0);
    state.tokens = Number(totals?.tokens ?? 0);
  }

  private seedRolling(account: AccountState, state: WindowState, now: number): void {
    const rows = this.db
      .prepare(
        `SELECT started_at, coalesce(input_tokens, 0) + coalesce(output_tokens, 0) AS tokens
         FROM usage WHERE provider = ? AND account = ? AND started_at >= ? AND status != 'error'
         ORDER BY started_at LIMIT ?`,
      )
      .all(account.provider, account.accountName, now - ROLLING_REPLAY_MS, ROLLING_REPLAY_MAX_ROWS);
    state.period = null;
    state.requests = 0;
    state.tokens = 0;
    for (const row of rows) addRolling(state, Number(row.started_at), Number(row.tokens));
  }
}

/** A rolling window: the first request after the open window ended opens the next one, 5 hours long. */
function addRolling(state: WindowState, startedAt: number, tokens: number): void {
  if (state.period === null || startedAt >= state.period.resetsAt) {
    state.period = { startsAt: startedAt, resetsAt: startedAt + ROLLING_WINDOW_MS };
    state.requests = 0;
    state.tokens = 0;
  } else if (startedAt < state.period.startsAt) {
    // Started before the open window: it belonged to one already released.
    return;
  }
  state.requests += 1;
  state.tokens += tokens;
}

/** A calendar window past its reset starts over at zero (it counted nothing of the new period yet). */
function rollCalendar(state: WindowState, now: number): void {
  if (state.period !== null && now < state.period.resetsAt) return;
  const next = calendarPeriodOf(state.config as CalendarWindow, now);
  if (state.period !== null && next.startsAt !== state.period.startsAt) {
    state.requests = 0;
    state.tokens = 0;
  }
  state.period = next;
}

function sameWindow(left: StoredQuotaWindow, right: StoredQuotaWindow): boolean {
  return (
    left.name === right.name &&
    left.kind === right.kind &&
    left.unit === right.unit &&
    left.resetHour === right.resetHour &&
    left.resetWeekday === right.resetWeekday &&
    left.resetDay === right.resetDay
  );
}

export function accountKey(provider: string, account: string): string {
  return `${provider}\u0000${account}`;
}
