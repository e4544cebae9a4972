/**
 * Query-string parameters shared by the usage APIs, validated into typed queries. Every problem names its
 * parameter; nothing from the input is echoed back.
 */
import { instantOf, queryKeysetCursor, queryPageLimit, queryText } from "../query-params/page-query-params";
import { z } from "zod";
import type { UsageStatus } from "../../../../open-sse/src/ports";
import type { UsageDimension, UsageFilters } from "./aggregate-usage";
import { DAY_MS } from "./usage-rollups";
import { USAGE_OPERATIONS, USAGE_STATUSES } from "./usage-columns";

export class UsageQueryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid query: ${problems.join("; ")}`);
    this.name = "UsageQueryError";
  }
}

export type HistoryBucket = "hour" | "day" | "week" | "month";

export interface TimeRange {
  from: number;
  to: number;
}

const HOUR_MS = 3_600_000;
const RANGES: Record<string, number> = { "1h": HOUR_MS, "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS, "90d": 90 * DAY_MS, "365d": 365 * DAY_MS };
const DIMENSIONS: readonly UsageDimension[] = ["provider", "model", "account", "key", "none"];
const BUCKETS: readonly HistoryBucket[] = ["hour", "day", "week", "month"];
const MAX_BUCKETS = 2_000;

/**
 * `range` (1h, 24h, 7d, 30d, 90d, 365d, `mtd` = this UTC month so far, or `YYYY-MM`), or `from` / `to`
 * (ISO 8601 or epoch ms); `from`/`to` refine a range. Defaults: `defaultRange` ending now.
 */
export function parseRange(params: URLSearchParams, now: number, defaultRange: string, problems: string[]): TimeRange {
  const range = params.get("range") ?? defaultRange;
  let from: number;
  let to = now;
  const month = /^(\d{4})-(\d{2})$/.exec(range);
  if (Object.hasOwn(RANGES, range)) from = now - RANGES[range]!;
  else if (range === "mtd") {
    const date = new Date(now);
    from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  } else if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    from = Date.UTC(Number(month[1]), Number(month[2]) - 1, 1);
    to = Date.UTC(Number(month[1]), Number(month[2]), 1);
  } else {
    problems.push(`range: must be one of ${Object.keys(RANGES).join(", ")}, mtd, or a month as YYYY-MM`);
    from = now - DAY_MS;
  }
  const explicitFrom = parseInstant(params.get("from"), "from", problems);
  const explicitTo = parseInstant(params.get("to"), "to", problems);
  if (explicitFrom !== undefined) from = explicitFrom;
  if (explicitTo !== undefined) to = explicitTo;
  if (to <= from) problems.push("to: must be after from");
  return { from, to };
}

const parseInstant = instantOf;
const text = queryText;

const operationSchema = z.enum(USAGE_OPERATIONS);

/** `operation`: generation, embedding or image; absent or empty: every operation. */
function operation(params: URLSearchParams, problems: string[]): UsageFilters["operation"] {
  const value = params.get("operation");
  if (value === null || value === "") return undefined;
  const parsed = operationSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(`operation: must be one of ${USAGE_OPERATIONS.join(", ")}`);
  return undefined;
}

/** `provider`, `model`, `account`, `key` (a client key id) and `operation`. */
export function parseFilters(params: URLSearchParams, problems: string[]): UsageFilters {
  return {
    provider: text(params, "provider", problems),
    model: text(params, "model", problems),
    account: text(params, "account", problems),
    apiKeyId: text(params, "key", problems),
    operation: operation(params, problems),
  };
}

export interface HistoryQuery {
  range: TimeRange;
  bucket: HistoryBucket;
  groupBy: UsageDimension;
  filters: UsageFilters;
}

/** No parameters: the last 7 days, one bucket per day, one series per provider. */
export function parseHistoryQuery(params: URLSearchParams, now: number): HistoryQuery {
  const problems: string[] = [];
  const range = parseRange(params, now, "7d", problems);
  const span = range.to - range.from;
  const bucketParam = params.get("bucket");
  let bucket: HistoryBucket = span <= 2 * DAY_MS ? "hour" : span <= 120 * DAY_MS ? "day" : "week";
  if (bucketParam !== null) {
    if ((BUCKETS as readonly string[]).includes(bucketParam)) bucket = bucketParam as HistoryBucket;
    else problems.push(`bucket: must be one of ${BUCKETS.join(", ")}`);
  }
  if (bucket === "hour" && span / HOUR_MS > MAX_BUCKETS) problems.push(`bucket: hour buckets allow a range of at most ${MAX_BUCKETS} hours`);
  if (bucket === "day" && span / DAY_MS > MAX_BUCKETS) problems.push(`bucket: day buckets allow a range of at most ${MAX_BUCKETS} days`);
  const groupParam = params.get("groupBy") ?? "provider";
  if (!(DIMENSIONS as readonly string[]).includes(groupParam)) problems.push(`groupBy: must be one of ${DIMENSIONS.join(", ")}`);
  const filters = parseFilters(params, problems);
  if (problems.length > 0) throw new UsageQueryError(problems);
  return { range, bucket, groupBy: groupParam as UsageDimension, filters };
}

export interface LogsQuery {
  range: TimeRange;
  filters: UsageFilters & { status?: UsageStatus | undefined; combo?: string | undefined; sessionKey?: string | undefined };
  limit: number;
  /** Rows strictly older than this position (from the previous page's `nextCursor`). */
  before?: { startedAt: number; id: number } | undefined;
}

export const MAX_LOG_PAGE = 500;

/** No parameters: the newest 50 rows of the last 30 days. */
export function parseLogsQuery(params: URLSearchParams, now: number): LogsQuery {
  const problems: string[] = [];
  const range = parseRange(params, now, "30d", problems);
  const filters = parseFilters(params, problems);
  const status = params.get("status");
  if (status !== null && !(USAGE_STATUSES as readonly string[]).includes(status)) problems.push(`status: must be one of ${USAGE_STATUSES.join(", ")}`);
  const limit = queryPageLimit(params, problems, MAX_LOG_PAGE);
  const position = queryKeysetCursor(params, problems);
  const before: LogsQuery["before"] = position === undefined ? undefined : { startedAt: position.at, id: position.id };
  const combo = text(params, "combo", problems);
  const sessionKey = text(params, "session", problems);
  if (problems.length > 0) throw new UsageQueryError(problems);
  return { range, filters: { ...filters, status: (status ?? undefined) as UsageStatus | undefined, combo, sessionKey }, limit, before };
}
