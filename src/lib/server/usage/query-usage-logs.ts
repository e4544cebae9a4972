import { explainCost, type CostBasis, type CostExplanation } from "../../../../open-sse/src/accounting/compute-cost";
import type { SqliteDatabase, SqliteValue } from "../sqlite/sqlite-database";
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
  const where = ["usage.started_at >= ?", "usage.started_at < ?"];
  const parameters: SqliteValue[] = [query.range.from, query.range.to];
  const { provider, model, account, apiKeyId, status, combo, sessionKey } = query.filters;
  if (provider !== undefined) add(where, parameters, "usage.provider = ?", provider);
  if (model !== undefined) add(where, parameters, "(usage.upstream_model = ? OR usage.model = ?)", model, model);
  if (account !== undefined) add(where, parameters, "usage.account = ?", account);
  if (apiKeyId !== undefined) add(where, parameters, "usage.api_key_id = ?", apiKeyId);
  if (status !== undefined) add(where, parameters, "usage.status = ?", status);
  if (combo !== undefined) add(where, parameters, "usage.combo = ?", combo);
  if (sessionKey !== undefined) add(where, parameters, "usage.session_key = ?", sessionKey);
  if (query.before !== undefined) {
    where.push("(usage.started_at < ? OR (usage.started_at = ? AND usage.id < ?))");
    parameters.push(query.before.startedAt, query.before.startedAt, query.before.id);
  }
  const records = db
    .prepare(
      `SELECT ${SELECTED} FROM usage LEFT JOIN cost_basis ON cost_basis.id = usage.cost_basis_id
       WHERE ${where.join(" AND ")} ORDER BY usage.started_at DESC, usage.id DESC LIMIT ?`,
    )
    .all(...parameters, query.limit + 1);
  const page = records.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((record) => withBreakdown(usageRowFromRecord(record), record.basis)),
    nextCursor: records.length > query.limit && last !== undefined ? `${Number(last.started_at)}.${Number(last.row_id)}` : null,
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
