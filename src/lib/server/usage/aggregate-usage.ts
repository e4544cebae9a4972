/**
 * The one aggregation every usage view is built from: totals per time bucket and group over a range, read
 * from the daily rollups for days already rolled up and from the raw rows for the rest (today, and hourly
 * buckets). Every branch is an index range scan: usage_daily by its primary key (day first) or a
 * `(dimension, day)` index, raw rows by `started_at` or a `(dimension, started_at)` index.
 */
import type { SqliteDatabase, SqliteValue } from "../sqlite/sqlite-database";
import type { UsageOperation } from "./usage-columns";
import { DAY_MS, MODEL_EXPRESSION, dayStartOf, readRolledThrough } from "./usage-rollups";

export type UsageDimension = "provider" | "model" | "account" | "key" | "none";
export type BaseBucket = "hour" | "day" | "none";

export interface UsageFilters {
  provider?: string | undefined;
  /** As shown in a `model` series: the model that answered (bare upstream id), else the name the client sent. */
  model?: string | undefined;
  account?: string | undefined;
  apiKeyId?: string | undefined;
  /** Generation, embedding or image requests only (raw rows store generation as NULL, rollups spell it out). */
  operation?: UsageOperation | undefined;
}

export interface AggregateQuery {
  from: number;
  to: number;
  bucket: BaseBucket;
  groupBy: UsageDimension;
  filters: UsageFilters;
}

export interface UsageTotals {
  requests: number;
  errors: number;
  /** Rows whose input tokens were estimated locally (the upstream reported none). */
  estimated: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Rows with token counts but no known price: their cost is missing from costUsd. */
  unpriced: number;
  latencyMsSum: number;
}

export interface AggregateRow extends UsageTotals {
  /** Epoch ms of the bucket's start (the range start when bucket is "none"). */
  bucketStart: number;
  group: string;
  /** A readable name for the group (the key's name for `key`). */
  label: string;
}

const HOUR_MS = 3_600_000;

export function emptyTotals(): UsageTotals {
  return { requests: 0, errors: 0, estimated: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpriced: 0, latencyMsSum: 0 };
}

export function addTotals(into: UsageTotals, from: UsageTotals): void {
  for (const field of Object.keys(into) as (keyof UsageTotals)[]) into[field] += from[field];
}

const DAILY_GROUP: Record<UsageDimension, string> = {
  provider: "provider",
  model: "CASE WHEN provider = '' THEN model ELSE provider || '/' || model END",
  account: "CASE WHEN account = '' THEN '' ELSE provider || '/' || account END",
  key: "api_key_id",
  none: "''",
};
const RAW_GROUP: Record<UsageDimension, string> = {
  provider: "coalesce(provider, '')",
  model: `CASE WHEN provider IS NULL THEN coalesce(model, '') ELSE provider || '/' || ${MODEL_EXPRESSION} END`,
  account: "CASE WHEN account IS NULL THEN '' ELSE coalesce(provider, '') || '/' || account END",
  key: "coalesce(api_key_id, '')",
  none: "''",
};

export function aggregateUsage(db: SqliteDatabase, query: AggregateQuery): AggregateRow[] {
  const rolledThrough = readRolledThrough(db);
  // Whole UTC days already rolled up come from usage_daily; the partial days at either end of the range, the
  // days not rolled up yet (today), and every hourly bucket come from the raw rows.
  const dailyFrom = dayStartOf(query.from + DAY_MS - 1);
  const dailyTo = Math.min(rolledThrough, dayStartOf(query.to));
  const useDaily = query.bucket !== "hour" && dailyTo > dailyFrom;
  const rawRanges: [number, number][] = useDaily
    ? [
        [query.from, dailyFrom],
        [dailyTo, query.to],
      ]
    : [[query.from, query.to]];
  const parts: string[] = [];
  const parameters: SqliteValue[] = [];
  const { provider, model, account, apiKeyId, operation } = query.filters;

  if (useDaily) {
    const where = ["day_start >= ?", "day_start < ?"];
    parameters.push(dailyFrom, dailyTo);
    if (provider !== undefined) add(where, parameters, "provider = ?", provider);
    if (model !== undefined) add(where, parameters, "model = ?", model);
    if (account !== undefined) add(where, parameters, "account = ?", account);
    if (apiKeyId !== undefined) add(where, parameters, "api_key_id = ?", apiKeyId);
    if (operation !== undefined) add(where, parameters, "operation = ?", operation);
    const bucket = query.bucket === "none" ? String(query.from) : "day_start";
    parts.push(`SELECT ${bucket} AS bucket, ${DAILY_GROUP[query.groupBy]} AS grp, max(api_key_name) AS label,
        sum(requests) AS requests, sum(errors) AS errors, sum(estimated) AS estimated,
        sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cache_read,
        sum(cache_write_tokens) AS cache_write, sum(reasoning_tokens) AS reasoning, total(cost_usd) AS cost,
        sum(unpriced) AS unpriced, sum(latency_ms_sum) AS latency
      FROM usage_daily WHERE ${where.join(" AND ")} GROUP BY 1, 2`);
  }
  for (const [rangeFrom, rangeTo] of rawRanges) {
    if (rangeTo <= rangeFrom) continue;
    const where = ["started_at >= ?", "started_at < ?"];
    parameters.push(rangeFrom, rangeTo);
    if (provider !== undefined) add(where, parameters, "provider = ?", provider);
    if (model !== undefined) add(where, parameters, "(upstream_model = ? OR (upstream_model IS NULL AND model = ?))", model, model);
    if (account !== undefined) add(where, parameters, "account = ?", account);
    if (apiKeyId !== undefined) add(where, parameters, "api_key_id = ?", apiKeyId);
    if (operation !== undefined) where.push(rawOperationClause(operation, parameters));
    const bucket =
      query.bucket === "none" ? String(query.from) : query.bucket === "hour" ? `(started_at / ${HOUR_MS}) * ${HOUR_MS}` : `(started_at / ${DAY_MS}) * ${DAY_MS}`;
    parts.push(`SELECT ${bucket} AS bucket, ${RAW_GROUP[query.groupBy]} AS grp, max(api_key_name) AS label,
        count(*) AS requests, sum(status <> 'ok') AS errors, sum(tokens_estimated) AS estimated,
        total(input_tokens) AS input, total(output_tokens) AS output, total(cache_read_tokens) AS cache_read,
        total(cache_write_tokens) AS cache_write, total(reasoning_tokens) AS reasoning, total(cost_usd) AS cost,
        sum(cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)) AS unpriced, total(latency_ms) AS latency
      FROM usage WHERE ${where.join(" AND ")} GROUP BY 1, 2`);
  }
  if (parts.length === 0) return [];
  const sql =
    parts.length === 1
      ? parts[0]!
      : `SELECT bucket, grp, max(label) AS label, sum(requests) AS requests, sum(errors) AS errors, sum(estimated) AS estimated,
           sum(input) AS input, sum(output) AS output, sum(cache_read) AS cache_read, sum(cache_write) AS cache_write,
           sum(reasoning) AS reasoning, total(cost) AS cost, sum(unpriced) AS unpriced, sum(latency) AS latency
         FROM (${parts.join(" UNION ALL ")}) GROUP BY 1, 2`;
  return db.prepare(sql).all(...parameters).map((record) => ({
    bucketStart: Number(record.bucket),
    group: String(record.grp ?? ""),
    label: query.groupBy === "key" ? String(record.label ?? record.grp ?? "") : String(record.grp ?? ""),
    requests: Number(record.requests ?? 0),
    errors: Number(record.errors ?? 0),
    estimated: Number(record.estimated ?? 0),
    inputTokens: Number(record.input ?? 0),
    outputTokens: Number(record.output ?? 0),
    cacheReadTokens: Number(record.cache_read ?? 0),
    cacheWriteTokens: Number(record.cache_write ?? 0),
    reasoningTokens: Number(record.reasoning ?? 0),
    costUsd: Number(record.cost ?? 0),
    unpriced: Number(record.unpriced ?? 0),
    latencyMsSum: Number(record.latency ?? 0),
  }));
}

/** A key's recorded spend from `sinceMs` on (budgets load this once per key and process). */
export function loadKeySpend(db: SqliteDatabase, apiKeyId: string, sinceMs: number, now: number): number {
  const rows = aggregateUsage(db, { from: sinceMs, to: now + DAY_MS, bucket: "none", groupBy: "none", filters: { apiKeyId } });
  return rows.reduce((sum, row) => sum + row.costUsd, 0);
}

/**
 * The raw-row condition for one operation: generation rows hold NULL; the others use the partial index
 * `usage_operation_started_at` (operation, started_at) that only they are in.
 */
export function rawOperationClause(operation: UsageOperation, parameters: SqliteValue[], table = ""): string {
  const column = table === "" ? "operation" : `${table}.operation`;
  if (operation === "generation") return `${column} IS NULL`;
  parameters.push(operation);
  return `${column} = ?`;
}

/** Adds one condition and its bound values. */
function add(where: string[], parameters: SqliteValue[], clause: string, ...values: SqliteValue[]): void {
  where.push(clause);
  parameters.push(...values);
}
