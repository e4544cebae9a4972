import { queryInstant, queryKeysetCursor, queryPageLimit, queryText } from "../query-params/page-query-params";
import { UsageQueryError } from "../usage/usage-query-params";
import type { AuditQuery } from "./audit-log";

export const MAX_AUDIT_PAGE = 500;

/**
 * `/api/audit` filters: `action` (exact, or `keys.*` for every action starting with `keys.`), `actor`, `target`,
 * `outcome` (success|failure), `since`/`until` (ISO 8601 or epoch ms), `limit` (1–500, default 50), `cursor`.
 * Problems name the parameter; nothing from the input is echoed back.
 */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const problems: string[] = [];
  const text = (name: string) => queryText(params, name, problems);
  const actionParam = text("action");
  const wildcard = actionParam?.endsWith("*") === true;
  const outcome = params.get("outcome");
  if (outcome !== null && outcome !== "success" && outcome !== "failure") problems.push("outcome: must be success or failure");
  const limit = queryPageLimit(params, problems, MAX_AUDIT_PAGE);
  const position = queryKeysetCursor(params, problems);
  const before: AuditQuery["before"] = position === undefined ? undefined : { at: position.at, id: position.id };
  const since = queryInstant(params, "since", problems);
  const until = queryInstant(params, "until", problems);
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
