"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A timestamp in the browser's time zone. The server does not know that zone, so the server's HTML (and the
 * hydration pass) print UTC; the browser then swaps in local time. No mismatch, no flash of the wrong date
 * format on the client after the first paint.
 */
export function LocalTime({ epochMs, format = "time" }: { epochMs: number; format?: "time" | "date-time" }) {
  const isClient = useSyncExternalStore(subscribe, () => true, () => false);
  const date = new Date(epochMs);
  const text = isClient ? formatLocal(date, format) : formatUtc(date, format);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className="tabular-nums">
      {text}
    </time>
  );
}

function formatLocal(date: Date, format: "time" | "date-time"): string {
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (format === "time") return isToday(date) ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

function formatUtc(date: Date, format: "time" | "date-time"): string {
  const iso = date.toISOString();
  return format === "time" ? `${iso.slice(11, 19)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function isToday(date: Date): boolean {
  const now = new Date();
  return date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
