// `npm run bench`: one run, three targets (the mock itself, a minimal pass-through proxy, omniroute) against
// the same mock upstream, each in its own process; figures and omniroute/proxy ratios to stdout and
// docs/BENCHMARKS.md. Exit 0 even when a target misses (it is a report); non-zero only when the harness fails.
//
//   npm run bench [-- --quick] [-- --targets direct,proxy,omniroute] [-- --no-write]

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";

import { JSON_HEADERS, SequentialClient, chatBody, waitForModels200 } from "./bench-clients";
import type { Target } from "./bench-clients";
import { installExitHandlers, spawnChild, stopAll } from "./child-processes";
import type { Child } from "./child-processes";
import { cpuTimeNs, machineDescription, peakRssMb, rssMb } from "./proc-stats";
import { renderMarkdown, renderStdout } from "./bench-report";
import type { BenchRun, LoadFigures, TargetName, TargetResult } from "./bench-report";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.join(REPO_ROOT, "tester", ".tmp", "bench");

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const write = !argv.includes("--no-write");
const targetsArgument = argv.find((value) => value.startsWith("--targets="))?.slice("--targets=".length);
const selectedTargets = (targetsArgument?.split(",") ?? ["direct", "proxy", "omniroute"]) as TargetName[];

const settings = quick
  ? { warmupS: 1, durationS: 3, latencyCount: 500, latencyWarmup: 100, ttfbCount: 100, cpuBlocks: 5, cpuBlockSize: 400, settleMs: 500 }
  : { warmupS: 2, durationS: 10, latencyCount: 2_000, latencyWarmup: 200, ttfbCount: 200, cpuBlocks: 5, cpuBlockSize: 2_000, settleMs: 1_000 };
const SEQUENTIAL_BUDGET_MS = 60_000;
const WATCHDOG_MS = quick ? 4 * 60_000 : 10 * 60_000;

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

async function load(target: Target, connections: number, stream: boolean): Promise<LoadFigures> {
  const options = {
    url: `${target.origin}${target.chatPath}`,
    method: "POST",
    headers: JSON_HEADERS,
    body: chatBody(target.model, stream),
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

async function measure(name: TargetName, started: Started, model: string): Promise<TargetResult> {
  const result: TargetResult = { name, status: "ok", coldStartMs: started.coldStartMs };
  const target: Target = { origin: started.origin, chatPath: "/v1/chat/completions", model };
  await sleep(settings.settleMs);
  result.idleRssMb = rssMb(started.pid);

  const problem = await sanityCheck(target);
  if (problem) {
    return { ...result, status: "failed", note: problem };
  }

  let sampledPeak = result.idleRssMb;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, rssMb(started.pid));
  }, 250);
  const client = new SequentialClient(target);
  try {
    log(`${name}: c=1 latency (${settings.latencyCount} sequential)`);
    await client.latency(settings.latencyWarmup, SEQUENTIAL_BUDGET_MS);
    result.c1 = await client.latency(settings.latencyCount, SEQUENTIAL_BUDGET_MS);

    log(`${name}: stream TTFB (${settings.ttfbCount} sequential)`);
    result.ttfb = await client.timeToFirstByte(settings.ttfbCount, SEQUENTIAL_BUDGET_MS);

    log(`${name}: CPU per request (${settings.cpuBlocks} blocks of ${settings.cpuBlockSize})`);
    result.cpuSource = cpuTimeNs(started.pid).source;
    result.cpuBlocksUs = [];
    let cpuErrors = 0;
    await client.burst(settings.cpuBlockSize, SEQUENTIAL_BUDGET_MS); // warm-up block, not counted
    for (let block = 0; block < settings.cpuBlocks; block++) {
      const { usPerRequest, errors } = await cpuPerRequestBlock(client, started.pid, settings.cpuBlockSize);
      result.cpuBlocksUs.push(usPerRequest);
      cpuErrors += errors;
    }

    log(`${name}: non-stream c=32 (${settings.warmupS}s warm-up + ${settings.durationS}s)`);
    result.c32 = await load(target, 32, false);
    log(`${name}: non-stream c=128`);
    result.c128 = await load(target, 128, false);
    log(`${name}: stream c=32`);
    result.stream32 = await load(target, 32, true);

    const afterLoad = await cpuPerRequestBlock(client, started.pid, settings.cpuBlockSize);
    result.cpuAfterLoadUs = afterLoad.usPerRequest;
    cpuErrors += afterLoad.errors;
    result.cpuErrors = cpuErrors;
  } finally {
    clearInterval(sampler);
    await client.close();
  }
  result.peakRssMb = Math.max(sampledPeak, peakRssMb(started.pid));
  return result;
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

async function startOmniroute(mockUrl: string): Promise<Started | string> {
  const bin = path.join(REPO_ROOT, "bin", "omniroute.js");
  if (!existsSync(bin)) return "bin/omniroute.js not found (server not written/built yet) — omniroute skipped";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "omniroute-bench-"));
  const configFile = path.join(dataDir, "config.json");
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        server: { host: "127.0.0.1", requireApiKey: false },
        security: { allowLocalUpstreams: true },
        providers: [{ id: "openai", accounts: [{ name: "bench", apiKey: "sk-bench", baseUrl: mockUrl }] }],
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
    { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir } },
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

async function main(): Promise<number> {
  installExitHandlers();
  const watchdog = setTimeout(() => {
    log(`watchdog: the bench exceeded ${WATCHDOG_MS / 1000} s, aborting`);
    void stopAll().finally(() => process.exit(3));
  }, WATCHDOG_MS);
  watchdog.unref();
  const startedAt = Date.now();

  const mockCommand = await runnable("tester/mock-upstream/cli.ts", "mock-upstream.mjs");
  const mock = spawnChild("mock-upstream", process.execPath, [...mockCommand, "--port", "0"], { cwd: REPO_ROOT });
  const mockUrl = await mock.listening(20_000);
  const mockOrigin = new URL(mockUrl).origin;
  log(`mock upstream ${mockUrl} (pid ${mock.pid})`);

  const results: TargetResult[] = [];
  for (const name of selectedTargets) {
    if (name === "direct") {
      log("direct: measuring the mock itself");
      results.push(await measure("direct", { pid: mock.pid, origin: mockOrigin, coldStartMs: null }, "gpt-4o"));
    } else if (name === "proxy") {
      log("proxy: starting");
      const started = await startProxy(mockOrigin);
      log(`proxy: ready in ${started.coldStartMs?.toFixed(0)} ms`);
      try {
        results.push(await measure("proxy", started, "gpt-4o"));
      } finally {
        await started.child?.stop();
      }
    } else if (name === "omniroute") {
      log("omniroute: starting");
      const started = await startOmniroute(mockUrl);
      if (typeof started === "string") {
        log(started);
        results.push({ name, status: started.startsWith("bin/omniroute.js not found") ? "skipped" : "failed", note: started, coldStartMs: null });
        continue;
      }
      log(`omniroute: ready in ${started.coldStartMs?.toFixed(0)} ms`);
      try {
        const result = await measure("omniroute", started, "openai/gpt-4o");
        if (result.status === "failed") log(`omniroute: ${result.note}`);
        results.push(result);
      } finally {
        await started.child?.stop();
      }
    } else {
      throw new Error(`unknown target ${String(name)} (expected direct, proxy, omniroute)`);
    }
  }
  await mock.stop();

  const machine = machineDescription();
  const run: BenchRun = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: machine.cpus || os.cpus().length,
    cpuModel: machine.model,
    quick,
    settings,
    durationS: (Date.now() - startedAt) / 1000,
    results,
  };
  process.stdout.write(renderStdout(run));
  if (write) {
    const out = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, renderMarkdown(run));
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  }
  return 0;
}

main()
  .then(async (code) => {
    await stopAll();
    for (const cleanup of cleanups) cleanup();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`bench: harness failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    await stopAll();
    for (const cleanup of cleanups) cleanup();
    process.exit(1);
  });
