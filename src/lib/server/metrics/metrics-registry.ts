/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text exposition format
 * (version 0.0.4). Label sets per metric are capped so a client sending endless model names cannot grow
 * memory or the scrape without bound: past the cap, new label sets are counted under `other`.
 */

export type Labels = Readonly<Record<string, string>>;

/** Distinct label sets one metric keeps at most. */
export const MAX_SERIES_PER_METRIC = 2_000;
export const OVERFLOW_LABEL_VALUE = "other";

interface MetricBase {
  name: string;
  help: string;
  labelNames: readonly string[];
}

export class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly meta: MetricBase) {}

  inc(labels: Labels, value = 1): void {
    if (!(value >= 0) || !Number.isFinite(value)) return;
    const entry = seriesFor(this.series, this.meta.labelNames, labels, () => ({ value: 0 }));
    entry.value += value;
  }

  render(lines: string[]): void {
    header(lines, this.meta, "counter");
    for (const { labels, value } of this.series.values()) lines.push(`${this.meta.name}${labelText(labels)} ${formatValue(value)}`);
  }
}

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly meta: MetricBase,
    /** Upper bounds, ascending; +Inf is implied. */
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const entry = seriesFor(this.series, this.meta.labelNames, labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let index = 0; index < this.buckets.length; index += 1) if (value <= this.buckets[index]!) entry.counts[index]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  render(lines: string[]): void {
    header(lines, this.meta, "histogram");
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((bound, index) => lines.push(`${this.meta.name}_bucket${labelText({ ...labels, le: formatValue(bound) })} ${counts[index]}`));
      lines.push(`${this.meta.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
      lines.push(`${this.meta.name}_sum${labelText(labels)} ${formatValue(sum)}`);
      lines.push(`${this.meta.name}_count${labelText(labels)} ${count}`);
    }
  }
}

/** A gauge read at scrape time: the renderer asks for its current samples. */
export function renderGauge(lines: string[], meta: MetricBase, samples: readonly { labels: Labels; value: number }[]): void {
  header(lines, meta, "gauge");
  for (const { labels, value } of samples) lines.push(`${meta.name}${labelText(labels)} ${formatValue(value)}`);
}

export function renderCounterSample(lines: string[], meta: MetricBase, value: number): void {
  header(lines, meta, "counter");
  lines.push(`${meta.name} ${formatValue(value)}`);
}

function seriesFor<Entry>(series: Map<string, Entry & { labels: Labels }>, labelNames: readonly string[], labels: Labels, create: () => Entry): Entry & { labels: Labels } {
  // Called for every observation of every request: the key is built without intermediate arrays or objects, and the
  // label object only when a series is created.
  let key = "";
  for (let index = 0; index < labelNames.length; index++) {
    if (index > 0) key += "\u0000";
    key += labels[labelNames[index]!] ?? "";
  }
  let entry = series.get(key);
  if (entry !== undefined) return entry;
  let normalized: Record<string, string>;
  if (series.size >= MAX_SERIES_PER_METRIC) {
    normalized = Object.fromEntries(labelNames.map((name) => [name, OVERFLOW_LABEL_VALUE]));
    key = labelNames.map(() => OVERFLOW_LABEL_VALUE).join("\u0000");
    entry = series.get(key);
    if (entry !== undefined) return entry;
  } else {
    normalized = Object.fromEntries(labelNames.map((name) => [name, labels[name] ?? ""]));
  }
  entry = { ...create(), labels: normalized };
  series.set(key, entry);
  return entry;
}

function header(lines: string[], meta: MetricBase, type: "counter" | "histogram" | "gauge"): void {
  lines.push(`# HELP ${meta.name} ${meta.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
  lines.push(`# TYPE ${meta.name} ${type}`);
}

/** `{a="x",b="y"}` with the exposition format's escapes (backslash, quote, newline); empty labels: nothing. */
export function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([name, value]) => `${name}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",")}}`;
}

export function formatValue(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  return String(value);
}
