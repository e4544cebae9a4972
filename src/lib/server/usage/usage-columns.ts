/**
 * How a UsageRow maps onto the `usage` table, in one place so the writer and the readers cannot drift apart.
 */
import type { UsageRow, UsageStatus, WireFormat } from "../../../../open-sse/src/ports";
import type { SqliteRow, SqliteValue } from "../sqlite/sqlite-database";
import { redactSecrets } from "../logging/redact-secrets";

/** Column names in the order `usageRowToValues` produces values. */
export const USAGE_COLUMNS = [
  "request_id",
  "started_at",
  "endpoint",
  "client_format",
  "provider",
  "model",
  "upstream_model",
  "account",
  "api_key_name",
  "stream",
  "status",
  "http_status",
  "error_code",
  "latency_ms",
  "ttfb_ms",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "api_key_id",
  "combo",
  "attempts",
  "session_key",
  "tokens_estimated",
  "cost_usd",
  "cost_basis_id",
  "cache_write_1h_tokens",
  "log_file",
  "log_offset",
  "log_bytes",
  "log_bodies",
  "operation",
  "image_count",
] as const;

export type UsageColumn = (typeof USAGE_COLUMNS)[number];

/** Position of `cost_basis_id`: the writer fills it in at write time, once the basis has its id. */
export const COST_BASIS_ID_INDEX = USAGE_COLUMNS.indexOf("cost_basis_id");

export const USAGE_STATUSES: readonly UsageStatus[] = ["ok", "error", "aborted", "stream_error"];

/** What kind of request a row is (the engine's `UsageRow.operation`; absent there means generation). */
export type UsageOperation = NonNullable<UsageRow["operation"]>;

export const USAGE_OPERATIONS = ["generation", "embedding", "image"] as const satisfies readonly UsageOperation[];

/** What the host adds to a row as it records it: the cost, what it was computed from, and whether tokens were estimated. */
export interface RowAccounting {
  costUsd: number | null;
  /** The cost basis as stored in `cost_basis.basis` (compact JSON), or null when none was computed. */
  costBasis: string | null;
  /** The input tokens were counted locally because the upstream reported none. */
  tokensEstimated: boolean;
  /** Where the request log put this request's entry (set by the request log as the row is recorded); absent: not logged. */
  requestLog?: RequestLogLocation;
}

/** A request-log entry's place: file key (request-log-files.ts), byte offset and length, and whether it has bodies. */
export interface RequestLogLocation {
  file: number;
  offset: number;
  bytes: number;
  hasBodies: boolean;
}

export const NO_ACCOUNTING: RowAccounting = Object.freeze({ costUsd: null, costBasis: null, tokensEstimated: false });

/** A usage row as stored: the engine's row plus what the host added. */
export interface StoredUsageRow extends UsageRow {
  apiKeyId: string | null;
  combo: string | null;
  attempts: number | null;
  sessionKey: string | null;
  tokensEstimated: boolean;
  costUsd: number | null;
  costBasisId: number | null;
  /** Always set on a stored row: `generation` unless it was an embeddings or images request. */
  operation: UsageOperation;
  /** Images an image request produced; null for other requests, and for image rows stored before it was kept. */
  imageCount: number | null;
}

/** Why a row cannot be stored, or null when it can. Checked before queueing so one bad row never blocks a batch. */
export function invalidUsageRowReason(row: UsageRow | null | undefined): string | null {
  if (typeof row !== "object" || row === null) return "not an object";
  if (typeof row.requestId !== "string" || row.requestId === "") return "requestId must be a non-empty string";
  if (!Number.isFinite(row.startedAt)) return "startedAt must be a finite number (epoch ms)";
  if (!USAGE_STATUSES.includes(row.status)) return `status must be one of ${USAGE_STATUSES.join(", ")}`;
  return null;
}

/**
 * Copies the row's values at record time, so a caller mutating its object afterwards changes nothing. The
 * `cost_basis_id` slot is null here: the writer resolves `accounting.costBasis` to its id inside the batch.
 */
export function usageRowToValues(row: UsageRow, accounting: RowAccounting = NO_ACCOUNTING): SqliteValue[] {
  return [
    row.requestId,
    Math.round(row.startedAt),
    row.endpoint ?? null,
    row.clientFormat ?? null,
    row.provider ?? null,
    // The model is whatever the client sent, even when unknown: a key pasted into it must not be stored.
    redactedOrNull(row.model),
    redactedOrNull(row.upstreamModel),
    row.account ?? null,
    row.apiKeyName ?? null,
    row.stream ? 1 : 0,
    row.status,
    integerOrNull(row.httpStatus),
    row.errorCode ?? null,
    integerOrNull(row.latencyMs),
    integerOrNull(row.ttfbMs),
    integerOrNull(row.inputTokens),
    integerOrNull(row.outputTokens),
    integerOrNull(row.cacheReadTokens),
    integerOrNull(row.cacheWriteTokens),
    integerOrNull(row.reasoningTokens),
    row.apiKeyId ?? null,
    redactedOrNull(row.combo),
    integerOrNull(row.attempts),
    row.sessionKey ?? null,
    accounting.tokensEstimated ? 1 : 0,
    typeof accounting.costUsd === "number" && Number.isFinite(accounting.costUsd) ? accounting.costUsd : null,
    null,
    integerOrNull(cacheWrite1hTokensOf(row)),
    accounting.requestLog?.file ?? null,
    accounting.requestLog?.offset ?? null,
    accounting.requestLog?.bytes ?? null,
    accounting.requestLog === undefined ? null : accounting.requestLog.hasBodies ? 1 : 0,
    storedOperation(row.operation),
    integerOrNull(row.imageCount),
  ];
}

/**
 * The 1-hour cache writes (`TokenUsage.cacheWrite1hTokens`, an engine addition: see the report), read
 * structurally so rows from engines without the field stay valid.
 */
export function cacheWrite1hTokensOf(row: object): number | null {
  const value = (row as { cacheWrite1hTokens?: unknown }).cacheWrite1hTokens;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Generation is stored as NULL: it is nearly every row, and a NULL takes one byte where 'generation' takes eleven. */
function storedOperation(operation: UsageRow["operation"]): string | null {
  return operation === undefined || operation === null || operation === "generation" ? null : operation;
}

function redactedOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : redactSecrets(value);
}

export function usageRowFromRecord(record: SqliteRow): StoredUsageRow {
  return {
    requestId: String(record.request_id),
    startedAt: Number(record.started_at),
    endpoint: (record.endpoint as string | null) ?? "",
    clientFormat: record.client_format as WireFormat,
    provider: (record.provider as string | null) ?? null,
    model: (record.model as string | null) ?? null,
    upstreamModel: (record.upstream_model as string | null) ?? null,
    account: (record.account as string | null) ?? null,
    apiKeyName: (record.api_key_name as string | null) ?? null,
    stream: Number(record.stream) === 1,
    status: record.status as UsageStatus,
    httpStatus: Number(record.http_status ?? 0),
    errorCode: (record.error_code as string | null) ?? null,
    latencyMs: Number(record.latency_ms ?? 0),
    ttfbMs: numberOrNull(record.ttfb_ms),
    inputTokens: numberOrNull(record.input_tokens),
    outputTokens: numberOrNull(record.output_tokens),
    cacheReadTokens: numberOrNull(record.cache_read_tokens),
    cacheWriteTokens: numberOrNull(record.cache_write_tokens),
    reasoningTokens: numberOrNull(record.reasoning_tokens),
    apiKeyId: (record.api_key_id as string | null | undefined) ?? null,
    combo: (record.combo as string | null | undefined) ?? null,
    attempts: numberOrNull(record.attempts),
    sessionKey: (record.session_key as string | null | undefined) ?? null,
    tokensEstimated: Number(record.tokens_estimated ?? 0) === 1,
    costUsd: numberOrNull(record.cost_usd),
    costBasisId: numberOrNull(record.cost_basis_id),
    operation: typeof record.operation === "string" ? (record.operation as UsageOperation) : "generation",
    imageCount: numberOrNull(record.image_count),
    ...(record.cache_write_1h_tokens === null || record.cache_write_1h_tokens === undefined ? {} : { cacheWrite1hTokens: Number(record.cache_write_1h_tokens) }),
  };
}

/** Latencies come from performance.now() and have fractions; the columns hold whole milliseconds/tokens. */
function integerOrNull(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.round(value) : null;
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
