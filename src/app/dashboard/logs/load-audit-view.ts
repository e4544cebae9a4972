/**
 * The audit tab's data: one page of the audit log (src/lib/server/audit), newest first, filtered by action area
 * and outcome. The log is written by the server on every state-changing `/api` request; this only reads it.
 */
import { auditLogFor } from "@/lib/server/audit/record-audit";
import type { AuditEntry } from "@/lib/server/audit/audit-log";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";

export const AUDIT_AREAS = ["auth", "keys", "providers", "combos", "settings", "pricing", "usage", "resilience"] as const;
const AUDIT_PAGE_SIZE = 50;

export interface AuditSearchParams {
  /** An action area: every action starting with `<area>.`. */
  area: (typeof AUDIT_AREAS)[number] | undefined;
  outcome: "success" | "failure" | undefined;
  cursor: string | undefined;
}

export type AuditView = { isAttached: false } | { isAttached: true; entries: AuditEntry[]; nextCursor: string | null };

export function parseAuditSearchParams(raw: Record<string, string | string[] | undefined>): AuditSearchParams {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const area = first(raw.area);
  const outcome = first(raw.outcome);
  const cursor = first(raw.cursor);
  return {
    area: (AUDIT_AREAS as readonly string[]).includes(area ?? "") ? (area as AuditSearchParams["area"]) : undefined,
    outcome: outcome === "success" || outcome === "failure" ? outcome : undefined,
    cursor: cursor !== undefined && /^\d{1,16}\.\d{1,16}$/.test(cursor) ? cursor : undefined,
  };
}

export function auditHref(params: AuditSearchParams, change: Partial<AuditSearchParams>): string {
  const next = { ...params, cursor: undefined, ...change };
  const query = new URLSearchParams({ tab: "audit" });
  if (next.area) query.set("area", next.area);
  if (next.outcome) query.set("outcome", next.outcome);
  if (next.cursor) query.set("cursor", next.cursor);
  return `/dashboard/logs?${query}`;
}

export function loadAuditView(params: AuditSearchParams): AuditView {
  const runtime = findHostRuntime();
  if (runtime === undefined) return { isAttached: false };
  const [at, id] = params.cursor ? params.cursor.split(".").map(Number) : [];
  const page = auditLogFor(runtime.sqlite).query({
    actionPrefix: params.area ? `${params.area}.` : undefined,
    outcome: params.outcome,
    limit: AUDIT_PAGE_SIZE,
    before: at !== undefined && id !== undefined ? { at, id } : undefined,
  });
  return { isAttached: true, entries: page.data, nextCursor: page.nextCursor };
}
