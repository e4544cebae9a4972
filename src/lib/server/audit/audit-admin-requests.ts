/**
 * Audits every state-changing `/api` request at the node server, in one place: the config document before the
 * request, the document once the response has gone out, and the difference between them (secrets masked) make
 * the entry's before/after. So every admin route — login, keys, providers, OAuth connections, settings, combos,
 * pricing, budgets, including routes written later — is on record without code in the route, and a route cannot
 * forget to audit. Login failures are recorded too (the response status says how it ended).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "../../../server/request-guards/guard-headers";
import { SESSION_COOKIE_NAME } from "../auth/session-token";
import { auditActionOf } from "./audit-action";
import type { AuditLog } from "./audit-log";
import { diffDocuments } from "./diff-documents";

export interface AdminRequestAuditOptions {
  /** `auditLogFor(runtime.sqlite)` (record-audit.ts), so routes calling `recordAudit` share it. */
  auditLog: AuditLog;
  /** The current config document (an immutable snapshot per version: db.json is copy-on-write). */
  readDocument: () => unknown;
  now?: () => number;
}

export type AdminRequestAudit = (request: IncomingMessage, response: ServerResponse) => void;

/** Call for each `/api` request the dashboard guard let through, before handing it to Next. Never throws. */
export function createAdminRequestAudit(options: AdminRequestAuditOptions): AdminRequestAudit {
  const now = options.now ?? Date.now;
  return (request, response) => {
    try {
      const url = request.url ?? "/";
      const queryStart = url.indexOf("?");
      const named = auditActionOf(request.method ?? "GET", queryStart === -1 ? url : url.slice(0, queryStart));
      if (named === undefined) return;
      const before = options.readDocument();
      const at = now();
      const ip = headerValue(request, CLIENT_ADDRESS_HEADER);
      const hasSession = hasSessionCookie(headerValue(request, "cookie"));
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const status = response.statusCode;
        const succeeded = response.writableFinished && status < 400;
        const diff = diffDocuments(before, options.readDocument());
        // A login's actor is who logged in: the admin when it worked, nobody known when it did not.
        const actor = named.action === "auth.login" ? (succeeded ? "admin" : "anonymous") : hasSession ? "admin" : "anonymous";
        options.auditLog.record({
          at,
          actor,
          action: named.action,
          target: named.target ?? createdTarget(diff.changes),
          ip: ip ?? null,
          outcome: succeeded ? "success" : "failure",
          httpStatus: response.writableFinished ? status : null,
          before: diff.before,
          after: diff.after,
        });
      };
      // `finish`: the whole response went out; `close` first: the client left mid-way (recorded as a failure).
      response.once("finish", finish);
      response.once("close", finish);
    } catch {
      // Auditing must never break the request it watches.
    }
  };
}

/** The id of what a create added (`apiKeys.k1 added` → `k1`), when the path named none. */
function createdTarget(changes: readonly string[]): string | null {
  for (const change of changes) {
    if (!change.endsWith(" added")) continue;
    const path = change.slice(0, -" added".length).split(".");
    if (path.length >= 2) return path.slice(1).join(":");
  }
  return null;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (cookieHeader === undefined) return false;
  return cookieHeader.split(";").some((part) => {
    const separator = part.indexOf("=");
    return separator > 0 && part.slice(0, separator).trim() === SESSION_COOKIE_NAME && part.slice(separator + 1).trim() !== "";
  });
}
