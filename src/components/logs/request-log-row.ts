/**
 * One line of the request list: what the table shows of a usage row, small enough to poll. Built from the
 * `/api/usage/logs` entries (server side from the same query), so the first render and the live tail agree.
 */
export interface RequestLogRow {
  requestId: string;
  startedAt: number;
  status: "ok" | "error" | "aborted" | "stream_error";
  httpStatus: number;
  errorCode: string | null;
  endpoint: string;
  provider: string | null;
  /** The model that answered (bare upstream id), else what the client asked for. */
  model: string | null;
  account: string | null;
  apiKeyName: string | null;
  combo: string | null;
  stream: boolean;
  latencyMs: number;
  ttfbMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  attempts: number | null;
}

/** Reads one `/api/usage/logs` entry; null when it is not one (the list skips it rather than crashing). */
export function toRequestLogRow(entry: unknown): RequestLogRow | null {
  if (typeof entry !== "object" || entry === null) return null;
  const row = entry as Record<string, unknown>;
  if (typeof row.requestId !== "string" || typeof row.startedAt !== "number") return null;
  const status = row.status;
  if (status !== "ok" && status !== "error" && status !== "aborted" && status !== "stream_error") return null;
  return {
    requestId: row.requestId,
    startedAt: row.startedAt,
    status,
    httpStatus: numberOr(row.httpStatus, 0),
    errorCode: stringOrNull(row.errorCode),
    endpoint: stringOrNull(row.endpoint) ?? "",
    provider: stringOrNull(row.provider),
    model: stringOrNull(row.upstreamModel) ?? stringOrNull(row.model),
    account: stringOrNull(row.account),
    apiKeyName: stringOrNull(row.apiKeyName),
    combo: stringOrNull(row.combo),
    stream: row.stream === true,
    latencyMs: numberOr(row.latencyMs, 0),
    ttfbMs: numberOrNull(row.ttfbMs),
    inputTokens: numberOrNull(row.inputTokens),
    outputTokens: numberOrNull(row.outputTokens),
    costUsd: numberOrNull(row.costUsd),
    attempts: numberOrNull(row.attempts),
  };
}

/**
 * The live tail's merge: new and re-read rows replace rows with the same id, newest first, at most `limit`.
 * Rows are written when a request ends, so a long stream can land after newer short requests: it is sorted
 * into place rather than appended on top.
 */
export function mergeRequestRows(current: readonly RequestLogRow[], incoming: readonly RequestLogRow[], limit: number): RequestLogRow[] {
  const byId = new Map(current.map((row) => [row.requestId, row]));
  for (const row of incoming) byId.set(row.requestId, row);
  return [...byId.values()].sort((left, right) => right.startedAt - left.startedAt || right.requestId.localeCompare(left.requestId)).slice(0, limit);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function numberOr(value: unknown, fallback: number): number {
  return numberOrNull(value) ?? fallback;
}
