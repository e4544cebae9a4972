// Bench figures → a stdout table and docs/BENCHMARKS.md, with omniroute/proxy targets marked PASS/MISS.
// The translated case (an Anthropic Messages client served from the OpenAI-chat mock) adds its own rows.

import type { SequentialResult } from "./bench-clients";

export type TargetName = "direct" | "proxy" | "omniroute";

export interface LoadFigures {
  rps: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface TargetResult {
  name: TargetName;
  status: "ok" | "skipped" | "failed";
  note?: string;
  coldStartMs: number | null;
  idleRssMb?: number;
  peakRssMb?: number;
  c32?: LoadFigures;
  c128?: LoadFigures;
  stream32?: LoadFigures;
  ttfb?: SequentialResult & { completeStreams: number };
  c1?: SequentialResult;
  cpuBlocksUs?: number[];
  cpuAfterLoadUs?: number;
  cpuSource?: "schedstat" | "stat";
  cpuErrors?: number;
}

/** Sequential (c=1) streaming figures: time to first byte and to last byte of the same requests. */
export interface StreamTimings {
  ttfb: SequentialResult;
  full: SequentialResult;
  completeStreams: number;
}

/**
 * The translated case: an Anthropic Messages client (`POST /v1/messages`, streaming) on the omniroute process,
 * answered from the OpenAI-chat mock, so every request goes through parse → canonical → OpenAI upstream and
 * every chunk back through OpenAI → canonical → Anthropic SSE. Judged against the proxy passing the equivalent
 * OpenAI stream through untouched.
 */
export interface TranslatedResult {
  status: "ok" | "skipped" | "failed";
  note?: string;
  /** omniroute's Anthropic stream at c=1, measured in rounds interleaved with `proxyStream`. */
  stream?: StreamTimings;
  /** The proxy's OpenAI chat stream of the same conversation, same rounds. */
  proxyStream?: StreamTimings;
  /** autocannon at c=32 on omniroute's /v1/messages (compared with the proxy's `stream32`). */
  stream32?: LoadFigures;
}

/**
 * The outbound-proxied case: the same omniroute process, model `proxied/gpt-4o` — a custom node whose provider
 * proxy is a local HTTP proxy (tester/proxies/http-proxy.ts, its own process) in front of the same mock — against
 * omniroute calling the mock directly (`openai/gpt-4o`), c=1 in interleaved rounds and c=32 under load.
 */
export interface ProxiedResult {
  status: "ok" | "skipped" | "failed";
  note?: string;
  /** c=1 latency through the outbound proxy. */
  c1?: SequentialResult;
  /** omniroute direct (no outbound proxy), the same interleaved rounds. */
  directC1?: SequentialResult;
  /** autocannon non-stream c=32 through the outbound proxy (compared with omniroute's own `c32`). */
  c32?: LoadFigures;
  /** Requests the outbound proxy forwarded / tunnels it opened during the whole run (proof the traffic went there). */
  proxyCounts?: { forward: number; connect: number };
}

/** One side of the combo case at c=1, as `SequentialResult` plus what the attempts header said. */
export interface ComboSide extends SequentialResult {
  /** Requests answered with the expected status but another `x-omniroute-attempts` (excluded from the samples). */
  attemptMismatches: number;
}

/**
 * The combo case: the same omniroute process answering combos whose first target fails at once from the mock
 * (model `always-503` / `always-400`) and whose second is the same `openai/gpt-4o` as omniroute direct. All c=1
 * sides run in the same interleaved rounds; the failed call's own time is the mock's answer timed directly.
 */
export interface ComboResult {
  status: "ok" | "skipped" | "failed";
  note?: string;
  /** omniroute direct success (`openai/gpt-4o`), same rounds: the reference. */
  direct?: ComboSide;
  /** (a) combo [fail503/always-503 → openai/gpt-4o], its breaker reset between groups of 4 so every request makes the failed call. */
  fallback503?: ComboSide;
  /**
   * omniroute direct with the same untimed breaker resets between groups of 4: the 503 fallback's reference (a
   * dashboard call just before slows the next few requests, whichever model they ask for).
   */
  directWithResets?: ComboSide;
  /** The mock's 503 for `always-503`, timed from the bench directly: the failed attempt's own time. */
  failed503?: ComboSide;
  /** (a, 400) combo [refuse400/always-400 → openai/gpt-4o]: a failure class the breaker does not count, no reset needed. */
  fallback400?: ComboSide;
  /** The mock's 400 for `always-400`, timed directly. */
  failed400?: ComboSide;
  /** (b) combo [down503/always-503 → openai/gpt-4o] with down503's breaker open: the first target is skipped. */
  breakerOpen?: ComboSide;
  /** Breaker resets of fail503 made between the (a) groups (through POST /api/resilience, untimed). */
  breakerResets?: number;
  /** autocannon non-stream c=32 on the 400 combo (every request makes the failed call; the retry budget applies). */
  fallback400C32?: LoadFigures;
  /** autocannon non-stream c=32 on the breaker-open combo. */
  breakerOpenC32?: LoadFigures;
  /** omniroute's CPU µs per request on each omniroute side: the median of interleaved blocks (robust to load). */
  cpuUsPerRequest?: Partial<Record<ComboCpuSide, number>>;
  /** Every block's CPU µs per request, by side. */
  cpuBlocksUs?: Partial<Record<ComboCpuSide, number[]>>;
  cpuSource?: "schedstat" | "stat";
}

/** The combo sides served by omniroute, whose CPU per request the bench reads. */
export type ComboCpuSide = "direct" | "directWithResets" | "fallback503" | "fallback400" | "breakerOpen";

export interface BenchRun {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  quick: boolean;
  settings: {
    warmupS: number;
    durationS: number;
    latencyCount: number;
    ttfbCount: number;
    cpuBlocks: number;
    cpuBlockSize: number;
    /** Sequential streams per side (proxy, omniroute-translated) for the translated stream-duration figures. */
    streamDurationCount: number;
    /** Sequential requests per block of the combo case's CPU phase (absent in runs made before it existed). */
    comboCpuBlockSize?: number;
  };
  durationS: number;
  /** Time spent in `scripts/build.mjs --if-needed` before omniroute's timed start. */
  prebuildS?: number;
  results: TargetResult[];
  /** Absent when omniroute was not selected. */
  translated?: TranslatedResult;
  /** Absent when omniroute was not selected (or in runs made before the case existed). */
  proxied?: ProxiedResult;
  /** Absent when omniroute was not selected (or in runs made before the case existed). */
  combo?: ComboResult;
}

export interface Verdict {
  criterion: string;
  value: string;
  target: string;
  verdict: "PASS" | "MISS" | "n/a";
  margin: string;
}

const NAMES: TargetName[] = ["direct", "proxy", "omniroute"];

/** Issue targets for the translated case, against the proxy in the same run. */
export const TRANSLATED_ADDED_P99_LIMIT_MS = 2;
export const TRANSLATED_THROUGHPUT_FLOOR = 0.7;

function fixed(value: number | undefined | null, digits: number): string {
  return value === undefined || value === null || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

function measured(run: BenchRun, name: TargetName): TargetResult | undefined {
  const result = run.results.find((candidate) => candidate.name === name);
  return result?.status === "ok" ? result : undefined;
}

export function cpuDrift(result: TargetResult | undefined): number | undefined {
  const blocks = result?.cpuBlocksUs;
  if (!blocks || blocks.length < 2 || !(blocks[0]! > 0)) return undefined;
  return blocks[blocks.length - 1]! / blocks[0]! - 1;
}

function addedLatency(run: BenchRun, name: TargetName, key: "p50Ms" | "p99Ms"): number | undefined {
  const direct = measured(run, "direct")?.c1?.[key];
  const value = measured(run, name)?.c1?.[key];
  return direct === undefined || value === undefined ? undefined : value - direct;
}

export function evaluate(run: BenchRun): Verdict[] {
  const proxy = measured(run, "proxy");
  const omniroute = measured(run, "omniroute");
  const omnirouteEntry = run.results.find((result) => result.name === "omniroute");
  const missing = omnirouteEntry ? `omniroute ${omnirouteEntry.status}` : "omniroute not selected";
  const verdicts: Verdict[] = [];
  const na = (criterion: string, target: string, why = missing): Verdict => ({ criterion, value: "–", target, verdict: "n/a", margin: why });

  const ratio = (criterion: string, pick: (result: TargetResult) => number | undefined) => {
    const numerator = omniroute ? pick(omniroute) : undefined;
    const denominator = proxy ? pick(proxy) : undefined;
    if (numerator === undefined || denominator === undefined || !(denominator > 0)) {
      verdicts.push(na(criterion, "≥ 0.80× proxy", omniroute ? "proxy not measured" : missing));
      return;
    }
    const value = numerator / denominator;
    verdicts.push({
      criterion,
      value: `${value.toFixed(2)}× (${numerator.toFixed(0)} / ${denominator.toFixed(0)})`,
      target: "≥ 0.80× proxy",
      verdict: value >= 0.8 ? "PASS" : "MISS",
      margin: `${signed(value - 0.8, 2)}×`,
    });
  };
  ratio("throughput non-stream c=32 (req/s)", (result) => result.c32?.rps);
  ratio("throughput non-stream c=128 (req/s)", (result) => result.c128?.rps);
  ratio("streams/s c=32", (result) => result.stream32?.rps);

  const omniP50 = addedLatency(run, "omniroute", "p50Ms");
  const proxyP50 = addedLatency(run, "proxy", "p50Ms");
  if (omniroute && omniP50 !== undefined && proxyP50 !== undefined) {
    const limit = proxyP50 + 0.1;
    verdicts.push({
      criterion: "added latency c=1 p50 (ms, target − direct)",
      value: `${omniP50.toFixed(3)} (proxy ${proxyP50.toFixed(3)})`,
      target: "≤ proxy + 0.1 ms",
      verdict: omniP50 <= limit ? "PASS" : "MISS",
      margin: `${signed(limit - omniP50, 3)} ms`,
    });
  } else verdicts.push(na("added latency c=1 p50 (ms, target − direct)", "≤ proxy + 0.1 ms"));

  const omniP99 = addedLatency(run, "omniroute", "p99Ms");
  const proxyP99 = addedLatency(run, "proxy", "p99Ms");
  if (omniroute && omniP99 !== undefined && proxyP99 !== undefined) {
    // Tail differences on a shared machine are noisy: a proxy's added p99 can come out below its added p50 (even
    // negative). An added tail is never really smaller than the added median, so floor the reference there.
    const reference = Math.max(proxyP99, proxyP50 ?? 0, 0.05);
    const limit = 1.5 * reference;
    verdicts.push({
      criterion: "added latency c=1 p99 (ms, target − direct)",
      value: `${omniP99.toFixed(3)} (proxy ${proxyP99.toFixed(3)}${reference > proxyP99 ? `, floored to ${reference.toFixed(3)}` : ""})`,
      target: "≤ 1.5× proxy",
      verdict: omniP99 <= limit ? "PASS" : "MISS",
      margin: `${signed(limit - omniP99, 3)} ms`,
    });
  } else verdicts.push(na("added latency c=1 p99 (ms, target − direct)", "≤ 1.5× proxy"));

  const drift = cpuDrift(omniroute);
  if (omniroute && drift !== undefined) {
    verdicts.push({
      criterion: "CPU per request flat (last block vs first)",
      value: `${signed(drift * 100, 1)} % (${fixed(omniroute.cpuBlocksUs![0], 1)} → ${fixed(omniroute.cpuBlocksUs!.at(-1), 1)} µs)`,
      target: "within ±15 %",
      verdict: Math.abs(drift) <= 0.15 ? "PASS" : "MISS",
      margin: `${signed(15 - Math.abs(drift) * 100, 1)} pts${drift < -0.15 ? " (falling: warm-up or machine noise, not growth)" : ""}`,
    });
  } else verdicts.push(na("CPU per request flat (last block vs first)", "within ±15 %"));

  if (omniroute && omniroute.coldStartMs !== null) {
    verdicts.push({
      criterion: "cold start (spawn → first 200 on GET /v1/models)",
      value: `${omniroute.coldStartMs.toFixed(0)} ms`,
      target: "< 2000 ms",
      verdict: omniroute.coldStartMs < 2_000 ? "PASS" : "MISS",
      margin: `${signed(2_000 - omniroute.coldStartMs, 0)} ms`,
    });
  } else verdicts.push(na("cold start (spawn → first 200 on GET /v1/models)", "< 2000 ms"));

  if (omniroute && omniroute.idleRssMb !== undefined) {
    verdicts.push({
      criterion: "idle RSS",
      value: `${omniroute.idleRssMb.toFixed(1)} MB`,
      target: "< 150 MB",
      verdict: omniroute.idleRssMb < 150 ? "PASS" : "MISS",
      margin: `${signed(150 - omniroute.idleRssMb, 1)} MB`,
    });
  } else verdicts.push(na("idle RSS", "< 150 MB"));
  verdicts.push(...translatedVerdicts(run));
  verdicts.push(...comboVerdicts(run));
  return verdicts;
}

/** Issue #5: a combo's fallback adds at most this much c=1 p50 latency beyond the failed attempt's own time. */
export const COMBO_ADDED_P50_LIMIT_MS = 1;

export interface ComboAdded {
  /** (a) fallback over a 503: combo − direct with the same resets (else direct) − the mock's 503. */
  fallback503?: number;
  /** (a, 400) fallback over a 400: combo − direct − the mock's 400. */
  fallback400?: number;
  /** (b) breaker open: combo − direct (no failed call is made). */
  breakerOpen?: number;
}

function percentileOf(side: SequentialResult | undefined, key: "p50Ms" | "p99Ms"): number | undefined {
  const value = side?.[key];
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The combo case's added latency at one percentile (differences of percentiles from the same rounds). */
export function comboAdded(combo: ComboResult | undefined, key: "p50Ms" | "p99Ms"): ComboAdded {
  const added: ComboAdded = {};
  if (combo?.status !== "ok") return added;
  const beyond = (fallback: SequentialResult | undefined, reference: SequentialResult | undefined, failed: SequentialResult | undefined) => {
    const total = percentileOf(fallback, key);
    const base = percentileOf(reference, key);
    const own = percentileOf(failed, key);
    return total === undefined || base === undefined || own === undefined ? undefined : total - base - own;
  };
  const fallback503 = beyond(combo.fallback503, combo.directWithResets ?? combo.direct, combo.failed503);
  const fallback400 = beyond(combo.fallback400, combo.direct, combo.failed400);
  const open = percentileOf(combo.breakerOpen, key);
  const direct = percentileOf(combo.direct, key);
  if (fallback503 !== undefined) added.fallback503 = fallback503;
  if (fallback400 !== undefined) added.fallback400 = fallback400;
  if (open !== undefined && direct !== undefined) added.breakerOpen = open - direct;
  return added;
}

/** Why the combo case has no figures. */
function comboMissing(run: BenchRun): string {
  if (run.combo) return `omniroute-combo ${run.combo.status}`;
  const omnirouteEntry = run.results.find((result) => result.name === "omniroute");
  return omnirouteEntry ? `omniroute ${omnirouteEntry.status}` : "omniroute not selected";
}

export function comboVerdicts(run: BenchRun): Verdict[] {
  const combo = run.combo?.status === "ok" ? run.combo : undefined;
  const added = comboAdded(combo, "p50Ms");
  const target = `≤ ${COMBO_ADDED_P50_LIMIT_MS} ms`;
  const p50 = (side: SequentialResult | undefined) => fixed(side?.p50Ms, 3);
  const verdict = (criterion: string, value: number | undefined, explain: () => string): Verdict =>
    value === undefined
      ? { criterion, value: "–", target, verdict: "n/a", margin: combo ? "not measured" : comboMissing(run) }
      : {
          criterion,
          value: `${value.toFixed(3)} (${explain()})`,
          target,
          verdict: value <= COMBO_ADDED_P50_LIMIT_MS ? "PASS" : "MISS",
          margin: `${signed(COMBO_ADDED_P50_LIMIT_MS - value, 3)} ms`,
        };
  return [
    verdict("combo (a) fallback over a 503: added c=1 p50 beyond the failed call (ms)", added.fallback503, () =>
      combo?.directWithResets
        ? `${p50(combo.fallback503)} − direct with the same resets ${p50(combo.directWithResets)} − mock 503 ${p50(combo.failed503)}`
        : `${p50(combo?.fallback503)} − direct ${p50(combo?.direct)} − mock 503 ${p50(combo?.failed503)}`,
    ),
    verdict("combo (a) fallback over a 400 (breaker-neutral): added c=1 p50 beyond the failed call (ms)", added.fallback400, () =>
      `${p50(combo?.fallback400)} − direct ${p50(combo?.direct)} − mock 400 ${p50(combo?.failed400)}`,
    ),
    verdict("combo (b) breaker open, first target skipped: added c=1 p50 over direct (ms)", added.breakerOpen, () =>
      `${p50(combo?.breakerOpen)} − direct ${p50(combo?.direct)}`,
    ),
  ];
}

function measuredTranslated(run: BenchRun): TranslatedResult | undefined {
  return run.translated?.status === "ok" ? run.translated : undefined;
}

/** Why the translated case has no figures ("omniroute-translated failed", "omniroute not selected", …). */
function translatedMissing(run: BenchRun): string {
  if (run.translated) return `omniroute-translated ${run.translated.status}`;
  const omnirouteEntry = run.results.find((result) => result.name === "omniroute");
  return omnirouteEntry ? `omniroute ${omnirouteEntry.status}` : "omniroute not selected";
}

export function translatedVerdicts(run: BenchRun): Verdict[] {
  const translated = measuredTranslated(run);
  const proxy = measured(run, "proxy");
  const verdicts: Verdict[] = [];
  const na = (criterion: string, target: string): Verdict => ({
    criterion,
    value: "–",
    target,
    verdict: "n/a",
    margin: translated ? "proxy not measured" : translatedMissing(run),
  });

  const durationCriterion = "translated: added stream duration c=1 p99 (ms, vs proxy)";
  const durationTarget = `≤ proxy + ${TRANSLATED_ADDED_P99_LIMIT_MS} ms`;
  const ownP99 = translated?.stream?.full.p99Ms;
  const proxyP99 = translated?.proxyStream?.full.p99Ms;
  if (proxy && ownP99 !== undefined && proxyP99 !== undefined && Number.isFinite(ownP99) && Number.isFinite(proxyP99)) {
    const added = ownP99 - proxyP99;
    verdicts.push({
      criterion: durationCriterion,
      value: `${added.toFixed(3)} (${ownP99.toFixed(3)} vs proxy ${proxyP99.toFixed(3)})`,
      target: durationTarget,
      verdict: added <= TRANSLATED_ADDED_P99_LIMIT_MS ? "PASS" : "MISS",
      margin: `${signed(TRANSLATED_ADDED_P99_LIMIT_MS - added, 3)} ms`,
    });
  } else verdicts.push(na(durationCriterion, durationTarget));

  const throughputCriterion = "translated: streams/s c=32 (Anthropic client vs proxy OpenAI)";
  const throughputTarget = `≥ ${TRANSLATED_THROUGHPUT_FLOOR.toFixed(2)}× proxy`;
  const ownRps = translated?.stream32?.rps;
  const proxyRps = proxy?.stream32?.rps;
  if (ownRps !== undefined && proxyRps !== undefined && proxyRps > 0) {
    const ratio = ownRps / proxyRps;
    verdicts.push({
      criterion: throughputCriterion,
      value: `${ratio.toFixed(2)}× (${ownRps.toFixed(0)} / ${proxyRps.toFixed(0)})`,
      target: throughputTarget,
      verdict: ratio >= TRANSLATED_THROUGHPUT_FLOOR ? "PASS" : "MISS",
      margin: `${signed(ratio - TRANSLATED_THROUGHPUT_FLOOR, 2)}×`,
    });
  } else verdicts.push(na(throughputCriterion, throughputTarget));
  return verdicts;
}

type Row = [string, ...string[]];

function load(figures: LoadFigures | undefined, field: "rps" | "p50Ms" | "p99Ms"): string {
  if (!figures) return "–";
  // autocannon's latency histogram has 1 ms resolution: no decimals that would pretend otherwise.
  const value = fixed(figures[field], 0);
  const failures = figures.errors + figures.non2xx;
  return field === "rps" && failures > 0 ? `${value} (${failures} failed)` : value;
}

function figureRows(run: BenchRun): Row[] {
  const results = NAMES.map((name) => run.results.find((result) => result.name === name));
  const row = (label: string, cell: (result: TargetResult) => string): Row => [
    label,
    ...results.map((result) => (result === undefined ? "not run" : result.status !== "ok" ? result.status : cell(result))),
  ];
  return [
    row("non-stream c=32 req/s", (result) => load(result.c32, "rps")),
    row("  latency p50 / p99 ms", (result) => `${load(result.c32, "p50Ms")} / ${load(result.c32, "p99Ms")}`),
    row("non-stream c=128 req/s", (result) => load(result.c128, "rps")),
    row("  latency p50 / p99 ms", (result) => `${load(result.c128, "p50Ms")} / ${load(result.c128, "p99Ms")}`),
    row("stream c=32 streams/s", (result) => load(result.stream32, "rps")),
    row("  latency p50 / p99 ms", (result) => `${load(result.stream32, "p50Ms")} / ${load(result.stream32, "p99Ms")}`),
    row("stream TTFB p50 / p99 ms (sequential)", (result) =>
      result.ttfb ? `${fixed(result.ttfb.p50Ms, 3)} / ${fixed(result.ttfb.p99Ms, 3)}${result.ttfb.errors ? ` (${result.ttfb.errors} failed)` : ""}` : "–",
    ),
    row("c=1 latency p50 / p99 ms", (result) =>
      result.c1 ? `${fixed(result.c1.p50Ms, 3)} / ${fixed(result.c1.p99Ms, 3)}${result.c1.errors ? ` (${result.c1.errors} failed)` : ""}` : "–",
    ),
    row("c=1 added vs direct p50 / p99 ms", (result) => {
      const p50 = addedLatency(run, result.name, "p50Ms");
      const p99 = addedLatency(run, result.name, "p99Ms");
      return p50 === undefined || p99 === undefined ? "–" : `${signed(p50, 3)} / ${signed(p99, 3)}`;
    }),
    row("CPU µs/request per block", (result) => (result.cpuBlocksUs ?? []).map((value) => value.toFixed(1)).join(" ") || "–"),
    row("CPU drift last vs first block", (result) => {
      const drift = cpuDrift(result);
      return drift === undefined ? "–" : `${signed(drift * 100, 1)} %`;
    }),
    row("CPU µs/request after the load runs", (result) => fixed(result.cpuAfterLoadUs, 1)),
    row("RSS idle / peak MB", (result) => `${fixed(result.idleRssMb, 1)} / ${fixed(result.peakRssMb, 1)}`),
    row("cold start ms", (result) => (result.name === "direct" ? "n/a" : fixed(result.coldStartMs, 0))),
    ...translatedFigureRows(run),
    ...proxiedFigureRows(run),
    ...comboFigureRows(run),
  ];
}

/** Load figures of a run where some answers are expected to fail: the successful req/s first. */
function loadWithFailures(figures: LoadFigures | undefined): string {
  if (!figures) return "–";
  const failures = figures.errors + figures.non2xx;
  if (failures === 0) return fixed(figures.rps, 0);
  const okShare = figures.total > 0 ? Math.max(0, figures.total - failures) / figures.total : 0;
  return `${fixed(figures.rps * okShare, 0)} ok of ${fixed(figures.rps, 0)} (${failures} failed)`;
}

/** The combo case, in the omniroute column (the other columns do not take part). */
function comboFigureRows(run: BenchRun): Row[] {
  const combo = run.combo;
  const omniroute = run.results.find((result) => result.name === "omniroute");
  const cell = (value: (result: ComboResult) => string): string => (combo === undefined ? "not run" : combo.status !== "ok" ? combo.status : value(combo));
  const row = (label: string, value: (result: ComboResult) => string): Row => [label, "n/a", "n/a", cell(value)];
  const side = (result: ComboSide | undefined, mismatchLabel = "wrong attempt count") =>
    result === undefined
      ? "–"
      : `${timings(result, result.errors)}${result.attemptMismatches ? ` (${result.attemptMismatches} ${mismatchLabel}, excluded)` : ""}`;
  const pair = (key: "fallback503" | "fallback400" | "breakerOpen") => {
    const p50 = comboAdded(combo, "p50Ms")[key];
    const p99 = comboAdded(combo, "p99Ms")[key];
    return p50 === undefined || p99 === undefined ? "–" : `${signed(p50, 3)} / ${signed(p99, 3)}`;
  };
  return [
    row("combo c=1: omniroute direct success (same rounds) p50 / p99 ms", (result) => side(result.direct)),
    row("combo (a) fallback over 503 c=1 p50 / p99 ms", (result) => side(result.fallback503)),
    row("  omniroute direct with the same resets p50 / p99 ms", (result) => side(result.directWithResets)),
    row("  the mock's 503 timed directly p50 / p99 ms", (result) => side(result.failed503)),
    row("  added beyond the failed call p50 / p99 ms", () => pair("fallback503")),
    row("combo (a) fallback over 400 c=1 p50 / p99 ms", (result) => side(result.fallback400)),
    row("  the mock's 400 timed directly p50 / p99 ms", (result) => side(result.failed400)),
    row("  added beyond the failed call p50 / p99 ms", () => pair("fallback400")),
    row("combo (b) breaker open c=1 p50 / p99 ms", (result) => side(result.breakerOpen, "half-open probes")),
    row("  added over direct p50 / p99 ms", () => pair("breakerOpen")),
    row("combo (a) fallback over 400 c=32 req/s", (result) => loadWithFailures(result.fallback400C32)),
    row("  latency p50 / p99 ms", (result) => `${load(result.fallback400C32, "p50Ms")} / ${load(result.fallback400C32, "p99Ms")}`),
    row("combo (b) breaker open c=32 req/s", (result) => loadWithFailures(result.breakerOpenC32)),
    row("  latency p50 / p99 ms", (result) => `${load(result.breakerOpenC32, "p50Ms")} / ${load(result.breakerOpenC32, "p99Ms")}`),
    row("  vs omniroute direct c=32", (result) => (result.breakerOpenC32 && omniroute?.c32 ? `${(result.breakerOpenC32.rps / omniroute.c32.rps).toFixed(2)}×` : "–")),
    row("combo (a) 503 breaker resets between groups", (result) => (result.breakerResets === undefined ? "–" : String(result.breakerResets))),
    row("combo omniroute CPU µs/request: direct / with resets", (result) => `${fixed(result.cpuUsPerRequest?.direct, 1)} / ${fixed(result.cpuUsPerRequest?.directWithResets, 1)}`),
    row("  fallback over 503 (added vs direct with resets)", (result) => cpuWithAdded(result, "fallback503", "directWithResets")),
    row("  fallback over 400 (added vs direct)", (result) => cpuWithAdded(result, "fallback400", "direct")),
    row("  breaker open (added vs direct)", (result) => cpuWithAdded(result, "breakerOpen", "direct")),
  ];
}

/** A side's CPU per request and what it adds over its reference, e.g. "1650.2 (+310.4)". */
function cpuWithAdded(result: ComboResult, side: ComboCpuSide, reference: ComboCpuSide): string {
  const own = result.cpuUsPerRequest?.[side];
  const base = result.cpuUsPerRequest?.[reference];
  if (own === undefined) return "–";
  return base === undefined ? fixed(own, 1) : `${fixed(own, 1)} (${signed(own - base, 1)})`;
}

const COMBO_LEGEND =
  "combo rows: omniroute answering combos [failing target → openai/gpt-4o] from the same mock (model always-503 → 503 at once, always-400 → 400 at once, OpenAI error bodies, no Retry-After). (a) fallback: every request makes the failed call, then succeeds on the second target — over a 503 (the provider's breaker reset through POST /api/resilience, untimed, after every 4 requests so its 5-failure threshold is never reached; its reference is omniroute direct with the same resets) and over a 400 (a failure class the breaker does not count). (b) breaker open: the first target's breaker is open, so it is skipped without an upstream call — the steady state during an outage. “added beyond the failed call” = combo − omniroute direct (for the 503: with the same resets) − the mock's failing answer timed directly, all from the same interleaved c=1 rounds. CPU rows: omniroute's own CPU time per request (median of interleaved blocks): it leaves out the time spent waiting for a core, though a loaded machine still inflates and scatters it; the added CPU includes handling the failed call.";

/** The outbound-proxied case, in the omniroute column (the other columns do not take part). */
function proxiedFigureRows(run: BenchRun): Row[] {
  const proxied = run.proxied;
  const omniroute = run.results.find((result) => result.name === "omniroute");
  const cell = (value: (result: ProxiedResult) => string): string => (proxied === undefined ? "not run" : proxied.status !== "ok" ? proxied.status : value(proxied));
  const row = (label: string, value: (result: ProxiedResult) => string): Row => [label, "n/a", "n/a", cell(value)];
  return [
    row("outbound-proxied non-stream c=32 req/s", (result) => load(result.c32, "rps")),
    row("  latency p50 / p99 ms", (result) => `${load(result.c32, "p50Ms")} / ${load(result.c32, "p99Ms")}`),
    row("  vs omniroute direct c=32", (result) => (result.c32 && omniroute?.c32 ? `${(result.c32.rps / omniroute.c32.rps).toFixed(2)}×` : "–")),
    row("outbound-proxied c=1 latency p50 / p99 ms", (result) => timings(result.c1)),
    row("omniroute direct c=1 (same rounds) p50 / p99 ms", (result) => timings(result.directC1)),
    row("outbound-proxied c=1 added p50 / p99 ms", (result) => difference(result.c1, result.directC1)),
    row("outbound proxy forwarded / tunnels opened", (result) => (result.proxyCounts ? `${result.proxyCounts.forward} / ${result.proxyCounts.connect}` : "–")),
  ];
}

const PROXIED_LEGEND =
  "outbound-proxied rows: omniroute answering model proxied/gpt-4o, a custom node whose provider proxy is a local HTTP proxy (tester/proxies/http-proxy.ts, own process, plain forwarding for the http mock) in front of the same mock; compared with the same omniroute process calling the mock directly (openai/gpt-4o).";

function timings(result: SequentialResult | undefined, failures = 0): string {
  if (!result) return "–";
  return `${fixed(result.p50Ms, 3)} / ${fixed(result.p99Ms, 3)}${failures ? ` (${failures} failed)` : ""}`;
}

function streamFailures(stream: StreamTimings): number {
  // Errors (non-200, no bytes) and 200 streams that lacked their end marker.
  return stream.full.errors + Math.max(0, stream.full.count - stream.completeStreams);
}

function difference(own: SequentialResult | undefined, reference: SequentialResult | undefined): string {
  if (!own || !reference) return "–";
  return `${signed(own.p50Ms - reference.p50Ms, 3)} / ${signed(own.p99Ms - reference.p99Ms, 3)}`;
}

/**
 * The translated case in the figures table's columns: direct is not involved, the proxy column is the proxy's
 * equivalent OpenAI stream, the omniroute column is omniroute answering the Anthropic client.
 */
function translatedFigureRows(run: BenchRun): Row[] {
  const proxyEntry = run.results.find((result) => result.name === "proxy");
  const translated = run.translated;
  const proxyCell = (cell: (proxy: TargetResult) => string): string =>
    proxyEntry === undefined ? "not run" : proxyEntry.status !== "ok" ? proxyEntry.status : cell(proxyEntry);
  const translatedCell = (cell: (result: TranslatedResult) => string): string =>
    translated === undefined ? "not run" : translated.status !== "ok" ? translated.status : cell(translated);
  const row = (label: string, proxy: (result: TargetResult) => string, own: (result: TranslatedResult) => string): Row => [
    label,
    "n/a",
    proxyCell(proxy),
    translatedCell(own),
  ];
  const duration = (stream: StreamTimings | undefined) => (stream ? timings(stream.full, streamFailures(stream)) : "–");
  const ttfb = (stream: StreamTimings | undefined) => (stream ? timings(stream.ttfb) : "–");
  return [
    row("translated stream c=32 streams/s", (proxy) => load(proxy.stream32, "rps"), (result) => load(result.stream32, "rps")),
    row(
      "  latency p50 / p99 ms",
      (proxy) => `${load(proxy.stream32, "p50Ms")} / ${load(proxy.stream32, "p99Ms")}`,
      (result) => `${load(result.stream32, "p50Ms")} / ${load(result.stream32, "p99Ms")}`,
    ),
    row("translated c=1 stream duration p50 / p99 ms", () => duration(translated?.proxyStream), (result) => duration(result.stream)),
    row("translated c=1 stream TTFB p50 / p99 ms", () => ttfb(translated?.proxyStream), (result) => ttfb(result.stream)),
    row("translated c=1 added vs proxy: duration p50 / p99 ms", () => "ref", (result) => difference(result.stream?.full, result.proxyStream?.full)),
    row("translated c=1 added vs proxy: TTFB p50 / p99 ms", () => "ref", (result) => difference(result.stream?.ttfb, result.proxyStream?.ttfb)),
  ];
}

const TRANSLATED_LEGEND =
  "translated rows: omniroute column = an Anthropic Messages client (POST /v1/messages, streaming) answered by omniroute from the OpenAI-chat mock; proxy column = the same conversation as an OpenAI chat stream through the proxy (c=1 figures from the same interleaved rounds).";

function pad(rows: Row[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function markdownTable(rows: Row[]): string {
  const [head, ...body] = rows;
  const line = (row: Row) => `| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head!), `|${head!.map(() => "---").join("|")}|`, ...body.map(line)].join("\n");
}

function verdictRows(run: BenchRun): Row[] {
  return [["criterion (omniroute vs proxy)", "value", "target", "verdict", "margin"], ...evaluate(run).map((verdict): Row => [verdict.criterion, verdict.value, verdict.target, verdict.verdict, verdict.margin])];
}

function notes(run: BenchRun): string[] {
  const lines = run.results.filter((result) => result.note).map((result) => `${result.name}: ${result.note}`);
  if (run.translated?.note) lines.push(`omniroute-translated: ${run.translated.note}`);
  if (run.proxied?.note) lines.push(`omniroute-outbound-proxied: ${run.proxied.note}`);
  if (run.combo?.note) lines.push(`omniroute-combo: ${run.combo.note}`);
  return lines;
}

function ratioLine(run: BenchRun): string | undefined {
  const direct = measured(run, "direct");
  const proxy = measured(run, "proxy");
  if (!direct?.c32 || !proxy?.c32) return undefined;
  return `proxy/direct: c=32 ${(proxy.c32.rps / direct.c32.rps).toFixed(2)}×, c=128 ${(proxy.c128!.rps / direct.c128!.rps).toFixed(2)}×, streams ${(proxy.stream32!.rps / direct.stream32!.rps).toFixed(2)}×`;
}

export function renderStdout(run: BenchRun): string {
  const header: Row = ["", ...NAMES];
  const lines = [
    "",
    `omniroute bench — ${run.date} — Node ${run.node} — ${run.cpus} × ${run.cpuModel}${run.quick ? " — QUICK" : ""}`,
    "",
    pad([header, ...figureRows(run)]),
    TRANSLATED_LEGEND,
    PROXIED_LEGEND,
    COMBO_LEGEND,
    "",
    pad(verdictRows(run)),
    "",
  ];
  const ratio = ratioLine(run);
  if (ratio) lines.push(ratio, "");
  for (const note of notes(run)) lines.push(`note — ${note}`);
  lines.push(`(${run.durationS.toFixed(0)} s)`, "");
  return lines.join("\n");
}

export function renderMarkdown(run: BenchRun): string {
  const settings = run.settings;
  const header: Row = ["figure", ...NAMES];
  const ratio = ratioLine(run);
  const noteLines = notes(run);
  return `# Benchmarks

Generated by \`npm run bench${run.quick ? " -- --quick" : ""}\` — do not edit by hand; re-run to refresh.

- Date: ${run.date}
- Node: ${run.node}
- Machine: ${run.cpus} CPU × ${run.cpuModel}, ${process.platform}/${process.arch}
- Mode: ${run.quick ? "quick (CI-sized)" : "full"}; bench wall time ${run.durationS.toFixed(0)} s${run.prebuildS !== undefined ? ` (of which omniroute pre-build ${run.prebuildS.toFixed(1)} s)` : ""}

## Targets

All three answer the same OpenAI Chat Completions requests from the same mock upstream
(\`tester/mock-upstream\`, its own process, precomputed answers), one target at a time:

- **direct** — the mock itself (the floor);
- **proxy** — \`tester/bench/minimal-proxy.ts\`: node:http + undici \`Pool\`, bodies piped, nothing parsed (the best a Node proxy can reasonably do);
- **omniroute** — \`node bin/omniroute.js --no-open --port P --data-dir <tmp> --config <tmp>/config.json\`, one \`openai\` account whose base URL is the mock, model \`openai/gpt-4o\`.

### Translated case (the "translated" rows)

The same omniroute process also serves an **Anthropic Messages client** — \`POST /v1/messages\` with
\`anthropic-version: 2023-06-01\`, \`"stream": true\`, the same conversation (system prompt in the top-level
\`system\` field), model \`openai/gpt-4o\` — from the same OpenAI-chat mock. Each request is parsed from
the Anthropic format, sent upstream as an OpenAI chat stream, and every upstream chunk is translated back into
Anthropic SSE (\`message_start\` … \`message_stop\`): this measures the cost of translation on the hot path.
The reference is the proxy passing the equivalent OpenAI chat stream through untouched. Before timing, one
request must return a valid Anthropic stream (\`event: message_start\` first, a \`text_delta\`,
\`event: message_stop\` last); otherwise the translated rows are marked failed with the reason in the notes.

## Figures

${markdownTable([header, ...figureRows(run)])}

${TRANSLATED_LEGEND.replace("(POST /v1/messages, streaming)", "(`POST /v1/messages`, streaming)")}

${PROXIED_LEGEND}

${COMBO_LEGEND}

${ratio ? `${ratio}\n` : ""}
## Targets for omniroute (against the proxy, same run)

${markdownTable(verdictRows(run))}
${noteLines.length ? `\n## Notes from this run\n\n${noteLines.map((note) => `- ${note.replace(/\n/g, "\n  ")}`).join("\n")}\n` : ""}
## Method

Order: start each target (cold start, then idle RSS after a settle, then a sanity request of each kind; for
omniroute also the Anthropic stream check) → warm-up of each target (${settings.warmupS} s of autocannon at c=8, not
reported; then the Anthropic stream) → c=1 latency and TTFB, interleaved across targets in 10 rounds → translated
c=1 streams, proxy and omniroute-translated interleaved in 10 rounds → per target: CPU blocks, then the three load
runs, then one more CPU block (omniroute: then the translated stream c=32 run).

- Load: autocannon (programmatic, in the harness process, HTTP/1.1 keep-alive, no pipelining), ${settings.warmupS} s warm-up then ${settings.durationS} s measured per run; req/s is autocannon's per-second average; latency p50/p99 from its histogram (ms, 1 ms resolution). Bodies: a two-message chat request (\`max_tokens\` 64); streaming adds \`"stream": true, "stream_options": {"include_usage": true}\` and the mock answers role chunk, 5 content chunks, finish chunk, usage chunk, \`[DONE]\`.
- c=1 latency: ${settings.latencyCount} sequential non-stream requests per target on one keep-alive undici connection, hrtime from send to body fully read, taken in 10 rounds that alternate between targets so background noise hits every target alike; "added" is the target's percentile minus direct's.
- TTFB: ${settings.ttfbCount} sequential streaming requests per target (same rounds), time to the first body byte.
- Outbound-proxied: the omniroute process's config also has a custom node \`proxied\` (the same mock as base URL) whose provider proxy is an HTTP proxy the bench starts in its own process; \`proxied/gpt-4o\` and \`openai/gpt-4o\` are timed at c=1 in 10 interleaved rounds (${settings.latencyCount} sequential requests each), and \`proxied/gpt-4o\` under the non-stream c=32 load right after omniroute's own load runs. The proxy's own counters show every request went through it and how many connections it had to open (omniroute keeps one pooled agent per proxy URL).
- Translated c=1: ${settings.streamDurationCount} sequential streams each for the proxy (OpenAI stream) and omniroute-translated (Anthropic stream), after a ${settings.warmupS / 2} s c=8 warm-up of the Anthropic stream, in 10 rounds that alternate between the two (and which goes first) so noise hits both alike; duration = hrtime from send to the last body byte read, TTFB = to the first; "added" is omniroute-translated's percentile minus the proxy's. Translated c=32: the same autocannon settings as the stream row, on \`/v1/messages\` with the Anthropic body, right after omniroute's own load runs; the ratio divides it by the proxy's stream c=32 figure.
- Combo: three more custom nodes on the same mock (\`fail503\`, \`down503\`: model \`always-503\`; \`refuse400\`: model \`always-400\`) and three priority combos, each [that node's model → \`openai/gpt-4o\`]. Before timing, each fallback combo must answer 200 from \`openai\` with \`x-omniroute-attempts: 2\`, and \`down503\`'s breaker is tripped (requests until \`x-omniroute-attempts: 1\`). Then ${settings.latencyCount} sequential non-stream requests per side in 10 interleaved rounds (the side order rotates): omniroute direct, the 503 fallback (breaker reset every 4 requests, untimed) and omniroute direct with the same resets (its reference: a dashboard call slows the next few requests a little), the 400 fallback, the breaker-open combo, and the mock's 503 and 400 timed directly from the bench. A sample counts only with the expected status and \`x-omniroute-attempts\` (2 for a fallback, 1 for direct and breaker open); others are excluded and counted (on the breaker-open side they are the half-open probes, one per open period). Then omniroute's CPU per request on each of its five combo sides, ${settings.cpuBlocks} interleaved blocks of ${settings.comboCpuBlockSize ?? "–"} sequential requests each (the same resets on the two reset sides), read from schedstat like the CPU blocks below; the median block is reported. Later, autocannon c=32 on the 400 fallback (every request retries, so the retry budget — extra attempts ≤ max(3, 20 % of active requests) — turns most of them into fast 503s) and on the breaker-open combo, right after omniroute's own load runs.
- CPU per request: two uncounted blocks, then ${settings.cpuBlocks} consecutive blocks of ${settings.cpuBlockSize} sequential non-stream requests; target CPU = sum of \`/proc/<pid>/task/*/schedstat\` run time over the target's process tree (ns resolution; \`/proc/<pid>/stat\` utime+stime as fallback), read before/after each block. A last block within 15 % of the first shows no growth with requests served; the block after the load runs (hundreds of thousands of requests later) shows the same over a longer span. Sequential CPU per request includes the wake-up cost of an idle process, so it is higher than CPU time per request under load.
- RSS: \`VmRSS\` after start and ${run.quick ? "0.5" : "1"} s settle (idle); peak = max(\`VmHWM\`, \`VmRSS\` sampled every 250 ms) over the whole run; summed over the process tree.
- Cold start: wall time from spawn to the first 200 on \`GET /v1/models\` (polled every 5 ms). For omniroute the bench first runs \`node scripts/build.mjs --if-needed\` untimed, so the figure is a start from a fresh build, including \`bin/omniroute.js\`'s own up-to-date check (as \`npm start\` does in a checkout) and a fresh, empty data dir. The proxy is bundled with esbuild first, so neither pays a TypeScript loader.
- The proxy gathers small request bodies (known Content-Length ≤ 1 MB) into one buffer instead of streaming them into undici, and pipes responses with \`.pipe()\`: streaming the request body cost ~40 % and \`stream.pipeline()\` ~50 % of its throughput here, and the reference should be the best a Node proxy reasonably does.
- Everything shares ${run.cpus} cores: the load generator, the mock and the target compete, so absolute figures are machine-bound; the ratios come from one run and are what the targets judge.
`;
}
