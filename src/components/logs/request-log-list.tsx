"use client";

import { useCallback, useState, type ReactNode } from "react";
import { apiRequest } from "@/components/ui/api-request";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useVisibleInterval } from "@/components/resilience/use-visible-interval";
import { mergeRequestRows, toRequestLogRow, type RequestLogRow } from "./request-log-row";
import { RequestLogTable } from "./request-log-table";

/** A tail poll is one indexed range read of the last few minutes: cheap enough every few seconds. */
const TAIL_INTERVAL_MS = 3_000;
/**
 * Rows are written when a request ends, stamped with when it started: a poll re-reads this far behind the
 * newest row shown so long streams that finish late still appear.
 */
const TAIL_LOOKBACK_MS = 10 * 60_000;
const MAX_ROWS = 200;
const HIGHLIGHT_MS = 4_000;

/**
 * The request list with a live tail: while on, it asks `/api/usage/logs` (same filters) for rows newer than the
 * shown ones every few seconds, only while the tab is visible, and merges them in.
 */
export function RequestLogList({ initialRows, apiQuery, canTail, empty }: { initialRows: RequestLogRow[]; apiQuery: string; canTail: boolean; empty: ReactNode }) {
  const [rows, setRows] = useState(initialRows);
  const [isLive, setIsLive] = useState(false);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const poll = useCallback(async () => {
    const newest = rows[0]?.startedAt ?? Date.now() - TAIL_LOOKBACK_MS;
    const query = new URLSearchParams(apiQuery);
    query.set("from", String(Math.max(0, newest - TAIL_LOOKBACK_MS)));
    query.set("to", String(Date.now() + 60_000));
    query.set("limit", "100");
    const result = await apiRequest<{ data?: unknown[] }>("GET", `/api/usage/logs?${query}`);
    if (!result.ok) {
      setProblem(result.message);
      return;
    }
    setProblem(null);
    const incoming = (result.data.data ?? []).flatMap((entry) => toRequestLogRow(entry) ?? []);
    const known = new Set(rows.map((row) => row.requestId));
    const fresh = incoming.filter((row) => !known.has(row.requestId));
    if (fresh.length === 0) return;
    setRows((current) => mergeRequestRows(current, incoming, MAX_ROWS));
    setHighlighted(new Set(fresh.map((row) => row.requestId)));
    setAnnouncement(`${fresh.length} new request${fresh.length === 1 ? "" : "s"}`);
    setTimeout(() => setHighlighted(new Set()), HIGHLIGHT_MS);
  }, [apiQuery, rows]);

  useVisibleInterval(poll, TAIL_INTERVAL_MS, isLive);

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted">
          {rows.length} request{rows.length === 1 ? "" : "s"} shown{isLive ? " · updating every 3 s while this tab is visible" : ""}
        </p>
        {canTail ? (
          <Button size="sm" variant={isLive ? "primary" : "secondary"} aria-pressed={isLive} onClick={() => setIsLive((value) => !value)}>
            <span aria-hidden className={`size-2 rounded-full ${isLive ? "animate-pulse bg-current" : "bg-muted"}`} />
            Live tail
          </Button>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {problem ? <Notice tone="warn" title="Live tail paused">{problem}</Notice> : null}
      {rows.length === 0 ? empty : <RequestLogTable rows={rows} highlighted={highlighted} />}
    </div>
  );
}
