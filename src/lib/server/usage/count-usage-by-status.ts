import type { UsageStatus } from "../../../../open-sse/src/ports";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { USAGE_STATUSES } from "./usage-columns";

/** Row counts per status; every status is present (0 when none), so callers need no undefined checks. */
export function countUsageByStatus(db: SqliteDatabase): Record<UsageStatus, number> {
  const counts = Object.fromEntries(USAGE_STATUSES.map((status) => [status, 0])) as Record<UsageStatus, number>;
  for (const record of db.prepare("SELECT status, count(*) AS rows FROM usage GROUP BY status").all()) {
    counts[record.status as UsageStatus] = Number(record.rows);
  }
  return counts;
}
