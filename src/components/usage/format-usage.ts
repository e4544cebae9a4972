/**
 * Number formatting for the usage, logs and sessions views. Fixed locale ("en-US") so the server's HTML and the
 * browser's hydration print the same text whatever either machine's locale is.
 */
const LOCALE = "en-US";

const compactFormat = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** $1,234.56; cents below $1 get more digits ($0.0042) so tiny requests do not read as $0.00. */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  const absolute = Math.abs(value);
  const digits = absolute >= 1 ? 2 : absolute >= 0.01 ? 3 : 4;
  const text = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return absolute > 0 && absolute < 0.0001 ? "<$0.0001" : text;
}

/** 12.3K, 4.5M: for tokens and request counts in tiles and chart axes. */
export function formatCompact(value: number): string {
  return compactFormat.format(value);
}

/** 1,234,567 */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** 13%, 5.1%, 3% (one decimal below 10 %, and only when it is not zero). */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const oneDecimal = Math.round(percent * 10) / 10;
  return oneDecimal < 10 && !Number.isInteger(oneDecimal) ? `${oneDecimal.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** 850 ms, 12.4 s */
export function formatLatency(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)} s`;
}

/** 2025-11-30 14:05:09 UTC: one unambiguous form for server-rendered times (no locale, no browser time zone). */
export function formatUtcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
