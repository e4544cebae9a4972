// node --import tsx --test tester/bench/bench-report.test.ts
// The translated case's verdicts and rows, from hand-built runs (no server involved).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { evaluate, renderMarkdown, renderStdout, translatedVerdicts } from "./bench-report";
import type { BenchRun, LoadFigures, StreamTimings, TargetResult, TranslatedResult } from "./bench-report";

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
    assert.equal(criteria.at(-2), "translated: added stream duration c=1 p99 (ms, vs proxy)");
    assert.equal(criteria.at(-1), "translated: streams/s c=32 (Anthropic client vs proxy OpenAI)");
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
