/**
 * The host's UsageSink: the engine calls `record` on the request path, so it only queues; rows reach SQLite
 * in batches, one transaction per batch, off the request path.
 */
import type { UsageRow, UsageSink } from "../../../../open-sse/src/ports";
import type { SqliteDatabase, SqliteValue } from "../sqlite/sqlite-database";
import { sqliteErrorCode } from "../sqlite/sqlite-error-code";
import { COST_BASIS_ID_INDEX, USAGE_COLUMNS, invalidUsageRowReason, usageRowToValues, type RowAccounting } from "./usage-columns";

export { queryRecentUsage } from "./query-recent-usage";
export { countUsageByStatus } from "./count-usage-by-status";

export interface UsageStoreOptions {
  /** How long a recorded row may wait before it is written. */
  flushIntervalMs?: number;
  /** Rows per transaction; a queue this long is flushed without waiting for the timer. */
  maxBatch?: number;
  /** Most rows kept in memory while SQLite cannot be written; the oldest are dropped beyond it. */
  maxQueue?: number;
  /** Told about write failures, dropped rows and rejected rows. Never called from inside `record`'s caller stack. */
  onError?: (error: Error) => void;
}

export interface UsageStore extends UsageSink {
  /**
   * Queues one row; `accounting` is what the host computed for it (cost, basis, estimated flag). Never throws,
   * never writes on the caller's stack.
   */
  record(row: UsageRow, accounting?: RowAccounting): void;
  /** Writes every queued row now; rejects if SQLite refuses (the rows stay queued for the next attempt). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is queued; failures go to onError. Does not close the database. */
  close(): Promise<void>;
  /** Rows recorded but not yet written. */
  readonly pendingCount: number;
  /** Rows dropped since start because the queue was full while SQLite refused writes (for /metrics). */
  readonly droppedCount: number;
}

/** A queued row: its column values, and its cost basis, which gets its `cost_basis` id only at write time. */
interface QueuedRow {
  values: SqliteValue[];
  basis: string | null;
}

/** Distinct cost bases are few (one per model, price and billing mode); past this the id cache starts over. */
const MAX_CACHED_BASIS_IDS = 10_000;

/** Retries back off up to this while SQLite keeps failing (e.g. another process holds the write lock). */
const MAX_RETRY_DELAY_MS = 10_000;
/** A persisting failure is reported again at most this often, so a long outage does not flood the log. */
const FAILURE_REPORT_INTERVAL_MS = 60_000;

/**
 * How long one flush may wait for another process's write lock. better-sqlite3 waits synchronously, on the event
 * loop, so the connection's busy_timeout (5 s) would freeze every request for that long; past this the flush
 * gives up and the backed-off retry timer tries again later.
 */
const FLUSH_BUSY_WAIT_MS = 10;

/** Errors caused by one row's values rather than by the database; retrying such a row can never succeed. */
const ROW_SPECIFIC_CODES = new Set(["SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_TOOBIG", "SQLITE_RANGE"]);

export function createUsageStore(db: SqliteDatabase, options: UsageStoreOptions = {}): UsageStore {
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const maxBatch = Math.max(1, options.maxBatch ?? 500);
  const maxQueue = Math.max(maxBatch, options.maxQueue ?? 100_000);
  const onError = options.onError ?? ((error: Error) => console.error(`[usage-store] ${error.message}`));

  // Prepared once: fails here, at boot, if the schema is missing, instead of on every flush.
  const insert = db.prepare(
    `INSERT INTO usage (${USAGE_COLUMNS.join(", ")}) VALUES (${USAGE_COLUMNS.map(() => "?").join(", ")}) ` +
      "ON CONFLICT (request_id) DO NOTHING",
  );
  const selectBasis = db.prepare("SELECT id FROM cost_basis WHERE basis = ?");
  const insertBasis = db.prepare("INSERT INTO cost_basis (basis) VALUES (?) ON CONFLICT (basis) DO NOTHING");
  // Only ids whose insert committed: a rolled-back batch must not leave an id here that no row exists for.
  const committedBasisIds = new Map<string, number>();
  function basisId(basis: string, fresh: Map<string, number>): number {
    const known = committedBasisIds.get(basis) ?? fresh.get(basis);
    if (known !== undefined) return known;
    let found = selectBasis.get(basis);
    if (found === undefined) {
      insertBasis.run(basis);
      found = selectBasis.get(basis);
    }
    const id = Number(found?.id);
    fresh.set(basis, id);
    return id;
  }
  function valuesOf(entry: QueuedRow, fresh: Map<string, number>): SqliteValue[] {
    if (entry.basis === null) return entry.values;
    const values = [...entry.values];
    values[COST_BASIS_ID_INDEX] = basisId(entry.basis, fresh);
    return values;
  }
  function remember(fresh: Map<string, number>): void {
    if (committedBasisIds.size + fresh.size > MAX_CACHED_BASIS_IDS) committedBasisIds.clear();
    for (const [basis, id] of fresh) committedBasisIds.set(basis, id);
  }
  const insertBatch = db.transaction((batch: QueuedRow[]) => {
    const fresh = new Map<string, number>();
    for (const entry of batch) insert.run(...valuesOf(entry, fresh));
    return fresh;
  });
  /** Runs a write with the short busy wait, restoring the connection's own timeout for its other users. */
  function withShortBusyWait<Result>(write: () => Result): Result {
    // At close nothing waits on the event loop any more: the final flush may use the connection's full patience.
    if (closed) return write();
    const connectionBusyTimeoutMs = readBusyTimeout(db);
    if (connectionBusyTimeoutMs === undefined || connectionBusyTimeoutMs <= FLUSH_BUSY_WAIT_MS) return write();
    db.exec(`PRAGMA busy_timeout = ${FLUSH_BUSY_WAIT_MS}`);
    try {
      return write();
    } finally {
      db.exec(`PRAGMA busy_timeout = ${connectionBusyTimeoutMs}`);
    }
  }

  const queue: QueuedRow[] = [];
  let droppedTotal = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let draining: Promise<void> | null = null;
  let consecutiveFailures = 0;
  let lastFailureReportAt = 0;
  let droppedSinceReport = 0;
  let closed = false;
  let reportedRecordAfterClose = false;

  function report(error: Error): void {
    try {
      onError(error);
    } catch {
      // A throwing error handler must not break the writer.
    }
  }

  function scheduleTimer(): void {
    if (timer || closed) return;
    const delay =
      consecutiveFailures === 0
        ? flushIntervalMs
        : Math.min(flushIntervalMs * 2 ** consecutiveFailures, MAX_RETRY_DELAY_MS);
    timer = setTimeout(() => {
      timer = null;
      runScheduledFlush();
    }, delay);
    // Pending usage must never keep the process alive; shutdown calls close(), which flushes.
    timer.unref();
  }

  function scheduleSoon(): void {
    // While failing, only the backed-off timer retries: a full queue must not turn into a retry per record.
    if (immediate || closed || consecutiveFailures > 0) return;
    immediate = setImmediate(() => {
      immediate = null;
      runScheduledFlush();
    });
  }

  function runScheduledFlush(): void {
    drain().catch((error: unknown) => {
      const now = Date.now();
      if (consecutiveFailures === 1 || now - lastFailureReportAt >= FAILURE_REPORT_INTERVAL_MS) {
        lastFailureReportAt = now;
        report(
          new Error(`usage rows not written yet (${queue.length} queued, will retry): ${messageOf(error)}`, {
            cause: error,
          }),
        );
      }
    });
  }

  function drain(): Promise<void> {
    draining ??= drainQueue().finally(() => {
      draining = null;
    });
    return draining;
  }

  async function drainQueue(): Promise<void> {
    try {
      while (queue.length > 0) {
        reportDropped();
        writeHeadOfQueue();
        // Let requests run between batches when a large backlog is written.
        if (queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      reportDropped();
      consecutiveFailures = 0;
    } catch (error) {
      consecutiveFailures += 1;
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      if (queue.length > 0) scheduleTimer();
    }
  }

  /** Writes up to maxBatch rows from the front of the queue and removes what was written or rejected. */
  function writeHeadOfQueue(): void {
    const batch = queue.slice(0, maxBatch);
    try {
      remember(withShortBusyWait(() => insertBatch(batch)));
      queue.splice(0, batch.length);
      return;
    } catch (error) {
      // A busy or full database: keep every row (the transaction rolled back) and let the caller retry.
      if (!isRowSpecific(error)) throw error;
    }
    // One row's values are refused: write rows one by one so the others are not held hostage by it.
    for (let index = 0; index < batch.length; index += 1) {
      const entry = batch[index] ?? { values: [], basis: null };
      const values = entry.values;
      try {
        const fresh = new Map<string, number>();
        withShortBusyWait(() => insert.run(...valuesOf(entry, fresh)));
        remember(fresh);
      } catch (error) {
        if (!isRowSpecific(error)) {
          // Rows before this one are committed; ON CONFLICT DO NOTHING would make re-writing them harmless,
          // but removing them keeps the retry small.
          queue.splice(0, index);
          throw error;
        }
        report(new Error(`usage row ${String(values[0])} dropped: ${messageOf(error)}`, { cause: error }));
      }
    }
    queue.splice(0, batch.length);
  }

  function reportDropped(): void {
    if (droppedSinceReport === 0) return;
    const dropped = droppedSinceReport;
    droppedSinceReport = 0;
    report(
      new Error(
        `dropped the ${dropped} oldest usage rows: SQLite has not accepted writes for a while and the queue ` +
          `reached its limit of ${maxQueue} rows`,
      ),
    );
  }

  return {
    record(row: UsageRow, accounting?: RowAccounting): void {
      try {
        if (closed) {
          if (!reportedRecordAfterClose) {
            reportedRecordAfterClose = true;
            report(new Error("usage row recorded after the usage store was closed; dropped"));
          }
          return;
        }
        const invalidReason = invalidUsageRowReason(row);
        if (invalidReason) {
          report(new Error(`usage row ${String(row?.requestId)} rejected: ${invalidReason}`));
          return;
        }
        queue.push({ values: usageRowToValues(row, accounting), basis: accounting?.costBasis ?? null });
        // Bounded because SQLite can stay unwritable for hours (disk full, a stuck lock): an ever-growing queue
        // would eventually take the gateway down with it. Usage is bookkeeping, serving requests comes first,
        // and the newest rows are the ones the dashboard shows, so the oldest go.
        if (queue.length > maxQueue) {
          const overflow = queue.length - maxQueue;
          queue.splice(0, overflow);
          droppedSinceReport += overflow;
          droppedTotal += overflow;
        }
        if (queue.length >= maxBatch) scheduleSoon();
        else scheduleTimer();
      } catch (error) {
        report(new Error(`usage row could not be queued: ${messageOf(error)}`, { cause: error }));
      }
    },

    flush(): Promise<void> {
      return drain();
    },

    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      timer = null;
      immediate = null;
      try {
        await drain();
      } catch (error) {
        report(new Error(`usage rows lost at close (${queue.length} not written): ${messageOf(error)}`, { cause: error }));
      }
    },

    get pendingCount(): number {
      return queue.length;
    },

    get droppedCount(): number {
      return droppedTotal;
    },
  };
}

/** The connection's busy_timeout in ms, or undefined when it cannot be read (then it is left alone). */
function readBusyTimeout(db: SqliteDatabase): number | undefined {
  try {
    const row = db.prepare("PRAGMA busy_timeout").get();
    const value = row === undefined ? undefined : Number(Object.values(row)[0]);
    return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRowSpecific(error: unknown): boolean {
  // Binding errors (a value of the wrong JS type) come as TypeError/RangeError with no SQLite code.
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = sqliteErrorCode(error);
  return code !== undefined && ROW_SPECIFIC_CODES.has(code);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
