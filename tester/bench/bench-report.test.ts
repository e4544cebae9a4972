// node --import tsx --test tester/bench/bench-report.test.ts
// The translated and combo cases' verdicts and rows, from hand-built runs (no server involved).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { comboAdded, comboVerdicts, evaluate, renderMarkdown, renderStdout, translatedVerdicts } from "./bench-report";
import type { BenchRun, ComboResult, ComboSide, LoadFigures, StreamTimings, TargetResult, TranslatedResult } from "./bench-report";

function loadFigures(rps: number): LoadFigures {
  return { rps, total: rps * 2, p50Ms: 20, p99Ms: 40, errors: 0, non2xx: 0 };
}

function timings(p50Ms: number, p99Ms: number, count = 500): StreamTimings {
  const result = { count, errors: 0, p50Ms, p99Ms, meanMs: p50Ms };
  return { ttfb: { ...result, p50Ms: p50Ms / 2, p99Ms: p99Ms / 2 }, full: result, completeStreams: count };
}

function run(translated: TranslatedResult | undefined, omniroute: Partial<TargetResult> = {}): BenchRun {
  return {
    date: "2026-01-01T00:00:00.000Z",
    node: "v20.0.0",
    cpus: 2,
    cpuModel: "test cpu",
    quick: true,
    settings: { warmupS: 1, durationS: 2, latencyCount: 500, ttfbCount: 100, cpuBlocks: 5, cpuBlockSize: 800, streamDurationCount: 500 },
    durationS: 60,
    results: [
      { name: "proxy", status: "ok", coldStartMs: 50, stream32: loadFigures(1_000) },
      { name: "omniroute", status: "ok", coldStartMs: 500, ...omniroute },
    ],
    translated,
  };
}

const MEASURED: TranslatedResult = {
  status: "ok",
  stream: timings(1.4, 3.5),
  proxyStream: timings(1.0, 2.0),
  stream32: loadFigures(750),
};

describe("translated verdicts", () => {
  it("judges added p99 stream duration against proxy + 2 ms and throughput against 0.70× proxy", () => {
    const [duration, throughput] = translatedVerdicts(run(MEASURED));
    assert.deepEqual(duration, {
      criterion: "translated: added stream duration c=1 p99 (ms, vs proxy)",
      value: "1.500 (3.500 vs proxy 2.000)",
      target: "≤ proxy + 2 ms",
      verdict: "PASS",
      margin: "+0.500 ms",
    });
    assert.deepEqual(throughput, {
      criterion: "translated: streams/s c=32 (Anthropic client vs proxy OpenAI)",
      value: "0.75× (750 / 1000)",
      target: "≥ 0.70× proxy",
      verdict: "PASS",
      margin: "+0.05×",
    });
  });

  it("misses when either target is exceeded", () => {
    const slow: TranslatedResult = { ...MEASURED, stream: timings(2, 4.25), stream32: loadFigures(600) };
    const [duration, throughput] = translatedVerdicts(run(slow));
    assert.equal(duration!.verdict, "MISS");
    assert.equal(duration!.margin, "-0.250 ms");
    assert.equal(throughput!.verdict, "MISS");
    assert.equal(throughput!.margin, "-0.10×");
  });

  it("appends to the existing verdicts", () => {
    const criteria = evaluate(run(MEASURED)).map((verdict) => verdict.criterion);
    // After the translated verdicts come the combo case's three.
    assert.equal(criteria.at(-5), "translated: added stream duration c=1 p99 (ms, vs proxy)");
    assert.equal(criteria.at(-4), "translated: streams/s c=32 (Anthropic client vs proxy OpenAI)");
  });

  it("a failed sanity check gives n/a verdicts, failed cells and the note", () => {
    const failed: TranslatedResult = { status: "failed", note: 'POST /v1/messages (Anthropic stream) sanity check: answered 404: {"error":{}}' };
    const verdicts = translatedVerdicts(run(failed));
    assert.deepEqual(
      verdicts.map((verdict) => [verdict.verdict, verdict.margin]),
      [
        ["n/a", "omniroute-translated failed"],
        ["n/a", "omniroute-translated failed"],
      ],
    );
    const stdout = renderStdout(run(failed));
    const durationRow = stdout.split("\n").find((line) => line.startsWith("translated c=1 stream duration"));
    assert.match(durationRow ?? "", /n\/a\s+–\s+failed$/);
    assert.match(stdout, /note — omniroute-translated: POST \/v1\/messages \(Anthropic stream\) sanity check: answered 404/);
  });

  it("says why when omniroute itself was not measured", () => {
    const withoutOmniroute = run(undefined, { status: "failed", note: "build failed" });
    assert.equal(translatedVerdicts(withoutOmniroute)[0]!.margin, "omniroute failed");
    const notSelected = { ...run(undefined), results: run(undefined).results.filter((result) => result.name !== "omniroute") };
    assert.equal(translatedVerdicts(notSelected)[1]!.margin, "omniroute not selected");
  });
});

describe("translated rows", () => {
  it("puts the proxy's OpenAI stream and omniroute's Anthropic stream side by side, with the differences", () => {
    const lines = renderStdout(run(MEASURED)).split("\n");
    const cells = (label: string) => lines.find((line) => line.startsWith(label))?.slice(label.length).trim().split(/\s{2,}/);
    assert.deepEqual(cells("translated stream c=32 streams/s"), ["n/a", "1000", "750"]);
    assert.deepEqual(cells("translated c=1 stream duration p50 / p99 ms"), ["n/a", "1.000 / 2.000", "1.400 / 3.500"]);
    assert.deepEqual(cells("translated c=1 stream TTFB p50 / p99 ms"), ["n/a", "0.500 / 1.000", "0.700 / 1.750"]);
    assert.deepEqual(cells("translated c=1 added vs proxy: duration p50 / p99 ms"), ["n/a", "ref", "+0.400 / +1.500"]);
    assert.deepEqual(cells("translated c=1 added vs proxy: TTFB p50 / p99 ms"), ["n/a", "ref", "+0.200 / +0.750"]);
  });

  it("counts streams without their end marker as failed", () => {
    const incomplete: TranslatedResult = { ...MEASURED, stream: { ...timings(1.4, 3.5), completeStreams: 497 } };
    assert.match(renderStdout(run(incomplete)), /1\.400 \/ 3\.500 \(3 failed\)/);
  });

  it("describes the translated case in the markdown", () => {
    const markdown = renderMarkdown(run(MEASURED));
    assert.match(markdown, /### Translated case/);
    assert.match(markdown, /\| translated: added stream duration c=1 p99 \(ms, vs proxy\) \| 1\.500 \(3\.500 vs proxy 2\.000\) \| ≤ proxy \+ 2 ms \| PASS \| \+0\.500 ms \|/);
    assert.match(markdown, /Translated c=1: 500 sequential streams each/);
  });
});

function comboSide(p50Ms: number, p99Ms: number, attemptMismatches = 0): ComboSide {
  return { count: 2_000, errors: 0, p50Ms, p99Ms, meanMs: p50Ms, attemptMismatches };
}

const COMBO: ComboResult = {
  status: "ok",
  direct: comboSide(1.2, 2.5),
  fallback503: comboSide(2.35, 5),
  directWithResets: comboSide(1.45, 2.75),
  failed503: comboSide(0.4, 0.75),
  fallback400: comboSide(2.5, 5),
  failed400: comboSide(0.5, 1),
  breakerOpen: comboSide(1.45, 2.75, 2),
  breakerResets: 1_000,
  fallback400C32: { rps: 1_000, total: 12_000, p50Ms: 20, p99Ms: 40, errors: 0, non2xx: 9_000 },
  breakerOpenC32: loadFigures(900),
  cpuUsPerRequest: { direct: 1_000, directWithResets: 1_250.5, fallback503: 1_500.75, fallback400: 1_400, breakerOpen: 1_020 },
  cpuSource: "schedstat",
};

function comboRun(combo: ComboResult | undefined): BenchRun {
  const base = run(MEASURED, { c32: loadFigures(1_000) });
  return combo === undefined ? base : { ...base, combo };
}

describe("combo added latency and verdicts", () => {
  it("subtracts omniroute direct and the failed call's own time (fallback), or direct only (breaker open)", () => {
    const p50 = comboAdded(COMBO, "p50Ms");
    assert.equal(p50.fallback503!.toFixed(3), "0.500"); // 2.35 − 1.45 (direct with the same resets) − 0.4
    assert.equal(p50.fallback400!.toFixed(3), "0.800"); // 2.5 − 1.2 − 0.5
    assert.equal(p50.breakerOpen!.toFixed(3), "0.250"); // 1.45 − 1.2
    const p99 = comboAdded(COMBO, "p99Ms");
    assert.equal(p99.fallback503!.toFixed(3), "1.500"); // 5 − 2.75 − 0.75
    // Without the reset reference (a run that did not measure it), plain direct is the reference.
    assert.equal(comboAdded({ ...COMBO, directWithResets: undefined }, "p50Ms").fallback503!.toFixed(3), "0.750");
    assert.equal(p99.breakerOpen!.toFixed(3), "0.250");
  });

  it("leaves out what was not measured", () => {
    assert.deepEqual(Object.keys(comboAdded({ ...COMBO, failed400: undefined }, "p50Ms")), ["fallback503", "breakerOpen"]);
    assert.deepEqual(Object.keys(comboAdded({ ...COMBO, breakerOpen: { ...COMBO.breakerOpen!, p50Ms: Number.NaN } }, "p50Ms")), ["fallback503", "fallback400"]);
    // The 503 fallback has its own reference (direct with the same resets); the others need plain direct.
    assert.deepEqual(Object.keys(comboAdded({ ...COMBO, direct: undefined }, "p50Ms")), ["fallback503"]);
    assert.deepEqual(comboAdded({ ...COMBO, direct: undefined, directWithResets: undefined }, "p50Ms"), {});
    assert.deepEqual(comboAdded({ ...COMBO, status: "failed" }, "p50Ms"), {});
    assert.deepEqual(comboAdded(undefined, "p50Ms"), {});
  });

  it("judges each case against 1 ms at p50, with the parts of the difference in the value", () => {
    const [fallback503, fallback400, breakerOpen] = comboVerdicts(comboRun(COMBO));
    assert.deepEqual(fallback503, {
      criterion: "combo (a) fallback over a 503: added c=1 p50 beyond the failed call (ms)",
      value: "0.500 (2.350 − direct with the same resets 1.450 − mock 503 0.400)",
      target: "≤ 1 ms",
      verdict: "PASS",
      margin: "+0.500 ms",
    });
    assert.equal(fallback400!.value, "0.800 (2.500 − direct 1.200 − mock 400 0.500)");
    assert.equal(fallback400!.verdict, "PASS");
    assert.equal(breakerOpen!.value, "0.250 (1.450 − direct 1.200)");
    assert.equal(breakerOpen!.criterion, "combo (b) breaker open, first target skipped: added c=1 p50 over direct (ms)");
  });

  it("misses above 1 ms", () => {
    const [fallback503] = comboVerdicts(comboRun({ ...COMBO, fallback503: comboSide(3.1, 5) }));
    assert.equal(fallback503!.verdict, "MISS");
    assert.equal(fallback503!.margin, "-0.250 ms");
  });

  it("gives n/a with the reason when the case failed or omniroute did not run, and the note", () => {
    const failed = comboRun({ status: "failed", note: "bench-fallback-503 answered 503 from ? after 1 attempts" });
    assert.deepEqual(
      comboVerdicts(failed).map((verdict) => [verdict.verdict, verdict.margin]),
      [
        ["n/a", "omniroute-combo failed"],
        ["n/a", "omniroute-combo failed"],
        ["n/a", "omniroute-combo failed"],
      ],
    );
    assert.match(renderStdout(failed), /note — omniroute-combo: bench-fallback-503 answered 503/);
    const withoutOmniroute = { ...comboRun(undefined), results: [] };
    assert.equal(comboVerdicts(withoutOmniroute)[0]!.margin, "omniroute not selected");
  });

  it("comes last in the verdicts", () => {
    assert.equal(evaluate(comboRun(COMBO)).at(-1)!.criterion, "combo (b) breaker open, first target skipped: added c=1 p50 over direct (ms)");
  });
});

describe("combo rows", () => {
  const lines = renderStdout(comboRun(COMBO)).split("\n");
  const cells = (label: string, from = 0) => {
    const index = lines.findIndex((line, at) => at >= from && line.startsWith(label));
    return { index, cells: lines[index]?.slice(label.length).trim().split(/\s{2,}/) };
  };

  it("shows every side, the added figures and the excluded probes in the omniroute column", () => {
    assert.deepEqual(cells("combo c=1: omniroute direct success (same rounds) p50 / p99 ms").cells, ["n/a", "n/a", "1.200 / 2.500"]);
    const fallback503 = cells("combo (a) fallback over 503 c=1 p50 / p99 ms");
    assert.deepEqual(fallback503.cells, ["n/a", "n/a", "2.350 / 5.000"]);
    assert.deepEqual(cells("  omniroute direct with the same resets p50 / p99 ms", fallback503.index).cells, ["n/a", "n/a", "1.450 / 2.750"]);
    assert.deepEqual(cells("  the mock's 503 timed directly p50 / p99 ms", fallback503.index).cells, ["n/a", "n/a", "0.400 / 0.750"]);
    assert.deepEqual(cells("  added beyond the failed call p50 / p99 ms", fallback503.index).cells, ["n/a", "n/a", "+0.500 / +1.500"]);
    const fallback400 = cells("combo (a) fallback over 400 c=1 p50 / p99 ms");
    assert.deepEqual(cells("  added beyond the failed call p50 / p99 ms", fallback400.index).cells, ["n/a", "n/a", "+0.800 / +1.500"]);
    assert.deepEqual(cells("combo (b) breaker open c=1 p50 / p99 ms").cells, ["n/a", "n/a", "1.450 / 2.750 (2 half-open probes, excluded)"]);
    assert.deepEqual(cells("  added over direct p50 / p99 ms").cells, ["n/a", "n/a", "+0.250 / +0.250"]);
    assert.deepEqual(cells("combo (a) 503 breaker resets between groups").cells, ["n/a", "n/a", "1000"]);
  });

  it("gives omniroute's CPU per request on each side and what each case adds over its reference", () => {
    assert.deepEqual(cells("combo omniroute CPU µs/request: direct / with resets").cells, ["n/a", "n/a", "1000.0 / 1250.5"]);
    assert.deepEqual(cells("  fallback over 503 (added vs direct with resets)").cells, ["n/a", "n/a", "1500.8 (+250.3)"]);
    assert.deepEqual(cells("  fallback over 400 (added vs direct)").cells, ["n/a", "n/a", "1400.0 (+400.0)"]);
    assert.deepEqual(cells("  breaker open (added vs direct)").cells, ["n/a", "n/a", "1020.0 (+20.0)"]);
    const withoutCpu = renderStdout(comboRun({ ...COMBO, cpuUsPerRequest: undefined })).split("\n");
    assert.match(withoutCpu.find((line) => line.startsWith("  breaker open (added vs direct)")) ?? "", /n\/a\s+n\/a\s+–$/);
  });

  it("gives the successful req/s of a load run where most answers failed, and the ratio to omniroute direct", () => {
    assert.deepEqual(cells("combo (a) fallback over 400 c=32 req/s").cells, ["n/a", "n/a", "250 ok of 1000 (9000 failed)"]);
    const open = cells("combo (b) breaker open c=32 req/s");
    assert.deepEqual(open.cells, ["n/a", "n/a", "900"]);
    assert.deepEqual(cells("  vs omniroute direct c=32", open.index).cells, ["n/a", "n/a", "0.90×"]);
  });

  it("marks the rows not run or failed", () => {
    const notRun = renderStdout(comboRun(undefined)).split("\n").find((line) => line.startsWith("combo (b) breaker open c=1"));
    assert.match(notRun ?? "", /n\/a\s+n\/a\s+not run$/);
    const failed = renderStdout(comboRun({ status: "failed", note: "x" })).split("\n").find((line) => line.startsWith("combo (b) breaker open c=1"));
    assert.match(failed ?? "", /n\/a\s+n\/a\s+failed$/);
  });

  it("describes the combo case in the markdown, with its verdict rows", () => {
    const markdown = renderMarkdown(comboRun(COMBO));
    assert.match(markdown, /combo rows: omniroute answering combos/);
    assert.match(markdown, /- Combo: three more custom nodes on the same mock/);
    assert.match(markdown, /\| combo \(a\) fallback over a 503: added c=1 p50 beyond the failed call \(ms\) \| 0\.500 \(2\.350 − direct with the same resets 1\.450 − mock 503 0\.400\) \| ≤ 1 ms \| PASS \| \+0\.500 ms \|/);
  });
});
