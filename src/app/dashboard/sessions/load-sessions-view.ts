/**
 * The Sessions page's data: the engine's live session table (in memory) and, per session, what its requests
 * cost — summed from the usage rows that carry the session's fingerprint (an indexed read per page, not per row).
 */
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import type { SqliteDatabase } from "@/lib/server/sqlite/sqlite-database";
import type { SessionView } from "../../../../open-sse/src/routing/session-table";

const PAGE_LIMIT = 200;

export interface SessionRow extends SessionView {
  /** Recorded cost of the session's requests; null when none is recorded (yet). */
  costUsd: number | null;
}

export type SessionsView = { isAttached: false } | { isAttached: true; sessions: SessionRow[]; total: number; capacity: number; idleMs: number; now: number };

export function loadSessionsView(now = Date.now()): SessionsView {
  const runtime = findHostRuntime();
  const resilience = runtime?.resilience;
  if (runtime === undefined || resilience === undefined) return { isAttached: false };
  const idleMs = runtime.configStore.getSnapshot().settings.sessionIdleMs;
  const listing = resilience.sessions.list({ limit: PAGE_LIMIT, ...(idleMs !== undefined ? { idleMs } : {}) });
  const costs = sessionCosts(runtime.sqlite, listing.sessions);
  return {
    isAttached: true,
    sessions: listing.sessions.map((session) => ({ ...session, costUsd: costs.get(session.fingerprint) ?? null })),
    total: listing.total,
    capacity: listing.capacity,
    idleMs: listing.idleMs,
    now,
  };
}

/** Cost per fingerprint, over the usage rows since the oldest listed session began (usage_session_started_at index). */
export function sessionCosts(db: SqliteDatabase, sessions: readonly SessionView[]): Map<string, number> {
  const costs = new Map<string, number>();
  if (sessions.length === 0) return costs;
  const since = Math.min(...sessions.map((session) => session.firstSeenAt)) - 60_000;
  const placeholders = sessions.map(() => "?").join(", ");
  const records = db
    .prepare(`SELECT session_key, total(cost_usd) AS cost, count(cost_usd) AS priced FROM usage WHERE session_key IN (${placeholders}) AND started_at >= ? GROUP BY session_key`)
    .all(...sessions.map((session) => session.fingerprint), since);
  for (const record of records) {
    if (Number(record.priced) > 0) costs.set(String(record.session_key), Number(record.cost));
  }
  return costs;
}
