// The bench's combo case (issue #5): combos whose first target fails at once and whose second is the same
// `openai/gpt-4o` as omniroute direct, all answered by the one mock (per-model scenarios). What the case needs from
// the rest of the bench — its config entries, the mock's arguments, admission, the interleaved c=1 rounds and the
// c=32 runs — lives here; run-bench.ts wires it in. Figures and verdicts: bench-report.ts (ComboResult).
//
// Why three combos: a 503 counts toward the first provider's circuit breaker, which opens after 5 consecutive
// failures and from then on skips the target without an upstream call. So (a) "fallback with the failed call" is
// measured over a 503 with that breaker reset (untimed) every 4 requests — its reference is omniroute direct with the
// same untimed resets, since a dashboard call just before slows the next requests a little — and over a 400 — a failure class the
// breaker does not count and that sets no cooldown — which needs no reset and also runs at c=32; (b) "breaker open"
// is a second 503 provider whose breaker is tripped on purpose and left open.

import { randomBytes } from "node:crypto";

import { JSON_HEADERS, SequentialClient, chatBody, percentile, summarize } from "./bench-clients";
import type { Samples, Target } from "./bench-clients";
import type { ComboCpuSide, ComboResult, ComboSide, LoadFigures } from "./bench-report";
import { cpuTimeNs } from "./proc-stats";

/** The mock's models that fail: a 503 and a 400 in OpenAI's error shape, at once, without Retry-After. */
export const FAILING_MODEL_503 = "always-503";
export const FAILING_MODEL_400 = "always-400";

/** Arguments for tester/mock-upstream/cli.ts that make those two models fail; every other model is answered normally. */
export const COMBO_MOCK_ARGUMENTS: readonly string[] = [
  "--model-scenario",
  `${FAILING_MODEL_503}=${JSON.stringify({ kind: "status", status: 503 })}`,
  "--model-scenario",
  `${FAILING_MODEL_400}=${JSON.stringify({ kind: "status", status: 400 })}`,
];

/** The combos, by the case they measure. */
export const COMBO_MODELS = {
  /** (a) over a 503; provider fail503's breaker is reset between groups of requests. */
  fallback503: "bench-fallback-503",
  /** (a) over a 400, which the breaker does not count. */
  fallback400: "bench-fallback-400",
  /** (b) provider down503's breaker is open: the first target is skipped. */
  breakerOpen: "bench-breaker-open",
} as const;

const SECOND_TARGET = "openai/gpt-4o";
const RESET_PROVIDER = "fail503";
const OPEN_PROVIDER = "down503";
/** Fewer consecutive 503s than the api-key breaker profile's threshold (5), so it never opens during (a). */
const REQUESTS_BETWEEN_RESETS = 4;

/** The dashboard password the bench gives omniroute (INITIAL_PASSWORD) to reach POST /api/resilience. Per run. */
export const BENCH_DASHBOARD_PASSWORD = randomBytes(18).toString("base64url");

/** The providers to add to the bench's omniroute config: three custom nodes on the same mock. */
export function comboConfigProviders(mockUrl: string): Record<string, unknown>[] {
  const node = (id: string, model: string) => ({
    id,
    type: "openai-compatible",
    apiFormat: "chat",
    baseUrl: mockUrl,
    models: [model],
    accounts: [{ name: `bench-${id}`, apiKey: "sk-bench" }],
  });
  return [node(RESET_PROVIDER, FAILING_MODEL_503), node(OPEN_PROVIDER, FAILING_MODEL_503), node("refuse400", FAILING_MODEL_400)];
}

/** The combos to add to the bench's omniroute config (priority order: the failing target first). */
export function comboConfigCombos(): Record<string, unknown>[] {
  return [
    { name: COMBO_MODELS.fallback503, models: [`${RESET_PROVIDER}/${FAILING_MODEL_503}`, SECOND_TARGET] },
    { name: COMBO_MODELS.breakerOpen, models: [`${OPEN_PROVIDER}/${FAILING_MODEL_503}`, SECOND_TARGET] },
    { name: COMBO_MODELS.fallback400, models: [`refuse400/${FAILING_MODEL_400}`, SECOND_TARGET] },
  ];
}

/** A logged-in dashboard session on the omniroute process: resets and reads breakers. */
class DashboardSession {
  private constructor(
    private readonly origin: string,
    private readonly cookie: string,
  ) {}

  static async login(origin: string, password: string): Promise<DashboardSession> {
    const response = await fetch(`${origin}/api/auth/login`, {
      method: "POST",
      // State-changing dashboard routes refuse requests without a same-origin Origin header.
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ password }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    if (response.status !== 200 || !cookie) throw new Error(`dashboard login answered ${response.status}: ${text.slice(0, 200)}`);
    return new DashboardSession(origin, cookie);
  }

  /** Resets one provider's breaker (and clears its cooldowns). */
  async resetBreaker(providerId: string): Promise<void> {
    const response = await fetch(`${this.origin}/api/resilience`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin, cookie: this.cookie },
      body: JSON.stringify({ providerId }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST /api/resilience answered ${response.status}: ${text.slice(0, 200)}`);
  }

  /** A provider's breaker state ("closed" when it has none yet). */
  async breakerState(providerId: string): Promise<string> {
    const response = await fetch(`${this.origin}/api/resilience`, { headers: { origin: this.origin, cookie: this.cookie }, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET /api/resilience answered ${response.status}: ${text.slice(0, 200)}`);
    const snapshot = JSON.parse(text) as { breakers?: Array<{ providerId: string; state: string }> };
    return snapshot.breakers?.find((breaker) => breaker.providerId === providerId)?.state ?? "closed";
  }
}

/** One request's status, the attempts header and the serving provider, for the admission checks. */
async function probe(origin: string, model: string): Promise<{ status: number; attempts: string | null; provider: string | null; text: string }> {
  const response = await fetch(`${origin}/v1/chat/completions`, { method: "POST", headers: JSON_HEADERS, body: chatBody(model, false), signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    attempts: response.headers.get("x-omniroute-attempts"),
    provider: response.headers.get("x-omniroute-provider"),
    text: await response.text(),
  };
}

type SideName = "direct" | "directWithResets" | "fallback503" | "failed503" | "fallback400" | "failed400" | "breakerOpen";

interface Side {
  name: SideName;
  /** Resets fail503's breaker (untimed) before every group of 4 requests. */
  resets: boolean;
  client: SequentialClient;
  parts: Samples[];
  mismatches: number;
}

/** The combo case after its admission: the session and one client (own connection) per side. */
export interface ComboLive {
  result: ComboResult;
  origin: string;
  session: DashboardSession;
  sides: Side[];
  resets: number;
}

function side(name: SideName, target: Target, resets = false): Side {
  return { name, resets, client: new SequentialClient(target), parts: [], mismatches: 0 };
}

/**
 * Right after omniroute's admission: the mock must fail the two models, each fallback combo must succeed on the
 * second target after one failed attempt, and down503's breaker is tripped (and seen open). Returns null (and
 * marks the result failed) otherwise, so no figure times something else.
 */
export async function admitCombo(origin: string, mockOrigin: string, result: ComboResult): Promise<ComboLive | null> {
  const fail = (note: string): null => {
    result.status = "failed";
    result.note = note;
    return null;
  };
  try {
    for (const [model, status] of [
      [FAILING_MODEL_503, 503],
      [FAILING_MODEL_400, 400],
    ] as const) {
      const answer = await probe(mockOrigin, model);
      if (answer.status !== status) return fail(`the mock answered ${model} with ${answer.status}, not ${status}: ${answer.text.slice(0, 200)}`);
    }
    const session = await DashboardSession.login(origin, BENCH_DASHBOARD_PASSWORD);
    await session.resetBreaker(RESET_PROVIDER);
    for (const model of [COMBO_MODELS.fallback503, COMBO_MODELS.fallback400]) {
      const answer = await probe(origin, model);
      if (answer.status !== 200 || answer.attempts !== "2" || answer.provider !== "openai") {
        return fail(`${model} answered ${answer.status} from ${answer.provider ?? "?"} after ${answer.attempts ?? "?"} attempts (expected 200 from openai after 2): ${answer.text.slice(0, 200)}`);
      }
    }
    await session.resetBreaker(RESET_PROVIDER);
    // Trip down503's breaker: 503s until a request skips it (the api-key profile opens after 5).
    let skipped = false;
    for (let attempt = 0; attempt < 20 && !skipped; attempt++) {
      const answer = await probe(origin, COMBO_MODELS.breakerOpen);
      if (answer.status !== 200) return fail(`${COMBO_MODELS.breakerOpen} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      skipped = answer.attempts === "1";
    }
    const state = await session.breakerState(OPEN_PROVIDER);
    if (!skipped || state !== "open") return fail(`${OPEN_PROVIDER}'s breaker did not open after 20 failed calls (state ${state})`);
    const sides = [
      side("direct", { origin, chatPath: "/v1/chat/completions", model: SECOND_TARGET, expectAttempts: 1 }),
      side("directWithResets", { origin, chatPath: "/v1/chat/completions", model: SECOND_TARGET, expectAttempts: 1 }, true),
      side("fallback503", { origin, chatPath: "/v1/chat/completions", model: COMBO_MODELS.fallback503, expectAttempts: 2 }, true),
      side("failed503", { origin: mockOrigin, chatPath: "/v1/chat/completions", model: FAILING_MODEL_503, expectStatus: 503 }),
      side("fallback400", { origin, chatPath: "/v1/chat/completions", model: COMBO_MODELS.fallback400, expectAttempts: 2 }),
      side("failed400", { origin: mockOrigin, chatPath: "/v1/chat/completions", model: FAILING_MODEL_400, expectStatus: 400 }),
      side("breakerOpen", { origin, chatPath: "/v1/chat/completions", model: COMBO_MODELS.breakerOpen, expectAttempts: 1 }),
    ];
    return { result, origin, session, sides, resets: 0 };
  } catch (error) {
    return fail(`admission failed: ${(error as Error).message}`);
  }
}

/**
 * `count` timed requests of one side. The 503 fallback resets its breaker (untimed) before every group of 4, and so
 * does its reference (omniroute direct with resets), where the reset changes nothing but costs the same.
 */
async function samplesOf(live: ComboLive, entry: Side, count: number, budgetMs: number): Promise<Samples> {
  const before = entry.client.attemptMismatches;
  let samples: Samples;
  if (!entry.resets) samples = await entry.client.latencySamples(count, budgetMs);
  else {
    samples = { samples: [], errors: 0, completeStreams: 0 };
    const deadline = Date.now() + budgetMs;
    for (let done = 0; done < count && Date.now() < deadline; done += REQUESTS_BETWEEN_RESETS) {
      await live.session.resetBreaker(RESET_PROVIDER);
      live.resets++;
      const group = await entry.client.latencySamples(Math.min(REQUESTS_BETWEEN_RESETS, count - done), deadline - Date.now());
      samples.samples.push(...group.samples);
      samples.errors += group.errors;
    }
  }
  entry.mismatches += entry.client.attemptMismatches - before;
  return samples;
}

/**
 * c=1, every side in the same 10 rounds (the order rotates each round, so no side always follows the same one),
 * each side re-warmed with 20 uncounted requests first, as in the bench's other interleaved phases.
 * Mismatches (another attempt count than expected) are excluded from the samples and from the errors.
 */
export async function interleavedCombo(live: ComboLive, count: number, budgetMs: number, log: (message: string) => void): Promise<void> {
  const rounds = 10;
  const perRound = Math.ceil(count / rounds);
  log(`combo c=1 latency (${count} sequential per side: omniroute direct without and with resets, fallback over 503 and 400, breaker open, the mock's 503 and 400), ${rounds} rounds`);
  for (let round = 0; round < rounds; round++) {
    const order = [...live.sides.slice(round % live.sides.length), ...live.sides.slice(0, round % live.sides.length)];
    for (const entry of order) {
      const warmMismatches = entry.mismatches;
      await samplesOf(live, entry, 20, budgetMs);
      entry.mismatches = warmMismatches; // warm-up requests are not reported
      entry.parts.push(await samplesOf(live, entry, perRound, budgetMs));
    }
  }
  const merged = (entry: Side): ComboSide => {
    const errors = entry.parts.reduce((sum, part) => sum + part.errors, 0);
    return { ...summarize(entry.parts.flatMap((part) => part.samples), errors - entry.mismatches), attemptMismatches: entry.mismatches };
  };
  for (const entry of live.sides) live.result[entry.name] = merged(entry);
  live.result.breakerResets = live.resets;
}

/** The omniroute sides of the CPU phase (the mock sides cost omniroute nothing). */
const CPU_SIDES: readonly ComboCpuSide[] = ["direct", "directWithResets", "fallback503", "fallback400", "breakerOpen"];

/**
 * omniroute's own CPU time per request on each omniroute side, in `blocks` interleaved blocks of `blockSize`
 * sequential requests (the order rotates per block); the median block per side is kept. CPU time leaves out the
 * time spent waiting for a core, which dominates wall-clock differences on a loaded machine (cache and core sharing
 * still inflate it there). The resets' own CPU lands on both reset sides alike.
 */
export async function comboCpu(live: ComboLive, pid: number, blockSize: number, blocks: number, budgetMs: number, log: (message: string) => void): Promise<void> {
  const sides = CPU_SIDES.map((name) => live.sides.find((entry) => entry.name === name)!);
  log(`omniroute-combo: CPU per request (${blocks} interleaved blocks of ${blockSize} sequential per omniroute side)`);
  const perSide = new Map<Side, number[]>(sides.map((entry) => [entry, []]));
  const mismatchesBefore = new Map(sides.map((entry) => [entry, entry.mismatches]));
  for (let block = 0; block < blocks; block++) {
    const order = [...sides.slice(block % sides.length), ...sides.slice(0, block % sides.length)];
    for (const entry of order) {
      const before = cpuTimeNs(pid).ns;
      const samples = await samplesOf(live, entry, blockSize, budgetMs);
      const after = cpuTimeNs(pid).ns;
      perSide.get(entry)!.push((after - before) / 1_000 / Math.max(1, samples.samples.length + samples.errors));
    }
  }
  live.result.cpuSource = cpuTimeNs(pid).source;
  live.result.cpuUsPerRequest = {};
  live.result.cpuBlocksUs = {};
  for (const entry of sides) {
    const values = perSide.get(entry)!;
    live.result.cpuBlocksUs[entry.name as ComboCpuSide] = values;
    live.result.cpuUsPerRequest[entry.name as ComboCpuSide] = percentile([...values].sort((left, right) => left - right), 0.5);
    // The c=1 figures' mismatch counts stay those of the latency rounds.
    entry.mismatches = mismatchesBefore.get(entry)!;
  }
}

/** JIT warm-up of the fallback and skip paths at c=8 (not reported); the 503 provider's breaker is reset after. */
export async function warmUpCombo(live: ComboLive, run: (model: string) => Promise<void>, log: (message: string) => void): Promise<void> {
  log("omniroute-combo: warm-up (c=8, the 400 fallback then the breaker-open combo)");
  await run(COMBO_MODELS.fallback400);
  await run(COMBO_MODELS.breakerOpen);
  await live.session.resetBreaker(RESET_PROVIDER);
}

/** c=32 runs right after omniroute's own load runs: the 400 fallback and the breaker-open combo. */
export async function comboLoad(
  live: ComboLive,
  load: (origin: string, request: { path: string; headers: Record<string, string>; body: string }, connections: number) => Promise<LoadFigures>,
  log: (message: string) => void,
): Promise<void> {
  const request = (model: string) => ({ path: "/v1/chat/completions", headers: JSON_HEADERS, body: chatBody(model, false) });
  log("omniroute-combo: fallback over 400, non-stream c=32");
  live.result.fallback400C32 = await load(live.origin, request(COMBO_MODELS.fallback400), 32);
  log("omniroute-combo: breaker open, non-stream c=32");
  live.result.breakerOpenC32 = await load(live.origin, request(COMBO_MODELS.breakerOpen), 32);
}

export async function closeCombo(live: ComboLive | null): Promise<void> {
  for (const entry of live?.sides ?? []) await entry.client.close();
}
