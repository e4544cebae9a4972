/**
 * `recordAudit(...)` for code that knows of an admin event the config document does not show (an OAuth login
 * that failed at the provider, a connection test, an export): one call, from anywhere in the host. Changes to
 * the config document need no call: the server audits every state-changing `/api` request already
 * (audit-admin-requests.ts).
 */
import { CLIENT_ADDRESS_HEADER } from "../../../server/request-guards/guard-headers";
import { SESSION_COOKIE_NAME } from "../auth/session-token";
import { findRuntime } from "../runtime/runtime-registry";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { createAuditLog, type AuditEntryInput, type AuditLog } from "./audit-log";

const logs = new WeakMap<SqliteDatabase, AuditLog>();

/** The one audit log over a database (created on first use; the server and the routes share it). */
export function auditLogFor(db: SqliteDatabase, onError?: (error: Error) => void): AuditLog {
  let log = logs.get(db);
  if (log === undefined) {
    log = createAuditLog(db, onError === undefined ? {} : { onError });
    logs.set(db, log);
  }
  return log;
}

/** Records one admin event through the running server's audit log; does nothing without one. Never throws. */
export function recordAudit(entry: AuditEntryInput): void {
  try {
    const sqlite = (findRuntime() as { sqlite?: SqliteDatabase } | undefined)?.sqlite;
    if (sqlite !== undefined) auditLogFor(sqlite).record(entry);
  } catch {
    // Auditing must never break the action it records.
  }
}

/** Who is calling a route (`admin` with a dashboard session, else `anonymous`) and from which address. */
export function auditCallerOf(request: Request): { actor: string; ip: string | null } {
  const cookies = request.headers.get("cookie") ?? "";
  const hasSession = cookies.split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE_NAME}=`) && part.trim().length > SESSION_COOKIE_NAME.length + 1);
  return { actor: hasSession ? "admin" : "anonymous", ip: request.headers.get(CLIENT_ADDRESS_HEADER) };
}
