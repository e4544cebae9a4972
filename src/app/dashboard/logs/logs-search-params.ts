/**
 * The Logs page's filters, in the URL: tab, status, provider, model, key, session, time range and the page cursor. Values
 * are passed on to the usage logs query as they are (it validates them); unknown tab/status/range values fall
 * back to the defaults so a hand-edited URL still opens.
 */
import type { UsageStatus } from "../../../../open-sse/src/ports";

export const LOG_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type LogRange = (typeof LOG_RANGES)[number];
export const LOG_STATUSES: readonly UsageStatus[] = ["ok", "error", "aborted", "stream_error"];

export interface LogsSearchParams {
  tab: "requests" | "audit";
  status: UsageStatus | undefined;
  provider: string | undefined;
  model: string | undefined;
  /** A client key id. */
  key: string | undefined;
  /** A session fingerprint (from the Sessions page). */
  session: string | undefined;
  range: LogRange;
  /** `nextCursor` of the previous page: rows older than it. */
  cursor: string | undefined;
}

const MAX_TEXT = 300;

export function parseLogsSearchParams(raw: Record<string, string | string[] | undefined>): LogsSearchParams {
  const status = text(raw.status);
  const range = text(raw.range);
  const cursor = text(raw.cursor);
  return {
    tab: text(raw.tab) === "audit" ? "audit" : "requests",
    status: status !== undefined && (LOG_STATUSES as readonly string[]).includes(status) ? (status as UsageStatus) : undefined,
    provider: text(raw.provider),
    model: text(raw.model),
    key: text(raw.key),
    session: text(raw.session),
    range: range !== undefined && (LOG_RANGES as readonly string[]).includes(range) ? (range as LogRange) : "24h",
    cursor: cursor !== undefined && /^\d{1,16}\.\d{1,16}$/.test(cursor) ? cursor : undefined,
  };
}

/** The filters as `/api/usage/logs` parameters (also the live tail's and the export's). */
export function logsApiQuery(params: LogsSearchParams): URLSearchParams {
  const query = new URLSearchParams({ range: params.range });
  if (params.status) query.set("status", params.status);
  if (params.provider) query.set("provider", params.provider);
  if (params.model) query.set("model", params.model);
  if (params.key) query.set("key", params.key);
  if (params.session) query.set("session", params.session);
  return query;
}

/** This page's URL for other filters (the cursor is dropped unless given: new filters start at the newest rows). */
export function logsHref(params: LogsSearchParams, change: Partial<LogsSearchParams>): string {
  const next = { ...params, cursor: undefined, ...change };
  const query = next.tab === "audit" ? new URLSearchParams({ tab: "audit" }) : logsApiQuery(next);
  if (next.tab === "requests" && next.range === "24h") query.delete("range");
  if (next.cursor) query.set("cursor", next.cursor);
  const text = query.toString();
  return text === "" ? "/dashboard/logs" : `/dashboard/logs?${text}`;
}

function text(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" || first.length > MAX_TEXT ? undefined : first;
}
