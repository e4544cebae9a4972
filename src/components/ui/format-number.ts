/** US dollars with cents, and more digits for small amounts (a single request often costs < $0.01). */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  if (Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return value.toLocaleString("en-US", { style: "currency", currency: "USD" });
}

/** 1234 → "1,234"; 1234567 → "1.2M" (for token counts). */
export function formatCount(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (Math.abs(value) >= 10_000) return `${(value / 1_000).toFixed(1)}k`;
  return value.toLocaleString("en-US");
}
