/**
 * The compliance audit log: one SQLite row per admin action (login, logout, key and provider changes, settings,
 * combos, pricing, budgets), with who did it, from where, whether it took effect, and what changed. Secrets are
 * masked before anything is stored: an API key, password, token or encrypted credential never reaches the table.
 * Admin actions are rare, so a row is written at once (one indexed insert), never batched or lost.
 */
import { maskSecretFields } from "../logging/mask-secret-fields";
import type { SqliteDatabase, SqliteRow, SqliteValue } from "../sqlite/sqlite-database";

export type AuditOutcome = "success" | "failure";

export interface AuditEntryInput {
  /** `admin` (a dashboard session), `anonymous` (no session: login turned off, or a failed login), or a caller's own name. */
  actor: string;
  /** Dotted verb: `auth.login`, `key.create`, `settings.ip-filter.update`. */
  action: string;
  /** What was acted on (a key id, `provider:account`), when one thing was. */
  target?: string | null;
  /** The client address (as the request guards resolved it). */
  ip?: string | null;
  outcome?: AuditOutcome;
  httpStatus?: number | null;
  /** The changed values before and after (any JSON); masked and size-capped here. */
  before?: unknown;
  after?: unknown;
  /** Epoch ms; default now. */
  at?: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  httpStatus: number | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  action?: string | undefined;
  /** Matches actions starting with this (`key.` → every key action). */
  actionPrefix?: string | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  outcome?: AuditOutcome | undefined;
  since?: number | undefined;
  until?: number | undefined;
  limit: number;
  /** Entries strictly older than this position (the previous page's `nextCursor`). */
  before?: { at: number; id: number } | undefined;
}

export interface AuditPage {
  data: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditLog {
  /** Writes one entry now. Never throws: a failed write goes to `onError` (an audit gap is logged, not fatal). */
  record(input: AuditEntryInput): void;
  query(query: AuditQuery): AuditPage;
  /** Deletes entries older than `retentionDays` before `now`; returns how many. */
  prune(now: number, retentionDays: number): number;
}

/** Each of before/after is stored as JSON up to this size; a larger one is replaced by a note saying so. */
export const MAX_CHANGE_JSON_BYTES = 64 * 1024;
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
const TEXT_LIMIT = 500;

export interface AuditLogOptions {
  now?: () => number;
  onError?: (error: Error) => void;
}

export function createAuditLog(db: SqliteDatabase, options: AuditLogOptions = {}): AuditLog {
  const now = options.now ?? Date.now;
  const insert = db.prepare(
    "INSERT INTO audit_log (at, actor, action, target, ip, outcome, http_status, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const remove = db.prepare("DELETE FROM audit_log WHERE at < ?");
  return {
    record(input) {
      try {
        insert.run(
          Math.round(input.at ?? now()),
          cut(input.actor) || "unknown",
          cut(input.action) || "unknown",
          input.target === undefined || input.target === null ? null : cut(String(maskSecretFields(input.target))),
          input.ip === undefined || input.ip === null ? null : cut(input.ip),
          input.outcome ?? "success",
          typeof input.httpStatus === "number" && Number.isInteger(input.httpStatus) ? input.httpStatus : null,
          changeJson(input.before),
          changeJson(input.after),
        );
      } catch (error) {
        try {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
        } catch {
          // A throwing error handler must not break the admin action.
        }
      }
    },
    query(query) {
      const where: string[] = [];
      const parameters: SqliteValue[] = [];
      const add = (clause: string, ...values: SqliteValue[]) => {
        where.push(clause);
        parameters.push(...values);
      };
      if (query.action !== undefined) add("action = ?", query.action);
      if (query.actionPrefix !== undefined) add("substr(action, 1, ?) = ?", query.actionPrefix.length, query.actionPrefix);
      if (query.actor !== undefined) add("actor = ?", query.actor);
      if (query.target !== undefined) add("target = ?", query.target);
      if (query.outcome !== undefined) add("outcome = ?", query.outcome);
      if (query.since !== undefined) add("at >= ?", query.since);
      if (query.until !== undefined) add("at < ?", query.until);
      if (query.before !== undefined) add("(at < ? OR (at = ? AND id < ?))", query.before.at, query.before.at, query.before.id);
      const records = db
        .prepare(
          `SELECT id, at, actor, action, target, ip, outcome, http_status, before_json, after_json FROM audit_log
           ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(...parameters, query.limit + 1);
      const page = records.slice(0, query.limit).map(entryFromRecord);
      const last = page.at(-1);
      return { data: page, nextCursor: records.length > query.limit && last !== undefined ? `${last.at}.${last.id}` : null };
    },
    prune(at, retentionDays) {
      return remove.run(at - retentionDays * 86_400_000).changes;
    },
  };
}

/** Masked JSON of a change side, or null; oversized values are replaced by a note (the action itself stays on record). */
function changeJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(maskSecretFields(value, { maxStringLength: 4_000 }));
  if (json === undefined) return null;
  if (Buffer.byteLength(json) <= MAX_CHANGE_JSON_BYTES) return json;
  return JSON.stringify({ omitted: `the change is ${Buffer.byteLength(json)} bytes as JSON, above the ${MAX_CHANGE_JSON_BYTES}-byte limit` });
}

function cut(text: string): string {
  return text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text;
}

function entryFromRecord(record: SqliteRow): AuditEntry {
  return {
    id: Number(record.id),
    at: Number(record.at),
    actor: String(record.actor),
    action: String(record.action),
    target: (record.target as string | null) ?? null,
    ip: (record.ip as string | null) ?? null,
    outcome: record.outcome as AuditOutcome,
    httpStatus: record.http_status === null || record.http_status === undefined ? null : Number(record.http_status),
    before: parseJson(record.before_json),
    after: parseJson(record.after_json),
  };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}
