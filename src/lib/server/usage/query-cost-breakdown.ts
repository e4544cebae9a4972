/**
 * What a range's cost is made of, per token class (uncached input, cache reads, cache writes, plain output,
 * reasoning). Rows store only their total cost, so:
 * - Raw rows (days not rolled up yet, partial days at the range's ends) are exact: each row points at the cost
 *   basis it was priced with, a basis's prices are linear in tokens, so pricing each class's token sum per basis
 *   gives the same dollars as pricing every row.
 * - Rolled-up days (usage_daily keeps no basis) split each (provider, model)'s recorded cost over the classes in
 *   proportion to tokens × that model's metered prices. Totals stay exact; the split is exact while a model had
 *   one price, and a close proportion when it had several (a price change, the long-context tier).
 * Both paths read index ranges only: rollups by day, raw rows by `started_at` over at most two partial days.
 */
import type { CostBasis, CostRates } from "../../../../open-sse/src/accounting/compute-cost";
import type { SqliteDatabase, SqliteRow, SqliteValue } from "../sqlite/sqlite-database";
import { rawOperationClause, type UsageFilters } from "./aggregate-usage";
import type { TimeRange } from "./usage-query-params";
import { DAY_MS, dayStartOf, readRolledThrough } from "./usage-rollups";

/** The token classes of compute-cost.ts (per-image prices are not tokens: they land in `otherUsd`). */
export type TokenClass = "input" | "cache_read" | "cache_write" | "output" | "reasoning";

export interface CostBreakdownLine {
  tokenClass: TokenClass;
  tokens: number;
  /** Dollars billed for these tokens (0 on subscription and free accounts). */
  usd: number;
}

export interface CostBreakdown {
  lines: CostBreakdownLine[];
  /** The recorded cost of the range: equals the usage totals' cost. */
  totalUsd: number;
  /**
   * Recorded cost no token class explains: per-image prices, or a rolled-up model whose prices are no longer
   * recorded. Part of totalUsd.
   */
  otherUsd: number;
  /** Requests whose tokens had no known price: their tokens are counted, their cost is not. */
  unpricedRequests: number;
}

const TOKEN_CLASSES: readonly TokenClass[] = ["input", "cache_read", "cache_write", "output", "reasoning"];
const RATE_OF: Record<TokenClass, "input" | "cacheRead" | "cacheWrite" | "output" | "reasoning"> = {
  input: "input",
  cache_read: "cacheRead",
  cache_write: "cacheWrite",
  output: "output",
  reasoning: "reasoning",
};
/** The same split as compute-cost.ts: cache tokens inside input, reasoning inside output. */
const RAW_CLASSES = `total(max(0, coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0))) AS input,
  total(cache_read_tokens) AS cache_read, total(cache_write_tokens) AS cache_write,
  total(max(0, coalesce(output_tokens, 0) - coalesce(reasoning_tokens, 0))) AS output, total(reasoning_tokens) AS reasoning,
  sum(cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)) AS unpriced, total(cost_usd) AS cost`;
const DAILY_CLASSES = `total(max(0, input_tokens - cache_read_tokens - cache_write_tokens)) AS input,
  total(cache_read_tokens) AS cache_read, total(cache_write_tokens) AS cache_write,
  total(max(0, output_tokens - reasoning_tokens)) AS output, total(reasoning_tokens) AS reasoning,
  sum(unpriced) AS unpriced, total(cost_usd) AS cost`;
const DATE_SUFFIX = /-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;

export function queryCostBreakdown(db: SqliteDatabase, range: TimeRange, filters: UsageFilters): CostBreakdown {
  const dailyFrom = dayStartOf(range.from + DAY_MS - 1);
  const dailyTo = Math.min(readRolledThrough(db), dayStartOf(range.to));
  const useDaily = dailyTo > dailyFrom;
  const rawRanges: [number, number][] = useDaily ? [[range.from, dailyFrom], [dailyTo, range.to]] : [[range.from, range.to]];
  const lines = new Map<TokenClass, CostBreakdownLine>(TOKEN_CLASSES.map((tokenClass) => [tokenClass, { tokenClass, tokens: 0, usd: 0 }]));
  const result = { totalUsd: 0, otherUsd: 0, unpricedRequests: 0 };
  const bases = loadBases(db);

  for (const [from, to] of rawRanges) {
    if (to <= from) continue;
    const { where, parameters } = rawWhere(from, to, filters);
    const records = db.prepare(`SELECT cost_basis_id AS basis_id, ${RAW_CLASSES} FROM usage WHERE ${where} GROUP BY cost_basis_id`).all(...parameters);
    for (const record of records) {
      const basis = record.basis_id === null ? undefined : bases.byId.get(Number(record.basis_id));
      const rates: CostRates | null = basis?.billing === "metered" ? basis.rates : null;
      const cost = Number(record.cost ?? 0);
      result.totalUsd += cost;
      result.unpricedRequests += Number(record.unpriced ?? 0);
      let explained = 0;
      for (const tokenClass of TOKEN_CLASSES) {
        const line = lines.get(tokenClass)!;
        const tokens = tokensOf(record, tokenClass);
        line.tokens += tokens;
        if (rates) {
          const usd = (tokens * rates[RATE_OF[tokenClass]]) / 1e6;
          line.usd += usd;
          explained += usd;
        }
      }
      // Rounding leaves fractions of a picodollar; anything real is images or a basis without token prices.
      if (cost - explained > 1e-9) result.otherUsd += cost - explained;
    }
  }

  if (useDaily) {
    const { where, parameters } = dailyWhere(dailyFrom, dailyTo, filters);
    const records = db.prepare(`SELECT provider, model, ${DAILY_CLASSES} FROM usage_daily WHERE ${where} GROUP BY provider, model`).all(...parameters);
    for (const record of records) {
      const cost = Number(record.cost ?? 0);
      result.totalUsd += cost;
      result.unpricedRequests += Number(record.unpriced ?? 0);
      const rates = bases.meteredRatesOf(String(record.provider), String(record.model));
      const weights = TOKEN_CLASSES.map((tokenClass) => tokensOf(record, tokenClass) * (rates ? rates[RATE_OF[tokenClass]] : 0));
      const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
      TOKEN_CLASSES.forEach((tokenClass, index) => {
        const line = lines.get(tokenClass)!;
        line.tokens += tokensOf(record, tokenClass);
        if (weightSum > 0) line.usd += (cost * (weights[index] ?? 0)) / weightSum;
      });
      if (weightSum === 0) result.otherUsd += cost;
    }
  }
  return { lines: [...lines.values()], ...result };
}

function tokensOf(record: SqliteRow, tokenClass: TokenClass): number {
  return Number(record[tokenClass] ?? 0);
}

interface KnownBases {
  byId: Map<number, CostBasis>;
  /** The newest metered, standard-tier prices recorded for `provider/model` (or its undated name). */
  meteredRatesOf(provider: string, model: string): CostRates | null;
}

/** Every distinct cost basis: there are few (one per model, price and billing mode), and they are small. */
function loadBases(db: SqliteDatabase): KnownBases {
  const byId = new Map<number, CostBasis>();
  const ratesByKey = new Map<string, CostRates>();
  for (const record of db.prepare("SELECT id, basis FROM cost_basis ORDER BY id").all()) {
    const basis = parseBasis(record.basis);
    if (basis === null) continue;
    byId.set(Number(record.id), basis);
    if (basis.billing === "metered" && basis.rates !== null && basis.key !== null && basis.tier === null) ratesByKey.set(basis.key, basis.rates);
  }
  return {
    byId,
    meteredRatesOf: (provider, model) => ratesByKey.get(`${provider}/${model}`) ?? ratesByKey.get(`${provider}/${model.replace(DATE_SUFFIX, "")}`) ?? null,
  };
}

function parseBasis(value: unknown): CostBasis | null {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value) as CostBasis;
  } catch {
    return null;
  }
}

function rawWhere(from: number, to: number, filters: UsageFilters): { where: string; parameters: SqliteValue[] } {
  const where = ["started_at >= ?", "started_at < ?"];
  const parameters: SqliteValue[] = [from, to];
  if (filters.provider !== undefined) add(where, parameters, "provider = ?", filters.provider);
  if (filters.model !== undefined) add(where, parameters, "(upstream_model = ? OR (upstream_model IS NULL AND model = ?))", filters.model, filters.model);
  if (filters.account !== undefined) add(where, parameters, "account = ?", filters.account);
  if (filters.apiKeyId !== undefined) add(where, parameters, "api_key_id = ?", filters.apiKeyId);
  if (filters.operation !== undefined) where.push(rawOperationClause(filters.operation, parameters));
  return { where: where.join(" AND "), parameters };
}

function dailyWhere(from: number, to: number, filters: UsageFilters): { where: string; parameters: SqliteValue[] } {
  const where = ["day_start >= ?", "day_start < ?"];
  const parameters: SqliteValue[] = [from, to];
  if (filters.provider !== undefined) add(where, parameters, "provider = ?", filters.provider);
  if (filters.model !== undefined) add(where, parameters, "model = ?", filters.model);
  if (filters.account !== undefined) add(where, parameters, "account = ?", filters.account);
  if (filters.apiKeyId !== undefined) add(where, parameters, "api_key_id = ?", filters.apiKeyId);
  if (filters.operation !== undefined) add(where, parameters, "operation = ?", filters.operation);
  return { where: where.join(" AND "), parameters };
}

function add(where: string[], parameters: SqliteValue[], clause: string, ...values: SqliteValue[]): void {
  where.push(clause);
  parameters.push(...values);
}
