import { createRequire } from "node:module";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

const require = createRequire(import.meta.url);

export interface StoredUsageRow {
  request_id: string;
  status: string;
  http_status: number;
  provider: string | null;
  model: string | null;
  upstream_model: string | null;
  account: string | null;
  stream: number;
  error_code: string | null;
  ttfb_ms: number | null;
  latency_ms: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  api_key_name: string | null;
  api_key_id: string | null;
  combo: string | null;
  attempts: number | null;
  session_key: string | null;
  /** 1 when the input tokens were counted locally (the upstream reported none). */
  tokens_estimated: number;
  cost_usd: number | null;
  /** The cost basis JSON (`cost_basis.basis`), joined in; null when no cost was computed. */
  cost_basis: string | null;
}

/** Reads the usage table of a data dir the way an operator would: a real SQLite reader beside the server. */
export function readUsageRows(dataDir: string): StoredUsageRow[] {
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  const db = new Database(join(dataDir, "omniroute.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT usage.*, cost_basis.basis AS cost_basis FROM usage LEFT JOIN cost_basis ON cost_basis.id = usage.cost_basis_id ORDER BY usage.id")
      .all() as StoredUsageRow[];
  } finally {
    db.close();
  }
}
