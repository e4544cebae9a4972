import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { csvField } from "./query-monthly-report";
import { queryUsageLogs, type UsageLogEntry } from "./query-usage-logs";
import type { LogsQuery } from "./usage-query-params";
import { cacheWrite1hTokensOf } from "./usage-columns";

export type ExportFormat = "csv" | "json";

/** Read in pages this size, yielding to the event loop between pages: an export never stalls requests. */
const EXPORT_PAGE = 2_000;
export const MAX_EXPORT_ROWS = 1_000_000;

const CSV_COLUMNS: [string, (row: UsageLogEntry) => unknown][] = [
  ["request_id", (row) => row.requestId],
  ["started_at", (row) => new Date(row.startedAt).toISOString()],
  ["endpoint", (row) => row.endpoint],
  ["operation", (row) => row.operation],
  ["client_format", (row) => row.clientFormat],
  ["provider", (row) => row.provider],
  ["model", (row) => row.model],
  ["upstream_model", (row) => row.upstreamModel],
  ["account", (row) => row.account],
  ["api_key_id", (row) => row.apiKeyId],
  ["api_key_name", (row) => row.apiKeyName],
  ["combo", (row) => row.combo],
  ["session_key", (row) => row.sessionKey],
  ["stream", (row) => row.stream],
  ["status", (row) => row.status],
  ["http_status", (row) => row.httpStatus],
  ["error_code", (row) => row.errorCode],
  ["attempts", (row) => row.attempts],
  ["latency_ms", (row) => row.latencyMs],
  ["ttfb_ms", (row) => row.ttfbMs],
  ["input_tokens", (row) => row.inputTokens],
  ["output_tokens", (row) => row.outputTokens],
  ["cache_read_tokens", (row) => row.cacheReadTokens],
  ["cache_write_tokens", (row) => row.cacheWriteTokens],
  ["cache_write_1h_tokens", (row) => cacheWrite1hTokensOf(row)],
  ["reasoning_tokens", (row) => row.reasoningTokens],
  ["tokens_estimated", (row) => row.tokensEstimated],
  ["image_count", (row) => row.imageCount],
  ["cost_usd", (row) => row.costUsd],
];

/**
 * The rows a logs query selects (every page of it, newest first, at most MAX_EXPORT_ROWS) as a byte stream:
 * CSV with a header line, or one JSON array of the same objects `/api/usage/logs` returns.
 */
export function exportUsage(db: SqliteDatabase, query: Omit<LogsQuery, "limit" | "before">, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: LogsQuery["before"];
  let written = 0;
  let started = false;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === "csv" ? `${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n` : "["));
      }
      await new Promise((resolve) => setImmediate(resolve));
      const limit = Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - written);
      const page = limit > 0 ? queryUsageLogs(db, { ...query, limit, before }) : { data: [], nextCursor: null };
      let text = "";
      for (const row of page.data) {
        if (format === "csv") text += `${CSV_COLUMNS.map(([, read]) => csvValue(read(row))).join(",")}\r\n`;
        else text += `${written > 0 ? "," : ""}\n${JSON.stringify(row)}`;
        written += 1;
      }
      if (text !== "") controller.enqueue(encoder.encode(text));
      const last = page.data.at(-1);
      if (page.nextCursor === null || last === undefined || written >= MAX_EXPORT_ROWS) {
        if (format === "json") controller.enqueue(encoder.encode("\n]\n"));
        finished = true;
        controller.close();
        return;
      }
      const [startedAt, id] = page.nextCursor.split(".").map(Number);
      before = { startedAt: startedAt!, id: id! };
    },
  });
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  return csvField(String(value));
}
