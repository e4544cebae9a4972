/**
 * The host's UsageSink in front of the batched store: prices each row (never in the engine), tells budgets,
 * metrics, quota, telemetry and the request log about it, and hands it to the store with its cost.
 *
 * All of that runs one turn after the request recorded its row (a `setImmediate` batch), not in the request's last
 * turn: a client that sends its next request as soon as it has the answer (every sequential agent loop) would
 * otherwise wait for the previous request's bookkeeping — with the request log on, ~60–90 µs of it. Deferred, that
 * work overlaps the next request's upstream wait. Rows whose upstream reported no input tokens get a local count
 * (estimate-tokens.ts) in the same batch, flagged as estimated; an estimate is never padded and never sent to a client.
 */
import type { CostResult } from "../../../../open-sse/src/accounting/compute-cost";
import type { UsageRow, UsageSink } from "../../../../open-sse/src/ports";
import type { RowAccounting } from "./usage-columns";
import type { UsageStore } from "./usage-store";

export interface AccountingSinkOptions {
  store: UsageStore;
  /** Prices a row; absent: rows are stored without cost. */
  costOf?: (row: UsageRow) => CostResult;
  /** Told about each row with what was computed for it (budgets settle, metrics count). */
  onPriced?: (row: UsageRow, accounting: RowAccounting) => void;
  onError?: (error: Error) => void;
  /** Rows waiting for a local token count at most; past it rows are stored without one (input stays null). */
  maxPendingEstimates?: number;
}

export interface AccountingSink extends UsageSink {
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly pendingCount: number;
  readonly droppedCount: number;
}

const DEFAULT_MAX_PENDING_ESTIMATES = 64;

/** Only a request that reached an upstream and ended without an input count is estimated. */
export function needsInputEstimate(row: UsageRow): boolean {
  return (
    row.inputTokens === null &&
    (row.attempts ?? 0) > 0 &&
    row.status !== "error" &&
    typeof row.estimateInputTokens === "function"
  );
}

export function createAccountingSink(options: AccountingSinkOptions): AccountingSink {
  const { store } = options;
  const maxPending = options.maxPendingEstimates ?? DEFAULT_MAX_PENDING_ESTIMATES;
  const report = (error: Error) => {
    try {
      options.onError?.(error);
    } catch {
      // A throwing error handler must not break usage recording.
    }
  };
  let pending: UsageRow[] = [];
  let estimatesPending = 0;
  let scheduled: ReturnType<typeof setImmediate> | null = null;

  function finalize(row: UsageRow, tokensEstimated: boolean): void {
    let cost: CostResult | null = null;
    try {
      cost = options.costOf?.(row) ?? null;
    } catch (error) {
      report(new Error(`usage row ${row.requestId} not priced: ${messageOf(error)}`, { cause: error }));
    }
    const accounting: RowAccounting = {
      costUsd: cost?.costUsd ?? null,
      costBasis: cost === null ? null : JSON.stringify(cost.basis),
      tokensEstimated,
    };
    try {
      options.onPriced?.(row, accounting);
    } catch (error) {
      report(new Error(`usage row ${row.requestId}: bookkeeping failed: ${messageOf(error)}`, { cause: error }));
    }
    store.record(row, accounting);
  }

  function finalizePending(): void {
    scheduled = null;
    const rows = pending;
    pending = [];
    estimatesPending = 0;
    for (const row of rows) {
      if (!wantsEstimate.has(row)) {
        finalize(row, false);
        continue;
      }
      let counted: number | null | Promise<number | null> = null;
      try {
        counted = row.estimateInputTokens?.() ?? null;
      } catch {
        // A request that cannot be read back (it was invalid) simply has no estimate.
      }
      if (counted instanceof Promise) {
        // Counted on the engine's worker thread: the row is recorded when the count arrives (or fails).
        const waiting: Promise<void> = counted.then(
          (value) => finalizeEstimated(row, value),
          () => finalizeEstimated(row, null),
        );
        counting.add(waiting);
        void waiting.finally(() => counting.delete(waiting));
        continue;
      }
      finalizeEstimated(row, counted);
    }
  }

  function finalizeEstimated(row: UsageRow, counted: number | null): void {
    const valid = typeof counted === "number" && Number.isInteger(counted) && counted >= 0;
    finalize(valid ? { ...row, inputTokens: counted } : row, valid);
  }

  /** Rows whose count is still running, recorded when it arrives (flush and close wait for them). */
  const counting = new Set<Promise<void>>();

  /** Rows of the batch that get a local token count (at most `maxPending` per batch: counting is the costly part). */
  const wantsEstimate = new WeakSet<UsageRow>();

  return {
    record(row) {
      try {
        if (typeof row !== "object" || row === null) return finalize(row, false);
        if (needsInputEstimate(row) && estimatesPending + counting.size < maxPending) {
          wantsEstimate.add(row);
          estimatesPending += 1;
        }
        pending.push(row);
        scheduled ??= setImmediate(finalizePending);
      } catch (error) {
        report(new Error(`usage row could not be recorded: ${messageOf(error)}`, { cause: error }));
      }
    },
    async flush() {
      if (scheduled !== null) {
        clearImmediate(scheduled);
        finalizePending();
      }
      await Promise.all(counting);
      await store.flush();
    },
    async close() {
      if (scheduled !== null) {
        clearImmediate(scheduled);
        finalizePending();
      }
      await Promise.all(counting);
      await store.close();
    },
    get pendingCount() {
      return store.pendingCount + pending.length + counting.size;
    },
    get droppedCount() {
      return store.droppedCount;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
