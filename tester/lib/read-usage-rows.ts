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
}

/** Reads the usage table of a data dir the way an operator would: a real SQLite reader beside the server. */
export function readUsageRows(dataDir: string): StoredUsageRow[] {
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  const db = new Database(join(dataDir, "omniroute.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT * FROM usage ORDER BY id").all() as StoredUsageRow[];
  } finally {
    db.close();
  }
}
