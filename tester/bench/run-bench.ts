// `npm run bench`: one run, three targets (the mock itself, a minimal pass-through proxy, omniroute) against
// the same mock upstream, each in its own process; figures and omniroute/proxy ratios to stdout and
// docs/BENCHMARKS.md. Exit 0 even when a target misses (it is a report); non-zero only when the harness fails.
// With omniroute, also the translated case: an Anthropic Messages client on the same omniroute process, answered
// from the same OpenAI-chat mock, against the proxy's equivalent OpenAI stream; and the outbound-proxied case: the
// same process calling the mock through a local HTTP proxy the bench starts (a provider proxy), against direct;
// and the combo case (combo-case.ts): combos whose first target fails at once and whose second succeeds.
// The whole run is also written as JSON (tester/.tmp/bench/bench-run.json, or --json=PATH).
//
//   npm run bench [-- --quick] [-- --targets direct,proxy,omniroute] [-- --no-write] [-- --json=PATH]

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";

import { anthropicStreamProblem } from "./anthropic-stream-check";
import {
  BENCH_DASHBOARD_PASSWORD,
  COMBO_MOCK_ARGUMENTS,
  admitCombo,
  closeCombo,
  comboConfigCombos,
  comboConfigProviders,
  comboCpu,
  comboLoad,
  interleavedCombo,
  warmUpCombo,
} from "./combo-case";
import type { ComboLive } from "./combo-case";
import { JSON_HEADERS, SequentialClient, chatBody, chatStreamRequest, messagesStreamRequest, summarize, waitForModels200 } from "./bench-clients";
import type { Samples, StreamRequest, StreamSamples, Target } from "./bench-clients";
import { installExitHandlers, spawnChild, stopAll } from "./child-processes";
import type { Child } from "./child-processes";
import { cpuTimeNs, machineDescription, peakRssMb, rssMb } from "./proc-stats";
import { renderMarkdown, renderStdout } from "./bench-report";
import type { BenchRun, ComboResult, LoadFigures, ProxiedResult, StreamTimings, TargetName, TargetResult, TranslatedResult } from "./bench-report";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.join(REPO_ROOT, "tester", ".tmp", "bench");

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const write = !argv.includes("--no-write");
const jsonOut = argv.find((value) => value.startsWith("--json="))?.slice("--json=".length) || path.join(BUILD_DIR, "bench-run.json");
const targetsArgument = argv.find((value) => value.startsWith("--targets="))?.slice("--targets=".length);
const selectedTargets = (targetsArgument?.split(",") ?? ["direct", "proxy", "omniroute"]) as TargetName[];

// streamDurationCount: sequential streams per side for the translated case's duration p99 (a p99 needs a few
// hundred samples to mean anything; each stream from the precomputed mock takes about a millisecond).
const settings = quick
  ? { warmupS: 1, durationS: 2, latencyCount: 500, ttfbCount: 100, cpuBlocks: 5, cpuBlockSize: 800, settleMs: 500, streamDurationCount: 500, comboCpuBlockSize: 200 }
  : { warmupS: 2, durationS: 10, latencyCount: 2_000, ttfbCount: 200, cpuBlocks: 5, cpuBlockSize: 2_000, settleMs: 1_000, streamDurationCount: 2_000, comboCpuBlockSize: 400 };
const SEQUENTIAL_BUDGET_MS = 60_000;
// + the omniroute pre-build allowance; + the combo case (seven c=1 sides, a CPU phase and two more load runs).
const WATCHDOG_MS = (quick ? 6 * 60_000 : 14 * 60_000) + 5 * 60_000;

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Compiles a TypeScript entry to plain JS (esbuild) so children start without a loader; falls back to tsx. */
async function runnable(entry: string, outName: string): Promise<string[]> {
  const source = path.join(REPO_ROOT, entry);
  try {
    const esbuild = await import("esbuild");
    mkdirSync(BUILD_DIR, { recursive: true });
    const outfile = path.join(BUILD_DIR, outName);
    esbuild.buildSync({ entryPoints: [source], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "silent" });
    return [outfile];
  } catch (error) {
    log(`esbuild unavailable (${(error as Error).message.split("\n")[0]}), running ${entry} through tsx`);
    return ["--import", "tsx", source];
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One request shape for autocannon: path, headers and body. */
interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

function chatLoadRequest(target: Target, stream: boolean): LoadRequest {
  return { path: target.chatPath, headers: JSON_HEADERS, body: chatBody(target.model, stream) };
}

async function load(origin: string, request: LoadRequest, connections: number): Promise<LoadFigures> {
  const options = {
    url: `${origin}${request.path}`,
    method: "POST",
    headers: request.headers,
    body: request.body,
    connections,
    pipelining: 1,
    timeout: 10,
  };
  await autocannon({ ...options, duration: settings.warmupS });
  const result = await autocannon({ ...options, duration: settings.durationS });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function cpuPerRequestBlock(client: SequentialClient, pid: number, size: number): Promise<{ usPerRequest: number; errors: number }> {
  const before = cpuTimeNs(pid);
  const { done, errors } = await client.burst(size, SEQUENTIAL_BUDGET_MS);
  const after = cpuTimeNs(pid);
  return { usPerRequest: (after.ns - before.ns) / 1_000 / Math.max(1, done), errors };
}

async function sanityCheck(target: Target): Promise<string | null> {
  try {
    const response = await fetch(`${target.origin}${target.chatPath}`, { method: "POST", headers: JSON_HEADERS, body: chatBody(target.model, false) });
    const text = await response.text();
    if (response.status !== 200) return `non-stream request answered ${response.status}: ${text.slice(0, 300)}`;
    const json = JSON.parse(text) as { choices?: unknown[] };
    if (!Array.isArray(json.choices) || json.choices.length === 0) return `non-stream answer has no choices: ${text.slice(0, 300)}`;
    const streamResponse = await fetch(`${target.origin}${target.chatPath}`, { method: "POST", headers: JSON_HEADERS, body: chatBody(target.model, true) });
    const streamText = await streamResponse.text();
    if (streamResponse.status !== 200) return `stream request answered ${streamResponse.status}: ${streamText.slice(0, 300)}`;
    if (!streamText.includes("data: [DONE]")) return `stream answer does not end with [DONE]: ${streamText.slice(-300)}`;
    return null;
  } catch (error) {
    return `sanity request failed: ${(error as Error).message}`;
  }
}

interface Started {
  pid: number;
  origin: string;
  coldStartMs: number | null;
  child?: Child;
}

/** A target that started and passed the sanity check, with the state gathered across phases. */
interface Live {
  result: TargetResult;
  started: Started;
  target: Target;
  client: SequentialClient;
  sampledPeakMb: number;
}

const MODEL_OF: Record<TargetName, string> = { direct: "gpt-4o", proxy: "gpt-4o", omniroute: "openai/gpt-4o" };
/** The outbound-proxied case's model: a custom node in front of the same mock, behind the bench's HTTP proxy. */
const PROXIED_MODEL = "proxied/gpt-4o";

/** The outbound-proxied case on the omniroute process: its client, and omniroute direct's twin for the same rounds. */
interface ProxiedLive {
  result: ProxiedResult;
  origin: string;
  client: SequentialClient;
  directClient: SequentialClient;
  statsUrl: string;
}

async function outboundProxyCounts(statsUrl: string): Promise<{ forward: number; connect: number } | undefined> {
  try {
    const response = await fetch(statsUrl, { signal: AbortSignal.timeout(5_000) });
    return (await response.json()) as { forward: number; connect: number };
  } catch {
    return undefined;
  }
}

/** One proxied request must come back valid and must have gone through the outbound proxy, or the case is failed. */
async function admitProxied(omniroute: Live, result: ProxiedResult, statsUrl: string): Promise<ProxiedLive | null> {
  const origin = omniroute.started.origin;
  const target: Target = { origin, chatPath: "/v1/chat/completions", model: PROXIED_MODEL };
  const before = await outboundProxyCounts(statsUrl);
  const problem = await sanityCheck(target);
  const afterCounts = await outboundProxyCounts(statsUrl);
  const failure =
    problem ??
    (before === undefined || afterCounts === undefined
      ? "the outbound proxy's counters could not be read"
      : afterCounts.forward + afterCounts.connect <= before.forward + before.connect
        ? "the proxied requests did not go through the outbound proxy"
        : null);
  if (failure) {
    result.status = "failed";
    result.note = failure;
    log(`omniroute-outbound-proxied: ${failure}`);
    return null;
  }
  return {
    result,
    origin,
    client: new SequentialClient(target),
    directClient: new SequentialClient({ origin, chatPath: "/v1/chat/completions", model: MODEL_OF.omniroute }),
    statsUrl,
  };
}

/** Phase 3c: c=1 latency through the outbound proxy and direct on the same omniroute process, interleaved rounds. */
async function interleavedProxied(proxied: ProxiedLive): Promise<void> {
  const rounds = 10;
  const perRound = Math.ceil(settings.latencyCount / rounds);
  const sides = [
    { client: proxied.client, parts: [] as Samples[] },
    { client: proxied.directClient, parts: [] as Samples[] },
  ];
  log(`outbound-proxied c=1 latency (${settings.latencyCount} sequential per side, direct interleaved), ${rounds} rounds`);
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await side.client.latencySamples(20, SEQUENTIAL_BUDGET_MS);
      side.parts.push(await side.client.latencySamples(perRound, SEQUENTIAL_BUDGET_MS));
    }
  }
  const merged = (parts: Samples[]) =>
    summarize(
      parts.flatMap((part) => part.samples),
      parts.reduce((sum, part) => sum + part.errors, 0),
    );
  proxied.result.c1 = merged(sides[0]!.parts);
  proxied.result.directC1 = merged(sides[1]!.parts);
}

async function startOutboundProxy(): Promise<{ child: Child; url: string; port: number }> {
  const command = await runnable("tester/proxies/cli.ts", "outbound-proxy.mjs");
  const port = await freePort();
  const child = spawnChild("outbound-proxy", process.execPath, [...command, "--port", String(port)], { cwd: REPO_ROOT });
  const url = await child.listening(20_000);
  return { child, url, port };
}

/** The translated case on the omniroute process: its own client (own connection), the Anthropic stream request. */
interface TranslatedLive {
  result: TranslatedResult;
  origin: string;
  request: StreamRequest;
  client: SequentialClient;
}

/**
 * Right after omniroute's admission: one Anthropic stream must come back valid, or the translated figures would
 * time a 404 or a pass-through. Returns null (and marks the result failed) when it does not.
 */
async function admitTranslated(omniroute: Live, result: TranslatedResult): Promise<TranslatedLive | null> {
  const request = messagesStreamRequest(MODEL_OF.omniroute);
  const origin = omniroute.started.origin;
  let problem: string | null;
  try {
    const response = await fetch(`${origin}${request.path}`, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(10_000),
    });
    problem = anthropicStreamProblem(response.status, await response.text());
  } catch (error) {
    problem = `request failed: ${(error as Error).message}`;
  }
  if (problem) {
    result.status = "failed";
    result.note = `POST /v1/messages (Anthropic stream) sanity check: ${problem}`;
    log(`omniroute-translated: ${result.note}`);
    return null;
  }
  const client = new SequentialClient({ origin, chatPath: request.path, model: MODEL_OF.omniroute });
  return { result, origin, request, client };
}

/** Phase 1, per target right after its start: idle RSS and a sanity check. Returns null when it failed. */
async function admit(name: TargetName, started: Started, results: TargetResult[]): Promise<Live | null> {
  const result: TargetResult = { name, status: "ok", coldStartMs: started.coldStartMs };
  results.push(result);
  const target: Target = { origin: started.origin, chatPath: "/v1/chat/completions", model: MODEL_OF[name] };
  await sleep(settings.settleMs);
  result.idleRssMb = rssMb(started.pid);
  const problem = await sanityCheck(target);
  if (problem) {
    result.status = "failed";
    result.note = problem;
    log(`${name}: ${problem}`);
    return null;
  }
  return { result, started, target, client: new SequentialClient(target), sampledPeakMb: result.idleRssMb };
}

/**
 * Phase 3: c=1 latency and TTFB, interleaved across targets in rounds so that background noise on a shared
 * machine lands on every target alike (the "added latency" figures are differences of these).
 */
async function interleavedSequential(lives: Live[]): Promise<void> {
  const rounds = 10;
  const latency = new Map<Live, Samples[]>(lives.map((live) => [live, []]));
  const ttfb = new Map<Live, Samples[]>(lives.map((live) => [live, []]));
  log(`c=1 latency (${settings.latencyCount} sequential per target) and stream TTFB (${settings.ttfbCount}), ${rounds} interleaved rounds`);
  for (let round = 0; round < rounds; round++) {
    for (const live of lives) {
      await live.client.latencySamples(20, SEQUENTIAL_BUDGET_MS); // re-warm the connection and caches
      latency.get(live)!.push(await live.client.latencySamples(Math.ceil(settings.latencyCount / rounds), SEQUENTIAL_BUDGET_MS));
      ttfb.get(live)!.push(await live.client.ttfbSamples(Math.ceil(settings.ttfbCount / rounds), SEQUENTIAL_BUDGET_MS));
    }
  }
  for (const live of lives) {
    const merge = (parts: Samples[]) => ({
      samples: parts.flatMap((part) => part.samples),
      errors: parts.reduce((sum, part) => sum + part.errors, 0),
      completeStreams: parts.reduce((sum, part) => sum + part.completeStreams, 0),
    });
    const latencyAll = merge(latency.get(live)!);
    const ttfbAll = merge(ttfb.get(live)!);
    live.result.c1 = summarize(latencyAll.samples, latencyAll.errors);
    live.result.ttfb = { ...summarize(ttfbAll.samples, ttfbAll.errors), completeStreams: ttfbAll.completeStreams };
  }
}

function streamTimings(parts: StreamSamples[]): StreamTimings {
  const errors = parts.reduce((sum, part) => sum + part.errors, 0);
  return {
    ttfb: summarize(parts.flatMap((part) => part.ttfb), errors),
    full: summarize(parts.flatMap((part) => part.full), errors),
    completeStreams: parts.reduce((sum, part) => sum + part.completeStreams, 0),
  };
}

/**
 * Phase 3b: the translated case at c=1. Full stream durations (and TTFB) of omniroute's Anthropic stream and of
 * the proxy's equivalent OpenAI stream, in interleaved rounds like phase 3; which side goes first alternates too,
 * so neither always runs right after the other's re-warm.
 */
async function interleavedTranslated(translated: TranslatedLive, proxy: Live | undefined): Promise<void> {
  const rounds = 10;
  const perRound = Math.ceil(settings.streamDurationCount / rounds);
  const sides = [
    { client: translated.client, request: translated.request, parts: [] as StreamSamples[] },
    ...(proxy ? [{ client: proxy.client, request: chatStreamRequest(proxy.target), parts: [] as StreamSamples[] }] : []),
  ];
  log(`translated c=1 stream duration (${settings.streamDurationCount} sequential per side${proxy ? ", proxy interleaved" : ", no proxy"}), ${rounds} rounds`);
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await side.client.streamSamples(side.request, 20, SEQUENTIAL_BUDGET_MS); // re-warm, as in phase 3
      side.parts.push(await side.client.streamSamples(side.request, perRound, SEQUENTIAL_BUDGET_MS));
    }
  }
  translated.result.stream = streamTimings(sides[0]!.parts);
  if (sides[1]) translated.result.proxyStream = streamTimings(sides[1].parts);
}

/** Phase 4, per target: CPU per request in consecutive blocks, then the load runs, then one more CPU block. */
async function cpuAndLoad(live: Live): Promise<void> {
  const { result, started, target, client } = live;
  const name = result.name;
  log(`${name}: CPU per request (${settings.cpuBlocks} blocks of ${settings.cpuBlockSize} sequential)`);
  result.cpuSource = cpuTimeNs(started.pid).source;
  result.cpuBlocksUs = [];
  let cpuErrors = 0;
  // Two uncounted blocks first: the first sequential block after the previous phase reads high on every
  // target (GC of the previous phase, cold caches), which is not what the flatness check is about.
  for (let block = 0; block < 2; block++) await client.burst(settings.cpuBlockSize, SEQUENTIAL_BUDGET_MS);
  for (let block = 0; block < settings.cpuBlocks; block++) {
    const { usPerRequest, errors } = await cpuPerRequestBlock(client, started.pid, settings.cpuBlockSize);
    result.cpuBlocksUs.push(usPerRequest);
    cpuErrors += errors;
  }
  log(`${name}: non-stream c=32 (${settings.warmupS}s warm-up + ${settings.durationS}s)`);
  result.c32 = await load(target.origin, chatLoadRequest(target, false), 32);
  log(`${name}: non-stream c=128`);
  result.c128 = await load(target.origin, chatLoadRequest(target, false), 128);
  log(`${name}: stream c=32`);
  result.stream32 = await load(target.origin, chatLoadRequest(target, true), 32);
  const afterLoad = await cpuPerRequestBlock(client, started.pid, settings.cpuBlockSize);
  result.cpuAfterLoadUs = afterLoad.usPerRequest;
  result.cpuErrors = cpuErrors + afterLoad.errors;
}

/** JIT warm-up under concurrency before any sequential measurement (not reported). */
async function warmUp(live: Live): Promise<void> {
  log(`${live.result.name}: warm-up (${settings.warmupS}s at c=8, non-stream then stream)`);
  const base = { url: `${live.target.origin}${live.target.chatPath}`, method: "POST", headers: JSON_HEADERS, connections: 8, duration: settings.warmupS / 2 };
  await autocannon({ ...base, body: chatBody(live.target.model, false) });
  await autocannon({ ...base, body: chatBody(live.target.model, true) });
}

/** Non-stream warm-up of one model at c=8 (not reported). */
async function warmUpModel(origin: string, model: string): Promise<void> {
  await autocannon({ url: `${origin}/v1/chat/completions`, method: "POST", headers: JSON_HEADERS, body: chatBody(model, false), connections: 8, duration: settings.warmupS / 2 });
}

/** JIT warm-up of the translation path (Anthropic parse, OpenAI upstream, Anthropic SSE out); not reported. */
async function warmUpTranslated(translated: TranslatedLive): Promise<void> {
  log(`omniroute-translated: warm-up (${settings.warmupS / 2}s at c=8, Anthropic stream)`);
  const { path: requestPath, headers, body } = translated.request;
  await autocannon({ url: `${translated.origin}${requestPath}`, method: "POST", headers, body, connections: 8, duration: settings.warmupS / 2 });
}

async function startProxy(mockOrigin: string): Promise<Started> {
  const command = await runnable("tester/bench/minimal-proxy.ts", "minimal-proxy.mjs");
  const port = await freePort();
  const child = spawnChild("minimal-proxy", process.execPath, [...command, "--port", String(port), "--upstream", mockOrigin], { cwd: REPO_ROOT });
  const origin = `http://127.0.0.1:${port}`;
  const coldStartMs = await waitForModels200(origin, child.spawnedAt, 30_000, child.alive);
  if (coldStartMs === null) throw new Error(`minimal proxy did not answer GET /v1/models with 200:\n${child.tail()}`);
  return { pid: child.pid, origin, coldStartMs, child };
}

async function startOmniroute(mockUrl: string, outboundProxyPort: number | undefined): Promise<Started | string> {
  const bin = path.join(REPO_ROOT, "bin", "omniroute.js");
  if (!existsSync(bin)) return "bin/omniroute.js not found (server not written/built yet) — omniroute skipped";
  // In a source checkout bin/omniroute.js rebuilds what is stale before starting: build first, outside the
  // cold-start clock (the clock still includes the bin's up-to-date check, as `npm start` does).
  const buildScript = path.join(REPO_ROOT, "scripts", "build.mjs");
  if (existsSync(buildScript)) {
    log("omniroute: node scripts/build.mjs --if-needed (not timed)");
    const buildStarted = performance.now();
    const build = spawnChild("omniroute-build", process.execPath, [buildScript, "--if-needed"], { cwd: REPO_ROOT });
    const outcome = await build.waitExit(PREBUILD_TIMEOUT_MS);
    await build.stop();
    if (outcome !== 0) {
      return `omniroute build failed (${outcome === "timeout" ? `no result within ${PREBUILD_TIMEOUT_MS / 1000} s` : `exit ${outcome}`}); last output:\n${build.tail()}`;
    }
    prebuildSeconds = (performance.now() - buildStarted) / 1000;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "omniroute-bench-"));
  const configFile = path.join(dataDir, "config.json");
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        server: { host: "127.0.0.1", requireApiKey: false },
        security: { allowLocalUpstreams: true },
        providers: [
          { id: "openai", accounts: [{ name: "bench", apiKey: "sk-bench", baseUrl: mockUrl }] },
          // The outbound-proxied case: the same mock, reached through the bench's HTTP proxy (a provider proxy).
          ...(outboundProxyPort === undefined
            ? []
            : [
                {
                  id: "proxied",
                  type: "openai-compatible",
                  apiFormat: "chat",
                  baseUrl: mockUrl,
                  models: ["gpt-4o"],
                  proxy: { type: "http", host: "127.0.0.1", port: outboundProxyPort },
                  accounts: [{ name: "bench-proxied", apiKey: "sk-bench" }],
                },
              ]),
          // The combo case: three custom nodes whose model the mock fails at once (combo-case.ts).
          ...comboConfigProviders(mockUrl),
        ],
        combos: comboConfigCombos(),
      },
      null,
      2,
    ),
  );
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const child = spawnChild(
    "omniroute",
    process.execPath,
    [bin, "--no-open", "--port", String(port), "--data-dir", dataDir, "--config", configFile],
    // INITIAL_PASSWORD: the combo case logs in to reset a breaker through POST /api/resilience.
    { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir, INITIAL_PASSWORD: BENCH_DASHBOARD_PASSWORD } },
  );
  const origin = `http://127.0.0.1:${port}`;
  const coldStartMs = await waitForModels200(origin, child.spawnedAt, 30_000, child.alive);
  if (coldStartMs === null) {
    await child.stop();
    return `omniroute did not answer GET /v1/models with 200 within 30 s; last output:\n${child.tail()}`;
  }
  return { pid: child.pid, origin, coldStartMs, child };
}

const cleanups: Array<() => void> = [];
const PREBUILD_TIMEOUT_MS = 5 * 60_000;
let prebuildSeconds: number | undefined;

async function main(): Promise<number> {
  installExitHandlers();
  process.on("exit", () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const watchdog = setTimeout(() => {
    log(`watchdog: the bench exceeded ${WATCHDOG_MS / 1000} s, aborting`);
    void stopAll().finally(() => process.exit(3));
  }, WATCHDOG_MS);
  watchdog.unref();
  const startedAt = Date.now();

  const mockCommand = await runnable("tester/mock-upstream/cli.ts", "mock-upstream.mjs");
  const mock = spawnChild("mock-upstream", process.execPath, [...mockCommand, "--port", "0", ...COMBO_MOCK_ARGUMENTS], { cwd: REPO_ROOT });
  const mockUrl = await mock.listening(20_000);
  const mockOrigin = new URL(mockUrl).origin;
  log(`mock upstream ${mockUrl} (pid ${mock.pid})`);

  const results: TargetResult[] = [];
  const lives: Live[] = [];
  let translatedResult: TranslatedResult | undefined;
  let translated: TranslatedLive | null = null;
  let proxiedResult: ProxiedResult | undefined;
  let proxied: ProxiedLive | null = null;
  let outboundProxy: { child: Child; url: string; port: number } | undefined;
  let comboResult: ComboResult | undefined;
  let combo: ComboLive | null = null;
  const sampler = setInterval(() => {
    for (const live of lives) live.sampledPeakMb = Math.max(live.sampledPeakMb, rssMb(live.started.pid));
  }, 250);
  try {
    // Phase 1: start every target (one at a time, so each cold start runs on a quiet machine).
    for (const name of selectedTargets) {
      if (name === "direct") {
        const live = await admit("direct", { pid: mock.pid, origin: mockOrigin, coldStartMs: null }, results);
        if (!live) throw new Error("the mock upstream failed its sanity check");
        lives.push(live);
      } else if (name === "proxy") {
        log("proxy: starting");
        const started = await startProxy(mockOrigin);
        log(`proxy: ready in ${started.coldStartMs?.toFixed(0)} ms`);
        const live = await admit("proxy", started, results);
        if (!live) throw new Error("the minimal proxy failed its sanity check");
        lives.push(live);
      } else if (name === "omniroute") {
        try {
          outboundProxy = await startOutboundProxy();
          log(`outbound proxy ${outboundProxy.url} (pid ${outboundProxy.child.pid})`);
        } catch (error) {
          proxiedResult = { status: "failed", note: `the outbound HTTP proxy did not start: ${(error as Error).message}` };
        }
        log("omniroute: starting");
        const started = await startOmniroute(mockUrl, outboundProxy?.port);
        if (typeof started === "string") {
          log(started);
          results.push({ name, status: started.startsWith("bin/omniroute.js not found") ? "skipped" : "failed", note: started, coldStartMs: null });
          continue;
        }
        log(`omniroute: ready in ${started.coldStartMs?.toFixed(0)} ms`);
        const live = await admit("omniroute", started, results);
        if (live) {
          lives.push(live);
          translatedResult = { status: "ok" };
          translated = await admitTranslated(live, translatedResult);
          if (outboundProxy !== undefined) {
            proxiedResult = { status: "ok" };
            proxied = await admitProxied(live, proxiedResult, `${outboundProxy.url}/__stats`);
          }
          comboResult = { status: "ok" };
          combo = await admitCombo(started.origin, mockOrigin, comboResult);
          if (!combo) log(`omniroute-combo: ${comboResult.note}`);
        } else await started.child?.stop();
      } else {
        throw new Error(`unknown target ${String(name)} (expected direct, proxy, omniroute)`);
      }
    }
    // Phase 2: warm-up. Phase 3: interleaved sequential latency (3b: the translated case's streams).
    // Phase 4: CPU blocks and load, per target; the translated stream load right after omniroute's own.
    for (const live of lives) await warmUp(live);
    if (translated) await warmUpTranslated(translated);
    if (combo) await warmUpCombo(combo, (model) => warmUpModel(combo!.origin, model), log);
    await interleavedSequential(lives);
    if (translated) await interleavedTranslated(translated, lives.find((live) => live.result.name === "proxy"));
    if (proxied) await interleavedProxied(proxied);
    if (combo) {
      await interleavedCombo(combo, settings.latencyCount, SEQUENTIAL_BUDGET_MS, log);
      const omniroutePid = lives.find((live) => live.result.name === "omniroute")!.started.pid;
      await comboCpu(combo, omniroutePid, settings.comboCpuBlockSize, settings.cpuBlocks, SEQUENTIAL_BUDGET_MS, log);
    }
    for (const live of lives) {
      await cpuAndLoad(live);
      if (translated && live.result.name === "omniroute") {
        log("omniroute-translated: stream c=32 (Anthropic client)");
        translated.result.stream32 = await load(translated.origin, translated.request, 32);
      }
      if (proxied && live.result.name === "omniroute") {
        log("omniroute-outbound-proxied: non-stream c=32");
        proxied.result.c32 = await load(proxied.origin, { path: "/v1/chat/completions", headers: JSON_HEADERS, body: chatBody(PROXIED_MODEL, false) }, 32);
        const counts = await outboundProxyCounts(proxied.statsUrl);
        if (counts !== undefined) proxied.result.proxyCounts = counts;
      }
      if (combo && live.result.name === "omniroute") await comboLoad(combo, load, log);
    }
  } finally {
    clearInterval(sampler);
    await translated?.client.close();
    await proxied?.client.close();
    await proxied?.directClient.close();
    await closeCombo(combo);
    await outboundProxy?.child.stop();
    for (const live of lives) {
      live.result.peakRssMb = Math.max(live.sampledPeakMb, peakRssMb(live.started.pid));
      await live.client.close();
      await live.started.child?.stop();
    }
  }
  await mock.stop();
  results.sort((left, right) => selectedTargets.indexOf(left.name) - selectedTargets.indexOf(right.name));

  const machine = machineDescription();
  const run: BenchRun = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: machine.cpus || os.cpus().length,
    cpuModel: machine.model,
    quick,
    settings,
    durationS: (Date.now() - startedAt) / 1000,
    prebuildS: prebuildSeconds,
    results,
    translated: translatedResult,
    proxied: proxiedResult,
    combo: comboResult,
  };
  process.stdout.write(renderStdout(run));
  mkdirSync(path.dirname(path.resolve(REPO_ROOT, jsonOut)), { recursive: true });
  writeFileSync(path.resolve(REPO_ROOT, jsonOut), `${JSON.stringify(run, null, 2)}\n`);
  log(`wrote ${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, jsonOut))}`);
  if (write) {
    const out = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, renderMarkdown(run) + keptUsageLoadSection(out));
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  }
  return 0;
}

/**
 * The usage-storage section (figures from tester/bench/usage-load.ts, a separate and much longer run) is written by
 * hand between its markers; a rewrite of the file keeps it.
 */
function keptUsageLoadSection(file: string): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("<!-- usage-load:start");
  const end = text.indexOf("<!-- usage-load:end -->");
  return start === -1 || end < start ? "" : `\n${text.slice(start, end + "<!-- usage-load:end -->".length)}\n`;
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`bench: harness failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    await stopAll();
    process.exit(1);
  });
