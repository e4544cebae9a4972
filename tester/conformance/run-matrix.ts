// Builds and runs the conformance matrix: every recorded upstream answer (both recorded forms) × every client
// format (through its official SDK; Ollama through fetch) × non-streaming / streaming, through a real omniroute server
// whose upstreams all point at the wire replay mock; plus an adversarial-framing column, raw stream-grammar checks,
// the multi-turn cells (multi-turn.ts) and the checks behind the translation-loss entries (translation-loss-checks.ts).

import { startOmniroute } from "../lib/start-omniroute";
import type { OmnirouteProcess } from "../lib/start-omniroute";
import { DEFAULT_FIXTURES_ROOT, startWireReplayServer } from "../mock-upstream/wire-replay-server";
import type { ReplayedRequest, WireReplayServer } from "../mock-upstream/wire-replay-server";
import { checkUpstreamRequest, UPSTREAM_ACCOUNT_KEY } from "./check-upstream-request";
import { CLIENT_FORMATS, USER_PROMPT } from "./client-outcome";
import type { ClientDriver, ClientFormat, ObservedOutcome } from "./client-outcome";
import { compareOutcome } from "./compare-outcome";
import type { Mismatch } from "./compare-outcome";
import { explainRedCell } from "./documented-limitations";
import { driveAnthropic } from "./drive-anthropic";
import { driveGemini } from "./drive-gemini";
import { driveOllama, ollamaTools } from "./drive-ollama";
import { driveOpenAiChat } from "./drive-openai-chat";
import { driveOpenAiResponses } from "./drive-openai-responses";
import { caseLabel, loadFixtureCases } from "./fixture-catalog";
import type { FixtureCase } from "./fixture-catalog";
import { runMultiTurn } from "./multi-turn";
import { runPool } from "./run-pool";
import type { MultiTurnResult } from "./multi-turn";
import { checkGrammar } from "./stream-grammar";
import { runLossChecks } from "./translation-loss-checks";
import type { LossCheckResult } from "./translation-loss-checks";
import { captureWire } from "./wire-capture";
import type { WireExchange } from "./wire-capture";

export const CLIENT_KEY = "conformance-client-key-0123456789";
const SDK_TIMEOUT_MS = 15_000;
/** Cells in flight at once: enough to keep a run near half a minute, few enough to keep timings sane. */
const CONCURRENCY = 6;
/** Adversarial framing: CRLF, 3-byte writes, comment and keep-alive lines. */
export const ADVERSARIAL_SUFFIX = "~crlf~split3~comments";

const DRIVERS: Record<ClientFormat, ClientDriver> = {
  "openai-chat": driveOpenAiChat,
  "openai-responses": driveOpenAiResponses,
  anthropic: driveAnthropic,
  gemini: driveGemini,
  ollama: driveOllama,
};

export type Framing = "plain" | "adversarial";

export interface MatrixCell {
  fixture: FixtureCase;
  client: ClientFormat;
  stream: boolean;
  framing: Framing;
}

export interface CellResult {
  id: string;
  fixtureLabel: string;
  client: ClientFormat;
  stream: boolean;
  framing: Framing;
  model: string;
  /** Whether the recording has readable reasoning text. */
  expectedReasoning: boolean;
  verdict: "pass" | "fail" | "known";
  mismatches: Mismatch[];
  /** Why a red cell is accepted (documented-limitations.ts), when it is. */
  knownReason: string | null;
  observed: ObservedOutcome;
  /** What the gateway sent upstream (to the mock). */
  upstream: ReplayedRequest[];
  /** What the SDK sent to the gateway and got back. */
  wire: WireExchange[];
  durationMs: number;
}

export interface GrammarResult {
  client: ClientFormat;
  fixtureLabel: string;
  model: string;
  status: number;
  violations: string[];
  responseText: string;
}

export interface MatrixResult {
  cells: CellResult[];
  grammar: GrammarResult[];
  /** Conversations carried back through the gateway to every upstream format (multi-turn.ts). */
  multiTurn: MultiTurnResult[];
  /** The checks behind translation-losses.ts. */
  lossChecks: LossCheckResult[];
  durationMs: number;
  /** Where the time went: server start (a build when sources changed), grammar, answer cells, multi-turn, checks, failures. */
  phasesMs: Record<string, number>;
}

export interface MatrixOptions {
  fixturesRoot?: string;
  /** Only cells whose id matches. */
  filter?: RegExp;
  onCell?: (result: CellResult) => void;
  /** The first start builds the server when it is stale; that can take minutes. */
  startTimeoutMs?: number;
}

export function cellId(cell: MatrixCell): string {
  return `${caseLabel(cell.fixture)}|${cell.client}|${cell.stream ? "stream" : "json"}|${cell.framing}`;
}

/** The model string a client sends: provider prefix, fixture, the recorded form to replay, framing options. */
export function cellModel(cell: MatrixCell, tag?: string): string {
  const framing = cell.framing === "adversarial" ? ADVERSARIAL_SUFFIX : "";
  return `${cell.fixture.providerId}/${cell.fixture.name}~${cell.fixture.form}${framing}${tag === undefined ? "" : `~tag-${tag}`}`;
}

export function gatewayConfig(mock: WireReplayServer): unknown {
  const account = [{ name: "a", apiKey: UPSTREAM_ACCOUNT_KEY }];
  return {
    // A client key is required, so each SDK's own auth header is exercised: Bearer (openai), x-api-key
    // (anthropic), x-goog-api-key (genai).
    server: { requireApiKey: true },
    apiKeys: [{ name: "conformance", key: CLIENT_KEY }],
    security: { allowLocalUpstreams: true },
    providers: [
      { id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.openAiBaseUrl, accounts: account },
      { id: "up-responses", type: "openai-compatible", apiFormat: "responses", baseUrl: mock.openAiBaseUrl, accounts: account },
      { id: "up-claude", type: "anthropic-compatible", baseUrl: mock.origin, accounts: account },
      { id: "gemini", accounts: [{ name: "a", apiKey: UPSTREAM_ACCOUNT_KEY, baseUrl: mock.origin }] },
    ],
  };
}

/**
 * Cells in the order they run. Failure recordings come last, the Gemini 429 very last: a failure can cool an
 * account down or open a breaker, which must not turn later answer cells red.
 */
export function buildCells(fixtures: FixtureCase[]): MatrixCell[] {
  const answers = fixtures.filter((fixture) => fixture.expected.kind === "answer");
  const failures = fixtures.filter((fixture) => fixture.expected.kind === "error").sort((left, right) => Number(left.protocol === "gemini") - Number(right.protocol === "gemini"));
  const cells: MatrixCell[] = [];
  for (const fixture of answers) {
    for (const client of CLIENT_FORMATS) for (const stream of [false, true]) cells.push({ fixture, client, stream, framing: "plain" });
  }
  for (const fixture of answers.filter((candidate) => candidate.form === "sse")) {
    for (const client of CLIENT_FORMATS) cells.push({ fixture, client, stream: true, framing: "adversarial" });
  }
  for (const fixture of failures) {
    for (const client of CLIENT_FORMATS) for (const stream of [false, true]) cells.push({ fixture, client, stream, framing: "plain" });
  }
  return cells;
}

function toolNamesOf(fixture: FixtureCase): string[] {
  if (fixture.expected.kind !== "answer") return [];
  return [...new Set(fixture.expected.toolCalls.map((call) => call.name))];
}

async function runCell(cell: MatrixCell, tag: string, gateway: OmnirouteProcess, mock: WireReplayServer): Promise<CellResult> {
  const id = cellId(cell);
  const model = cellModel(cell, tag);
  const capture = captureWire();
  const started = performance.now();
  const observed = await DRIVERS[cell.client]({
    gatewayUrl: gateway.url,
    apiKey: CLIENT_KEY,
    model,
    stream: cell.stream,
    toolNames: toolNamesOf(cell.fixture),
    fetch: capture.fetch,
    timeoutMs: SDK_TIMEOUT_MS,
  });
  await capture.settled();
  const durationMs = performance.now() - started;
  const upstream = mock.requests.filter((request) => request.tag === tag);
  const mismatches = compareOutcome(cell.client, cell.fixture.expected, observed);
  // An error cell passes only if the error came from replaying the recording, not from a gateway that never
  // called the upstream (an unsupported route or translation is an error too).
  for (const request of upstream.filter((candidate) => candidate.protocol === cell.fixture.protocol)) {
    const problems = checkUpstreamRequest(request, cell.fixture.protocol, USER_PROMPT, toolNamesOf(cell.fixture));
    if (problems.length > 0) mismatches.push({ field: "upstream-request", expected: `a valid ${cell.fixture.protocol} request`, actual: problems.join("; ") });
  }
  if (cell.fixture.expected.kind === "error" && !upstream.some((request) => request.fixture === cell.fixture.name && request.served !== "not-found")) {
    mismatches.push({ field: "upstream", expected: `the recording ${cell.fixture.name} replayed`, actual: upstream.length === 0 ? "no upstream request" : upstream.map((request) => `${request.path} ${request.status}`).join(", ") });
  }
  const known = mismatches.length > 0 ? explainRedCell(id, mismatches.map((mismatch) => mismatch.field)) : null;
  return {
    id,
    fixtureLabel: caseLabel(cell.fixture),
    client: cell.client,
    stream: cell.stream,
    framing: cell.framing,
    model,
    expectedReasoning: cell.fixture.expected.kind === "answer" && cell.fixture.expected.hasReasoning,
    verdict: mismatches.length === 0 ? "pass" : known ? "known" : "fail",
    mismatches,
    knownReason: known?.reason ?? null,
    observed,
    upstream,
    wire: capture.exchanges,
    durationMs,
  };
}

/** Fixtures whose raw client streams are grammar-checked: a text and a tool answer per upstream, streamed and JSON. */
const GRAMMAR_FIXTURES = [
  "claude/anthropic-text.chunks",
  "claude/anthropic-json-tool.1.chunks",
  "gemini/google-text.json",
  "gemini/google-tool-call.chunks",
  "openai-chat/openai-text.chunks",
  "openai-chat/deepseek-tool-call.chunks",
  "openai-responses/lmstudio-basic.1.json",
  "openai-responses/lmstudio-tool-call.1.chunks",
];

/** One raw streaming request in the client's wire format, as its SDK would send it. */
export function rawStreamRequest(client: ClientFormat, gatewayUrl: string, model: string, toolNames: string[]): { url: string; init: RequestInit } {
  const schema = { type: "object", additionalProperties: true };
  const json = (url: string, headers: Record<string, string>, body: unknown) => ({
    url,
    init: { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) },
  });
  const prompt = "Hello";
  if (client === "openai-chat") {
    const tools = toolNames.map((name) => ({ type: "function", function: { name, parameters: schema } }));
    return json(`${gatewayUrl}/v1/chat/completions`, { authorization: `Bearer ${CLIENT_KEY}` }, { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: prompt }], ...(tools.length ? { tools } : {}) });
  }
  if (client === "openai-responses") {
    const tools = toolNames.map((name) => ({ type: "function", name, parameters: schema, strict: false }));
    return json(`${gatewayUrl}/v1/responses`, { authorization: `Bearer ${CLIENT_KEY}` }, { model, stream: true, input: prompt, ...(tools.length ? { tools } : {}) });
  }
  if (client === "anthropic") {
    const tools = toolNames.map((name) => ({ name, input_schema: schema }));
    return json(`${gatewayUrl}/v1/messages`, { "x-api-key": CLIENT_KEY, "anthropic-version": "2023-06-01" }, { model, stream: true, max_tokens: 1024, messages: [{ role: "user", content: prompt }], ...(tools.length ? { tools } : {}) });
  }
  if (client === "ollama") {
    const tools = ollamaTools(toolNames);
    return json(`${gatewayUrl}/v1/api/chat`, { authorization: `Bearer ${CLIENT_KEY}` }, { model, stream: true, messages: [{ role: "user", content: prompt }], ...(tools ? { tools } : {}) });
  }
  const tools = toolNames.length ? [{ functionDeclarations: toolNames.map((name) => ({ name, parameters: { type: "OBJECT" } })) }] : undefined;
  return json(`${gatewayUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`, { "x-goog-api-key": CLIENT_KEY }, { contents: [{ role: "user", parts: [{ text: prompt }] }], ...(tools ? { tools } : {}) });
}

async function runGrammar(fixtures: FixtureCase[], gateway: OmnirouteProcess): Promise<GrammarResult[]> {
  const results: GrammarResult[] = [];
  for (const label of GRAMMAR_FIXTURES) {
    const fixture = fixtures.find((candidate) => caseLabel(candidate) === label);
    if (!fixture) continue;
    for (const client of CLIENT_FORMATS) {
      const model = cellModel({ fixture, client, stream: true, framing: "plain" });
      const { url, init } = rawStreamRequest(client, gateway.url, model, toolNamesOf(fixture));
      let status = 0;
      let text = "";
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(SDK_TIMEOUT_MS) });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = `<request failed: ${(error as Error).message}>`;
      }
      const violations = status === 200 ? checkGrammar(client, text) : [`HTTP ${status}: ${text.slice(0, 300)}`];
      results.push({ client, fixtureLabel: label, model, status, violations, responseText: text });
    }
  }
  return results;
}

export async function runMatrix(options: MatrixOptions = {}): Promise<MatrixResult> {
  const started = performance.now();
  const fixturesRoot = options.fixturesRoot ?? DEFAULT_FIXTURES_ROOT;
  const fixtures = loadFixtureCases(fixturesRoot);
  const mock = await startWireReplayServer({ fixturesRoot });
  let gateway: OmnirouteProcess | undefined;
  try {
    const phasesMs: Record<string, number> = {};
    let phaseStart = performance.now();
    const phase = (name: string) => {
      phasesMs[name] = Math.round(performance.now() - phaseStart);
      phaseStart = performance.now();
    };
    gateway = await startOmniroute({ config: gatewayConfig(mock), timeoutMs: options.startTimeoutMs ?? 600_000 });
    phase("start");
    const cells = buildCells(fixtures).filter((cell) => !options.filter || options.filter.test(cellId(cell)));
    // Grammar checks run first: they only use answer recordings, and the failure cells cool accounts down.
    const grammar = options.filter ? [] : await runGrammar(fixtures, gateway);
    phase("grammar");
    const results: CellResult[] = [];
    const run = async (cell: MatrixCell, index: number) => {
      const result = await runCell(cell, String(index), gateway!, mock);
      results[index] = result;
      options.onCell?.(result);
    };
    // Answer cells side by side (each finds its upstream request by tag); failure cells one by one at the end,
    // after every answer cell, since they can cool an account down.
    const firstFailure = cells.findIndex((cell) => cell.fixture.expected.kind === "error");
    const answerCount = firstFailure === -1 ? cells.length : firstFailure;
    await runPool(cells.slice(0, answerCount), CONCURRENCY, (cell, index) => run(cell, index));
    phase("answer cells");
    const multiTurn = await runMultiTurn({ gatewayUrl: gateway.url, apiKey: CLIENT_KEY, mock, fixturesRoot, timeoutMs: SDK_TIMEOUT_MS, ...(options.filter ? { filter: options.filter } : {}) }, CONCURRENCY);
    phase("multi-turn");
    const lossChecks = await runLossChecks({ gatewayUrl: gateway.url, apiKey: CLIENT_KEY, mock, timeoutMs: SDK_TIMEOUT_MS }, options.filter);
    phase("loss checks");
    for (let index = answerCount; index < cells.length; index++) await run(cells[index]!, index);
    phase("failure cells");
    return { cells: results, grammar, multiTurn, lossChecks, durationMs: performance.now() - started, phasesMs };
  } finally {
    await gateway?.dispose();
    await mock.close();
  }
}
