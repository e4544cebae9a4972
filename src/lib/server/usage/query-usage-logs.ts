import { explainCost, type CostBasis, type CostExplanation } from "../../../../open-sse/src/accounting/compute-cost";
import type { SqliteDatabase, SqliteValue } from "../sqlite/sqlite-database";
import { rawOperationClause } from "./aggregate-usage";
import { USAGE_COLUMNS, usageRowFromRecord, type StoredUsageRow } from "./usage-columns";
import type { LogsQuery } from "./usage-query-params";

export interface UsageLogEntry extends StoredUsageRow {
  /** "Why this cost": each token class with its price and cost; null for rows stored before costs existed. */
  costBreakdown: CostExplanation | null;
}

export interface UsageLogsPage {
  data: UsageLogEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const SELECTED = `${USAGE_COLUMNS.map((column) => `usage.${column}`).join(", ")}, usage.id AS row_id, cost_basis.basis AS basis`;

/** Newest first, keyset-paged on (started_at, id) so a page costs the same however deep it is. */
export function queryUsageLogs(db: SqliteDatabase, query: LogsQuery): UsageLogsPage {
  const { sql, parameters } = usageLogsStatement(query);
  const records = db.prepare(sql).all(...parameters);
  const page = records.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((record) => withBreakdown(usageRowFromRecord(record), record.basis)),
    nextCursor: records.length > query.limit && last !== undefined ? `${Number(last.started_at)}.${Number(last.row_id)}` : null,
  };
}

/** The page's query (one row more than the page, to know whether another follows); exported for plan tests. */
export function usageLogsStatement(query: LogsQuery): { sql: string; parameters: SqliteValue[] } {
  const where = ["usage.started_at >= ?"];
  const parameters: SqliteValue[] = [query.range.from];
  // The index range must end at the cursor, not at the range's end: SQLite does not turn the cursor's OR into a
  // bound, so with `started_at < to` as the only upper bound a page 100,000 rows deep first walks past those rows.
  // `started_at <= c AND (started_at < c OR id < i)` is the cursor condition with a bound the index can seek to.
  if (query.before !== undefined && query.before.startedAt < query.range.to) {
    add(where, parameters, "usage.started_at <= ?", query.before.startedAt);
    add(where, parameters, "(usage.started_at < ? OR usage.id < ?)", query.before.startedAt, query.before.id);
  } else add(where, parameters, "usage.started_at < ?", query.range.to);
  const { provider, model, account, apiKeyId, status, combo, sessionKey, operation } = query.filters;
  if (provider !== undefined) add(where, parameters, "usage.provider = ?", provider);
  if (model !== undefined) add(where, parameters, "(usage.upstream_model = ? OR usage.model = ?)", model, model);
  if (account !== undefined) add(where, parameters, "usage.account = ?", account);
  if (apiKeyId !== undefined) add(where, parameters, "usage.api_key_id = ?", apiKeyId);
  if (status !== undefined) add(where, parameters, "usage.status = ?", status);
  if (combo !== undefined) add(where, parameters, "usage.combo = ?", combo);
  if (sessionKey !== undefined) add(where, parameters, "usage.session_key = ?", sessionKey);
  if (operation !== undefined) where.push(rawOperationClause(operation, parameters, "usage"));
  return {
    sql: `SELECT ${SELECTED} FROM usage LEFT JOIN cost_basis ON cost_basis.id = usage.cost_basis_id
       WHERE ${where.join(" AND ")} ORDER BY usage.started_at DESC, usage.id DESC LIMIT ?`,
    parameters: [...parameters, query.limit + 1],
  };
}

export function withBreakdown(row: StoredUsageRow, basis: unknown): UsageLogEntry {
  return { ...row, costBreakdown: typeof basis === "string" ? explainStored(row, basis) : null };
}

function explainStored(row: StoredUsageRow, basis: string): CostExplanation | null {
  try {
    const explanation = explainCost(row, JSON.parse(basis) as CostBasis);
    if (row.tokensEstimated) explanation.notes.push("Input tokens were estimated locally: the upstream reported none.");
    return explanation;
  } catch {
    return null;
  }
}

/** Adds one condition and its bound values. */
function add(where: string[], parameters: SqliteValue[], clause: string, ...values: SqliteValue[]): void {
  where.push(clause);
  parameters.push(...values);
}
