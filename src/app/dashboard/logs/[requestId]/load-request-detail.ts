/**
 * One request, as much as the server kept of it: the usage row (always, until retention prunes it) with its cost
 * explanation, and — when the request log was on — the log entry: attempt trail, phase timings and the
 * redacted bodies.
 */
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import type { RequestLogEntry } from "@/lib/server/request-logs/request-log-entry";
import type { SqliteDatabase } from "@/lib/server/sqlite/sqlite-database";
import { USAGE_COLUMNS, usageRowFromRecord } from "@/lib/server/usage/usage-columns";
import { withBreakdown, type UsageLogEntry } from "@/lib/server/usage/query-usage-logs";

export type RequestDetail =
  | { isAttached: false }
  | {
      isAttached: true;
      row: UsageLogEntry | undefined;
      logEntry: RequestLogEntry | undefined;
      /** Whether the request log is on now (it may have been off when this request ran). */
      isRequestLogOn: boolean;
    };

const SELECTED = `${USAGE_COLUMNS.map((column) => `usage.${column}`).join(", ")}, cost_basis.basis AS basis`;

export async function loadRequestDetail(requestId: string): Promise<RequestDetail> {
  const runtime = findHostRuntime();
  if (runtime === undefined) return { isAttached: false };
  const requestLogs = runtime.usageAccounting?.requestLogs;
  const [row, logEntry] = [queryUsageRow(runtime.sqlite, requestId), requestLogs ? await requestLogs.detail(requestId) : undefined];
  return { isAttached: true, row, logEntry, isRequestLogOn: requestLogs?.settings().enabled ?? false };
}

/** The usage row by request id (a UNIQUE index): one indexed lookup. */
export function queryUsageRow(db: SqliteDatabase, requestId: string): UsageLogEntry | undefined {
  const record = db.prepare(`SELECT ${SELECTED} FROM usage LEFT JOIN cost_basis ON cost_basis.id = usage.cost_basis_id WHERE usage.request_id = ?`).get(requestId);
  return record === undefined ? undefined : withBreakdown(usageRowFromRecord(record), record.basis);
}
