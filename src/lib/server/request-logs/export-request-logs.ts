/**
 * `/api/usage/request-logs/export`: every entry a list query selects, newest first, streamed a page at a time
 * with a yield between pages. JSONL gives whole entries (bodies included where stored), one per line; CSV gives
 * the list columns.
 */
import { csvField } from "../usage/query-monthly-report";
import { decodeCursor, type RequestLogListItem, type RequestLogQuery } from "./query-request-logs";
import type { RequestLogService } from "./request-log-service";

export type RequestLogExportFormat = "jsonl" | "csv";

const PAGE = 500;
export const MAX_REQUEST_LOG_EXPORT = 200_000;

const CSV_COLUMNS: [string, (item: RequestLogListItem) => unknown][] = [
  ["request_id", (item) => item.requestId],
  ["started_at", (item) => new Date(item.startedAt).toISOString()],
  ["status", (item) => item.status],
  ["http_status", (item) => item.httpStatus],
  ["provider", (item) => item.provider],
  ["model", (item) => item.model],
  ["account", (item) => item.account],
  ["api_key_id", (item) => item.apiKeyId],
  ["api_key_name", (item) => item.apiKeyName],
  ["latency_ms", (item) => item.latencyMs],
  ["attempts", (item) => item.attempts],
  ["input_tokens", (item) => item.inputTokens],
  ["output_tokens", (item) => item.outputTokens],
  ["cost_usd", (item) => item.costUsd],
  ["has_bodies", (item) => (item.hasBodies ? 1 : 0)],
];

export function exportRequestLogs(service: RequestLogService, query: Omit<RequestLogQuery, "limit" | "before">, format: RequestLogExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: RequestLogQuery["before"];
  let written = 0;
  let started = false;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      if (!started) {
        started = true;
        await service.flush().catch(() => undefined);
        if (format === "csv") controller.enqueue(encoder.encode(`${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n`));
      }
      await new Promise((resolve) => setImmediate(resolve));
      const limit = Math.min(PAGE, MAX_REQUEST_LOG_EXPORT - written);
      const page = limit > 0 ? service.list({ ...query, limit, before }) : { data: [], nextCursor: null };
      let text = "";
      for (const item of page.data) {
        if (format === "csv") text += `${CSV_COLUMNS.map(([, read]) => csvValue(read(item))).join(",")}\r\n`;
        else {
          const entry = await service.detail(item.requestId);
          if (entry !== undefined) text += `${JSON.stringify(entry)}\n`;
        }
        written += 1;
      }
      if (text !== "") controller.enqueue(encoder.encode(text));
      if (page.nextCursor === null || written >= MAX_REQUEST_LOG_EXPORT) {
        finished = true;
        controller.close();
        return;
      }
      before = decodeCursor(page.nextCursor);
    },
  });
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return csvField(String(value));
}
