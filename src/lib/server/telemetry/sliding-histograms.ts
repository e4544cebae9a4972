/**
 * p50/p95/p99 of durations over sliding windows (the last 1, 5 and 15 minutes), in bounded memory: time is cut
 * into 10-second slots, each holding one log-scale histogram per series; a window's percentiles merge the slots
 * it covers. Buckets grow by 5 % (from 1 µs to ~25 minutes), so a percentile is exact to within ±2.5 % of its
 * value — plenty for "where does the time go" — and recording one sample is a log, a division and an increment.
 */

export interface DurationSummary {
  count: number;
  /** Milliseconds; null when the window saw no sample. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

export const SLOT_MS = 10_000;
/** 15 minutes of slots: the longest window. */
const SLOTS = 90;
const MIN_MS = 0.001;
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);
/** Buckets up to MIN_MS × GROWTH^BUCKETS ≈ 25 minutes; longer samples land in the last one. At most 90 slots × 9
 * series × 440 buckets × 4 bytes ≈ 1.4 MB, and only for series that saw samples. */
const BUCKETS = 440;

interface Slot {
  /** Slot number (time / SLOT_MS) this slot holds; slots are reused round-robin. */
  index: number;
  series: Map<string, SeriesSlot>;
}

interface SeriesSlot {
  buckets: Uint32Array;
  count: number;
  sum: number;
  max: number;
}

export class SlidingHistograms {
  private readonly slots: (Slot | undefined)[] = new Array<Slot | undefined>(SLOTS);

  constructor(private readonly now: () => number) {}

  /** Adds one sample (ms) to a series at the current time. Negative and non-finite samples are ignored. */
  record(series: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const slotIndex = Math.floor(this.now() / SLOT_MS);
    const position = slotIndex % SLOTS;
    let slot = this.slots[position];
    if (slot === undefined || slot.index !== slotIndex) {
      slot = { index: slotIndex, series: new Map() };
      this.slots[position] = slot;
    }
    let data = slot.series.get(series);
    if (data === undefined) {
      data = { buckets: new Uint32Array(BUCKETS), count: 0, sum: 0, max: 0 };
      slot.series.set(series, data);
    }
    data.buckets[bucketOf(durationMs)]! += 1;
    data.count += 1;
    data.sum += durationMs;
    if (durationMs > data.max) data.max = durationMs;
  }

  /** The series over the last `windowMs` (whole slots: up to one slot more than asked). */
  summary(series: string, windowMs: number): DurationSummary {
    const current = Math.floor(this.now() / SLOT_MS);
    const oldest = current - Math.max(1, Math.ceil(windowMs / SLOT_MS)) + 1;
    const merged = new Uint32Array(BUCKETS);
    let count = 0;
    let sum = 0;
    let max = 0;
    for (const slot of this.slots) {
      if (slot === undefined || slot.index < oldest || slot.index > current) continue;
      const data = slot.series.get(series);
      if (data === undefined) continue;
      for (let bucket = 0; bucket < BUCKETS; bucket += 1) merged[bucket]! += data.buckets[bucket]!;
      count += data.count;
      sum += data.sum;
      if (data.max > max) max = data.max;
    }
    if (count === 0) return { count: 0, p50: null, p95: null, p99: null, mean: null, max: null };
    const percentile = (fraction: number) => Math.min(max, valueOf(merged, Math.ceil(fraction * count)));
    return { count, p50: round(percentile(0.5)), p95: round(percentile(0.95)), p99: round(percentile(0.99)), mean: round(sum / count), max: round(max) };
  }

  /** Series with any sample in the last `windowMs`. */
  seriesNames(windowMs: number): string[] {
    const current = Math.floor(this.now() / SLOT_MS);
    const oldest = current - Math.max(1, Math.ceil(windowMs / SLOT_MS)) + 1;
    const names = new Set<string>();
    for (const slot of this.slots) {
      if (slot === undefined || slot.index < oldest || slot.index > current) continue;
      for (const name of slot.series.keys()) names.add(name);
    }
    return [...names];
  }
}

function bucketOf(durationMs: number): number {
  if (durationMs <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(durationMs / MIN_MS) / LOG_GROWTH));
}

/** The value at rank `rank` (1-based): the geometric middle of the bucket holding it. */
function valueOf(buckets: Uint32Array, rank: number): number {
  let seen = 0;
  for (let bucket = 0; bucket < buckets.length; bucket += 1) {
    seen += buckets[bucket]!;
    if (seen >= rank) return bucket === 0 ? MIN_MS : MIN_MS * GROWTH ** (bucket - 0.5);
  }
  return MIN_MS * GROWTH ** (buckets.length - 1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
