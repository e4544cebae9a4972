import { UsageQueryError } from "../usage/usage-query-params";
import type { AuditQuery } from "./audit-log";

export const MAX_AUDIT_PAGE = 500;
const MAX_TEXT = 200;

/**
 * `/api/audit` filters: `action` (exact, or `keys.*` for every action starting with `keys.`), `actor`, `target`,
 * `outcome` (success|failure), `since`/`until` (ISO 8601 or epoch ms), `limit` (1–500, default 50), `cursor`.
 * Problems name the parameter; nothing from the input is echoed back.
 */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = params.get(name);
    if (value === null || value === "") return undefined;
    if (value.length > MAX_TEXT) {
      problems.push(`${name}: must be at most ${MAX_TEXT} characters`);
      return undefined;
    }
    return value;
  };
  const instant = (name: string) => {
    const value = params.get(name);
    if (value === null || value === "") return undefined;
    const parsed = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(parsed)) {
      problems.push(`${name}: must be an ISO 8601 date-time or epoch milliseconds`);
      return undefined;
    }
    return parsed;
  };
  const actionParam = text("action");
  const wildcard = actionParam?.endsWith("*") === true;
  const outcome = params.get("outcome");
  if (outcome !== null && outcome !== "success" && outcome !== "failure") problems.push("outcome: must be success or failure");
  const limitParam = params.get("limit");
  const limit = limitParam === null ? 50 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) problems.push(`limit: must be an integer from 1 to ${MAX_AUDIT_PAGE}`);
  const cursor = params.get("cursor");
  let before: AuditQuery["before"];
  if (cursor !== null) {
    const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor);
    if (match) before = { at: Number(match[1]), id: Number(match[2]) };
    else problems.push("cursor: must be a nextCursor value from a previous page");
  }
  const since = instant("since");
  const until = instant("until");
  if (since !== undefined && until !== undefined && until <= since) problems.push("until: must be after since");
  const query: AuditQuery = {
    action: wildcard ? undefined : actionParam,
    actionPrefix: wildcard ? actionParam!.slice(0, -1) : undefined,
    actor: text("actor"),
    target: text("target"),
    outcome: (outcome ?? undefined) as AuditQuery["outcome"],
    since,
    until,
    limit,
    before,
  };
  if (problems.length > 0) throw new UsageQueryError(problems);
  return query;
}
