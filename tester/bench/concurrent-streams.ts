// TESTPLAN 14 — 1,000 concurrent streams through the real server (`npm run bench:streams`).
//
//   node --import tsx tester/bench/concurrent-streams.ts [--streams 1000] [--rounds 10] [--duration-ms 30000]
//     [--interval-ms 50] [--direct-ms 10000] [--settle-ms 15000]
//
// The mock upstream runs in its own process (so its timers do not skew the client's clock readings) and sends
// one chunk per `--interval-ms` for `--duration-ms`, each stamped with the time it was written. The client reads
// every stream and measures each chunk's latency (arrival − stamp); a first phase straight to the mock gives the
// floor that the client and the mock add by themselves, so the gateway's own share is the difference.
// Inside omniroute a preloaded probe (NODE_OPTIONS --import, no telemetry endpoint involved) records the event
// loop delay and, after a forced GC, the heap; the bench reads it per round through SIGUSR2. RSS is read from
// /proc for the server's process tree.
//
// Targets (TESTPLAN 14): peak RSS ≤ baseline + 300 MB; RSS back within 10 % of baseline after the run (the plan
// says 60 s; `--settle-ms`); event-loop lag p99 < 50 ms; added per-chunk latency p99 < 10 ms; no monotonic heap
// growth over the rounds. Exit code 1 when a target is missed or a stream failed.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock } from "../mock-upstream/openai-mock-server";

interface Options {
  streams: number;
  rounds: number;
  durationMs: number;
  intervalMs: number;
  directMs: number;
  settleMs: number;
}

const MB = 1024 * 1024;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// The mock upstream's process: `concurrent-streams.ts --mock-child <intervalMs> <durationMs>`.

async function runMockChild(intervalMs: number, durationMs: number): Promise<void> {
  const mock = await startOpenAiMock({ record: false });
  mock.setDefault({ kind: "paced", intervalMs, durationMs, stampTimes: true });
  process.stdout.write(`listening ${mock.url}\n`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function startMockProcess(options: Options): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--mock-child", String(options.intervalMs), String(options.durationMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  process.once("exit", () => child.kill("SIGKILL"));
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`mock exited with ${code}`)));
  });
  return { url, child };
}

// ---------------------------------------------------------------------------------------------------------
// The probe preloaded into omniroute. Only the server process arms it (the build check it spawns loads it too).

const PROBE_SOURCE = `
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
const out = process.env.OMNIROUTE_BENCH_PROBE_OUT;
if (out && (process.argv[1] ?? "").endsWith("omniroute.js")) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on("SIGUSR2", () => {
    if (typeof globalThis.gc === "function") globalThis.gc();
    const memory = process.memoryUsage();
    writeFileSync(out, JSON.stringify({
      at: Date.now(),
      lagP50Ms: delay.percentile(50) / 1e6,
      lagP99Ms: delay.percentile(99) / 1e6,
      lagMaxMs: delay.max / 1e6,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
    }));
    delay.reset();
  });
}
`;

interface ProbeReading {
  at: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

async function readProbe(pid: number, file: string): Promise<ProbeReading> {
  const asked = Date.now();
  process.kill(pid, "SIGUSR2");
  for (let attempt = 0; attempt < 100; attempt++) {
    await sleep(50);
    try {
      const reading = JSON.parse(readFileSync(file, "utf8")) as ProbeReading;
      if (reading.at >= asked) return reading;
    } catch {
      // Not written yet.
    }
  }
  throw new Error("the probe in omniroute did not answer (was it preloaded?)");
}

// ---------------------------------------------------------------------------------------------------------
// /proc readings for the server's process tree.

function processTree(rootPid: number): number[] {
  const found: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0 && found.length < 200) {
    const pid = pending.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    found.push(pid);
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/)) if (child) pending.push(Number(child));
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return found;
}

function treeRss(rootPid: number): number {
  let total = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** CPU time (user + system) of the process tree so far, in seconds (clock ticks of 10 ms). */
function treeCpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks / 100;
}

// ---------------------------------------------------------------------------------------------------------
// Latency histogram: 0.05 ms buckets up to 2 s, so a round's 600 k samples cost 160 KB, not a sorted array.

class Histogram {
  private readonly buckets = new Uint32Array(40_000);
  count = 0;
  max = 0;

  add(valueMs: number): void {
    const value = Math.max(0, valueMs);
    this.count += 1;
    if (value > this.max) this.max = value;
    this.buckets[Math.min(this.buckets.length - 1, Math.floor(value / 0.05))]! += 1;
  }

  percentile(fraction: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(this.count * fraction);
    let seen = 0;
    for (let index = 0; index < this.buckets.length; index++) {
      seen += this.buckets[index]!;
      if (seen >= rank) return (index + 1) * 0.05;
    }
    return this.max;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The client: N concurrent streams, each read to its end (or aborted after `abortAfterMs`).

interface StreamPhase {
  latency: Histogram;
  chunks: number;
  completed: number;
  failed: number;
  failures: Map<string, number>;
  elapsedMs: number;
}

async function runStreams(
  agent: Agent,
  url: string,
  body: string,
  count: number,
  abortAfterMs: number | undefined,
  onTick?: () => void,
): Promise<StreamPhase> {
  const phase: StreamPhase = { latency: new Histogram(), chunks: 0, completed: 0, failed: 0, failures: new Map(), elapsedMs: 0 };
  const started = Date.now();
  const ticker = onTick === undefined ? undefined : setInterval(onTick, 250);
  const fail = (reason: string) => {
    phase.failed += 1;
    phase.failures.set(reason, (phase.failures.get(reason) ?? 0) + 1);
  };
  const one = async () => {
    const controller = new AbortController();
    const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
    let pending = "";
    let sawDone = false;
    try {
      const response = await request(url, {
        method: "POST",
        dispatcher: agent,
        headers: { "content-type": "application/json" },
        body,
        signal: controller.signal,
      });
      if (response.statusCode !== 200) {
        fail(`HTTP ${response.statusCode}`);
        await response.body.text().catch(() => undefined);
        return;
      }
      await new Promise<void>((resolve, reject) => {
        response.body.on("data", (chunk: Buffer) => {
          const arrived = now();
          pending += chunk.toString("latin1");
          let end = pending.indexOf("\n\n");
          while (end !== -1) {
            const event = pending.slice(0, end);
            pending = pending.slice(end + 2);
            const stamp = event.indexOf('"t=');
            if (stamp !== -1) {
              phase.latency.add(arrived - Number(event.slice(stamp + 3, event.indexOf(";", stamp))));
              phase.chunks += 1;
            } else if (event === "data: [DONE]") sawDone = true;
            end = pending.indexOf("\n\n");
          }
        });
        response.body.once("end", resolve);
        response.body.once("error", reject);
      });
      if (sawDone) phase.completed += 1;
      else fail("stream ended without [DONE]");
    } catch (error) {
      if (controller.signal.aborted && abortAfterMs !== undefined) phase.completed += 1;
      else fail(error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 120) : String(error));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  };
  await Promise.all(Array.from({ length: count }, one));
  if (ticker !== undefined) clearInterval(ticker);
  phase.elapsedMs = Date.now() - started;
  return phase;
}

// ---------------------------------------------------------------------------------------------------------

interface RoundReport {
  round: number;
  peakRssMb: number;
  rssAfterMb: number;
  heapAfterGcMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  chunkP50Ms: number;
  chunkP99Ms: number;
  chunkMaxMs: number;
  clientLagP99Ms: number;
  /** The server's CPU use during the round, in % of one core. */
  serverCpuPercent: number;
  completed: number;
  failed: number;
  seconds: number;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
  const options: Options = {
    streams: option("streams", 1_000),
    rounds: option("rounds", 10),
    durationMs: option("duration-ms", 30_000),
    intervalMs: option("interval-ms", 50),
    directMs: option("direct-ms", 10_000),
    settleMs: option("settle-ms", 15_000),
  };
  console.log(
    `concurrent streams: ${options.streams} streams × ${options.rounds} rounds, one chunk per ${options.intervalMs} ms for ${options.durationMs / 1000} s ` +
      `(${cpus().length} CPUs, load average ${loadavg().map((load) => load.toFixed(2)).join(" ")})`,
  );
  const workDir = mkdtempSync(join(tmpdir(), "omniroute-streams-"));
  const probeFile = join(workDir, "probe.mjs");
  const probeOut = join(workDir, "probe.json");
  writeFileSync(probeFile, PROBE_SOURCE);

  const mock = await startMockProcess(options);
  let gateway: OmnirouteProcess | undefined;
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: options.streams + 50 });
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  try {
    gateway = await startOmniroute({
      env: { NODE_OPTIONS: `--import=${probeFile} --expose-gc`, OMNIROUTE_BENCH_PROBE_OUT: probeOut, LOG_REQUESTS: "false" },
      config: {
        server: { requireApiKey: false },
        security: { allowLocalUpstreams: true },
        limits: { idleTimeoutMs: 60_000 },
        providers: [{ id: "bench", type: "openai-compatible", baseUrl: mock.url, models: ["paced"], accounts: [{ name: "bench", apiKey: "sk-bench-000000" }] }],
      },
    });
    const pid = gateway.child.pid!;
    const body = JSON.stringify({ model: "bench/paced", stream: true, messages: [{ role: "user", content: "stream for a while" }] });
    const gatewayUrl = `${gateway.url}/v1/chat/completions`;

    // Warm-up: every code path of a stream once (including a client abort), then an idle baseline.
    await runStreams(agent, gatewayUrl, body, 50, 1_500);
    await sleep(3_000);
    await readProbe(pid, probeOut);
    const baselineRss = treeRss(pid);
    console.log(`baseline RSS ${fixed(baselineRss / MB)} MB (pid ${pid})`);

    // The floor: the same streams straight to the mock, for the latency the client and mock add on their own.
    clientLag.reset();
    const direct = await runStreams(agent, `${mock.url}/chat/completions`, body, options.streams, options.directMs);
    const directP99 = direct.latency.percentile(0.99);
    console.log(
      `direct to the mock (${options.directMs / 1000} s): chunk latency p50 ${fixed(direct.latency.percentile(0.5), 2)} ms, p99 ${fixed(directP99, 2)} ms, client loop lag p99 ${fixed(clientLag.percentile(99) / 1e6)} ms`,
    );
    await sleep(2_000);

    const rounds: RoundReport[] = [];
    console.log(
      "round | peak RSS MB | RSS after MB | heap after GC MB | server lag p99/max ms | chunk p50/p99/max ms | client lag p99 ms | server CPU % | ok/failed | s",
    );
    for (let round = 1; round <= options.rounds; round++) {
      await readProbe(pid, probeOut);
      clientLag.reset();
      let peakRss = treeRss(pid);
      const cpuBefore = treeCpuSeconds(pid);
      const phase = await runStreams(agent, gatewayUrl, body, options.streams, undefined, () => {
        peakRss = Math.max(peakRss, treeRss(pid));
      });
      const serverCpuPercent = ((treeCpuSeconds(pid) - cpuBefore) / (phase.elapsedMs / 1000)) * 100;
      const reading = await readProbe(pid, probeOut);
      await sleep(1_000);
      const report: RoundReport = {
        round,
        peakRssMb: peakRss / MB,
        rssAfterMb: treeRss(pid) / MB,
        heapAfterGcMb: reading.heapUsed / MB,
        lagP99Ms: reading.lagP99Ms,
        lagMaxMs: reading.lagMaxMs,
        chunkP50Ms: phase.latency.percentile(0.5),
        chunkP99Ms: phase.latency.percentile(0.99),
        chunkMaxMs: phase.latency.max,
        clientLagP99Ms: clientLag.percentile(99) / 1e6,
        serverCpuPercent,
        completed: phase.completed,
        failed: phase.failed,
        seconds: phase.elapsedMs / 1000,
      };
      rounds.push(report);
      console.log(
        `${String(round).padStart(5)} | ${fixed(report.peakRssMb).padStart(11)} | ${fixed(report.rssAfterMb).padStart(12)} | ${fixed(report.heapAfterGcMb).padStart(16)} | ` +
          `${`${fixed(report.lagP99Ms)}/${fixed(report.lagMaxMs)}`.padStart(21)} | ${`${fixed(report.chunkP50Ms, 2)}/${fixed(report.chunkP99Ms, 2)}/${fixed(report.chunkMaxMs)}`.padStart(20)} | ` +
          `${fixed(report.clientLagP99Ms).padStart(17)} | ${fixed(report.serverCpuPercent).padStart(12)} | ${`${report.completed}/${report.failed}`.padStart(9)} | ${fixed(report.seconds)}`,
      );
      if (phase.failures.size > 0) console.log(`      failures: ${[...phase.failures].map(([reason, count]) => `${count}× ${reason}`).join("; ")}`);
    }

    await sleep(options.settleMs);
    await readProbe(pid, probeOut);
    const settledRss = treeRss(pid);

    // Verdicts against TESTPLAN 14.
    const peakRss = Math.max(...rounds.map((round) => round.peakRssMb));
    const lagP99 = Math.max(...rounds.map((round) => round.lagP99Ms));
    const chunkP99 = Math.max(...rounds.map((round) => round.chunkP99Ms));
    const heaps = rounds.map((round) => round.heapAfterGcMb);
    // A rise is more than 1 MB (a few session and pool entries are noise); growth is every round rising.
    const rises = heaps.slice(1).filter((heap, index) => heap > heaps[index]! + 1).length;
    const monotonic = heaps.length >= 3 && rises === heaps.length - 1;
    const failed = rounds.reduce((total, round) => total + round.failed, 0);
    const verdicts: [string, boolean][] = [
      [`peak RSS ${fixed(peakRss)} MB ≤ baseline ${fixed(baselineRss / MB)} + 300 MB`, peakRss <= baselineRss / MB + 300],
      [
        `RSS ${options.settleMs / 1000} s after the run ${fixed(settledRss / MB)} MB within 10 % of baseline`,
        settledRss <= baselineRss * 1.1,
      ],
      [`server event-loop lag p99 (worst round) ${fixed(lagP99)} ms < 50 ms`, lagP99 < 50],
      [`added per-chunk latency p99 (worst round ${fixed(chunkP99, 2)} − direct ${fixed(directP99, 2)}) ${fixed(chunkP99 - directP99, 2)} ms < 10 ms`, chunkP99 - directP99 < 10],
      [
        `heap after GC per round ${heaps.map((heap) => fixed(heap)).join(", ")} MB: ${rises} rises (> 1 MB) in ${heaps.length - 1}, no monotonic growth`,
        !monotonic,
      ],
      [`every stream completed (${failed} failed)`, failed === 0],
    ];
    console.log("");
    for (const [text, ok] of verdicts) console.log(`${ok ? "PASS" : "FAIL"}  ${text}`);
    process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await agent.close().catch(() => undefined);
    await gateway?.dispose();
    mock.child.kill("SIGTERM");
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--mock-child") {
  await runMockChild(Number(process.argv[3]), Number(process.argv[4]));
} else {
  await main();
}
