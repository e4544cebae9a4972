import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { USAGE_COLUMNS, usageRowFromRecord, type StoredUsageRow } from "./usage-columns";

/** The newest `limit` usage rows, newest first. */
export function queryRecentUsage(db: SqliteDatabase, limit: number): StoredUsageRow[] {
  const boundedLimit = Math.max(0, Math.floor(limit));
  return db
    .prepare(`SELECT ${USAGE_COLUMNS.join(", ")} FROM usage ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(boundedLimit)
    .map(usageRowFromRecord);
}
