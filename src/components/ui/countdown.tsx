"use client";

import { useEffect, useState } from "react";

/** "2m 05s", "1h 04m", "3d 2h" — compact enough for a table cell. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, "0")}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/**
 * Time left until `until` (epoch ms or ISO string), ticking every second; `doneLabel` once it passed. The
 * first render prints nothing time-dependent (the server and browser clocks differ), so hydration matches.
 */
export function Countdown({ until, doneLabel = "now", onDone }: { until: number | string; doneLabel?: string; onDone?: () => void }) {
  const target = typeof until === "number" ? until : Date.parse(until);
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [target]);

  const isDone = now !== null && now >= target;
  useEffect(() => {
    if (isDone) onDone?.();
  }, [isDone, onDone]);

  if (now === null || Number.isNaN(target)) return <span className="tabular-nums text-muted">…</span>;
  return (
    <time dateTime={new Date(target).toISOString()} className="tabular-nums" title={new Date(target).toLocaleString()}>
      {isDone ? doneLabel : formatDuration(target - now)}
    </time>
  );
}
