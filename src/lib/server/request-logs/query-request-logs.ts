/**
 * Reading the request log: the list (from the SQLite index, newest first, keyset-paged) and the query-string
 * filters of `/api/usage/request-logs`. Details and bodies come from the JSONL files (request-log-service.ts).
 */
import { decodeKeysetCursor, queryInstant, queryKeysetCursor, queryPageLimit, queryText } from "../query-params/page-query-params";
import type { UsageStatus } from "../../../../open-sse/src/ports";
import type { SqliteDatabase, SqliteRow, SqliteValue } from "../sqlite/sqlite-database";
import type { RequestLogLocation } from "../usage/usage-columns";
import { USAGE_STATUSES } from "../usage/usage-columns";
import { UsageQueryError } from "../usage/usage-query-params";

export interface RequestLogQuery {
  status?: UsageStatus | undefined;
  provider?: string | undefined;
  /** The model as the client named it (`openai/gpt-4o`). */
  model?: string | undefined;
  /** A client key id. */
  apiKeyId?: string | undefined;
  account?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  limit: number;
  before?: { startedAt: number; id: number } | undefined;
}

export interface RequestLogListItem {
  requestId: string;
  startedAt: number;
  status: UsageStatus;
  httpStatus: number | null;
  provider: string | null;
  model: string | null;
  account: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  latencyMs: number | null;
  attempts: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** The entry holds the request and response bodies. */
  hasBodies: boolean;
}

export interface RequestLogPage {
  data: RequestLogListItem[];
  nextCursor: string | null;
}


export const MAX_REQUEST_LOG_PAGE = 500;

/**
 * Logged requests newest first: the usage rows that carry a request-log location in a file that still exists
 * (`oldestFile`: files are deleted oldest first), filtered like the usage log and keyset-paged on
 * (started_at, id). Entries are listed once their usage row is written (a moment after the request).
 */
export function queryRequestLogList(db: SqliteDatabase, query: RequestLogQuery, oldestFile: number | null): RequestLogPage {
  if (oldestFile === null) return { data: [], nextCursor: null };
  const { sql, parameters } = requestLogListStatement(query, oldestFile);
  const records = db.prepare(sql).all(...parameters);
  const page = records.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(listItemOf),
    nextCursor: records.length > query.limit && last !== undefined ? `${Number(last.started_at)}.${Number(last.id)}` : null,
  };
}

/**
 * The list query (one row more than the page, to know whether another follows). It reads the partial index
 * `usage_logged_started_at` (started_at, rowid) WHERE log_file IS NOT NULL, which holds only the logged rows: with
 * a million usage rows and a few hundred logged, a page reads at most those few hundred index entries. `INDEXED BY`
 * makes that a guarantee (SQLite fails the statement rather than plan around the index): without it, and without
 * ANALYZE statistics, a status filter is planned on `usage_status_started_at` (status=?), i.e. every error row of
 * the table, then a sort. The plans SQLite gives (query-request-logs.test.ts asserts them):
 *   no filter, or status/provider/…: SCAN usage USING INDEX usage_logged_started_at
 *   since and until:                  SEARCH usage USING INDEX usage_logged_started_at (started_at>? AND started_at<?)
 *   a cursor:                         SEARCH usage USING INDEX usage_logged_started_at (started_at<?)
 * A SCAN of the partial index reads logged rows only, newest first, and stops at the page's end; there is never a
 * temp B-tree: the index's order (started_at, then the rowid `id`) is the ORDER BY, read backwards. Other filters
 * (status, provider, …) are checked on the rows the index yields.
 */
export function requestLogListStatement(query: RequestLogQuery, oldestFile: number): { sql: string; parameters: SqliteValue[] } {
  const where = ["log_file IS NOT NULL", "log_file >= ?"];
  const parameters: SqliteValue[] = [oldestFile];
  const add = (clause: string, ...values: SqliteValue[]) => {
    where.push(clause);
    parameters.push(...values);
  };
  if (query.status !== undefined) add("status = ?", query.status);
  if (query.provider !== undefined) add("provider = ?", query.provider);
  if (query.model !== undefined) add("(model = ? OR upstream_model = ?)", query.model, query.model);
  if (query.apiKeyId !== undefined) add("api_key_id = ?", query.apiKeyId);
  if (query.account !== undefined) add("account = ?", query.account);
  if (query.since !== undefined) add("started_at >= ?", query.since);
  // The cursor as a bound the index seeks to (SQLite makes none of `started_at < c OR (started_at = c AND id < i)`,
  // so a deep page would first walk past every newer logged row); `until` is implied when the cursor is before it.
  if (query.before !== undefined && (query.until === undefined || query.before.startedAt < query.until)) {
    add("started_at <= ?", query.before.startedAt);
    add("(started_at < ? OR id < ?)", query.before.startedAt, query.before.id);
  } else if (query.until !== undefined) add("started_at < ?", query.until);
  return {
    sql: `SELECT id, request_id, started_at, status, http_status, provider, model, account, api_key_id, api_key_name, latency_ms, attempts,
         input_tokens, output_tokens, cost_usd, log_bodies
       FROM usage INDEXED BY usage_logged_started_at WHERE ${where.join(" AND ")} ORDER BY started_at DESC, id DESC LIMIT ?`,
    parameters: [...parameters, query.limit + 1],
  };
}

/** The position a `nextCursor` names, or undefined for anything else. */
export function decodeCursor(cursor: string): RequestLogQuery["before"] {
  const position = decodeKeysetCursor(cursor);
  return position === undefined ? undefined : { startedAt: position.at, id: position.id };
}

/** Where the request's entry is, from its usage row (one lookup on the request id's unique index). */
export function findRequestLogLocation(db: SqliteDatabase, requestId: string): RequestLogLocation | undefined {
  const record = db.prepare("SELECT log_file, log_offset, log_bytes, log_bodies FROM usage WHERE request_id = ?").get(requestId);
  if (record === undefined || record.log_file === null || record.log_file === undefined) return undefined;
  return { file: Number(record.log_file), offset: Number(record.log_offset), bytes: Number(record.log_bytes), hasBodies: Number(record.log_bodies) === 1 };
}

function listItemOf(record: SqliteRow): RequestLogListItem {
  return {
    requestId: String(record.request_id),
    startedAt: Number(record.started_at),
    status: record.status as UsageStatus,
    httpStatus: numberOrNull(record.http_status),
    provider: (record.provider as string | null) ?? null,
    model: (record.model as string | null) ?? null,
    account: (record.account as string | null) ?? null,
    apiKeyId: (record.api_key_id as string | null) ?? null,
    apiKeyName: (record.api_key_name as string | null) ?? null,
    latencyMs: numberOrNull(record.latency_ms),
    attempts: numberOrNull(record.attempts),
    inputTokens: numberOrNull(record.input_tokens),
    outputTokens: numberOrNull(record.output_tokens),
    costUsd: numberOrNull(record.cost_usd),
    hasBodies: Number(record.log_bodies) === 1,
  };
}

/**
 * `status`, `provider`, `model`, `key` (client key id), `account`, `since`/`until` (ISO 8601 or epoch ms),
 * `limit` (1–500, default 50), `cursor` (the previous page's `nextCursor`). No parameters: the newest 50.
 */
export function parseRequestLogQuery(params: URLSearchParams): RequestLogQuery {
  const problems: string[] = [];
  const text = (name: string) => queryText(params, name, problems);
  const status = params.get("status");
  if (status !== null && !(USAGE_STATUSES as readonly string[]).includes(status)) problems.push(`status: must be one of ${USAGE_STATUSES.join(", ")}`);
  const limit = queryPageLimit(params, problems, MAX_REQUEST_LOG_PAGE);
  const position = queryKeysetCursor(params, problems);
  const before: RequestLogQuery["before"] = position === undefined ? undefined : { startedAt: position.at, id: position.id };
  const since = queryInstant(params, "since", problems);
  const until = queryInstant(params, "until", problems);
  if (since !== undefined && until !== undefined && until <= since) problems.push("until: must be after since");
  const query: RequestLogQuery = {
    status: (status ?? undefined) as UsageStatus | undefined,
    provider: text("provider"),
    model: text("model"),
    apiKeyId: text("key"),
    account: text("account"),
    since,
    until,
    limit,
    before,
  };
  if (problems.length > 0) throw new UsageQueryError(problems);
  return query;
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
