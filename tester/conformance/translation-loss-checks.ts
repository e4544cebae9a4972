// Checks behind the entries of translation-losses.ts: one crafted client request per (check, upstream format),
// through the gateway, and the request the replay mock recorded (or the answer the client got) compared with
// what the entry says we do. Each check is cheap: one small request, no SDK.

import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

import { COUNT_TOKENS_ANSWER } from "../mock-upstream/wire-replay-server";
import type { ReplayedRequest, UpstreamProtocol, WireReplayServer } from "../mock-upstream/wire-replay-server";
import type { ClientFormat } from "./client-outcome";
import { asArray, asRecord } from "./expected-outcome";
import type { JsonRecord } from "./expected-outcome";
import { PROVIDER_FOR_PROTOCOL } from "./fixture-catalog";
import { FINAL_FIXTURE } from "./multi-turn";
import { parseNdjsonText } from "./read-ndjson";

export interface LossCheckContext {
  gatewayUrl: string;
  apiKey: string;
  mock: WireReplayServer;
  timeoutMs: number;
}

/** What one request of a check came back with. */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  json: JsonRecord;
  /** The request the mock recorded for it (null: none reached the upstream). */
  upstream: ReplayedRequest | null;
  upstreamBody: JsonRecord;
}

interface LossCheck {
  id: string;
  /** What the check shows, as the doc lists it. */
  title: string;
  client: ClientFormat;
  upstreams: UpstreamProtocol[];
  /** The client's request without its model (Gemini: the body; the model goes in the path). */
  body: JsonRecord;
  /** Another endpoint of the client's format (Anthropic count_tokens). */
  path?: string;
  expect(exchange: Exchange, upstream: UpstreamProtocol): string[];
}

export interface LossCheckResult {
  id: string;
  checkId: string;
  title: string;
  client: ClientFormat;
  upstream: UpstreamProtocol;
  verdict: "pass" | "fail";
  problems: string[];
  /** The client's answer and what the gateway sent upstream, clipped. */
  evidence: string;
}

const has = (value: unknown, text: string) => JSON.stringify(value ?? null).includes(text);
const problem = (ok: boolean, message: string): string[] => (ok ? [] : [message]);

/** Tool names the upstream request declares, whatever its format. */
function declaredToolNames(body: JsonRecord): string[] {
  const names: string[] = [];
  for (const tool of asArray(body.tools).map(asRecord)) {
    if (typeof tool.name === "string") names.push(tool.name);
    if (typeof asRecord(tool.function).name === "string") names.push(String(asRecord(tool.function).name));
    for (const declaration of asArray(tool.functionDeclarations).map(asRecord)) if (typeof declaration.name === "string") names.push(declaration.name);
  }
  return names;
}

/** The schema the upstream request carries for its first function tool. */
function firstToolSchema(body: JsonRecord, upstream: UpstreamProtocol): unknown {
  const tool = asRecord(asArray(body.tools)[0]);
  if (upstream === "claude") return tool.input_schema;
  if (upstream === "openai-chat") return asRecord(tool.function).parameters;
  if (upstream === "openai-responses") return tool.parameters;
  return asRecord(asArray(tool.functionDeclarations)[0]).parametersJsonSchema;
}

const OPEN_SCHEMA = { type: "object", properties: {} };
const ALL: UpstreamProtocol[] = ["claude", "openai-chat", "openai-responses", "gemini"];

const NESTED_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  $defs: { City: { type: "string", description: "a city" } },
  properties: { city: { $ref: "#/$defs/City" }, unit: { const: "c" }, when: { oneOf: [{ type: "string" }, { type: "number" }] } },
  required: ["city"],
};

const COUNTED_PROMPT = "How many tokens does this sentence take, counted exactly?";

export const LOSS_CHECKS: LossCheck[] = [
  {
    id: "cache-control",
    title: "Anthropic `cache_control` marks reach a Claude upstream only",
    client: "anthropic",
    upstreams: ALL,
    body: {
      max_tokens: 256,
      system: [{ type: "text", text: "S", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral", ttl: "1h" } }] }],
    },
    expect: ({ upstreamBody }, upstream) =>
      upstream === "claude"
        ? problem(has(upstreamBody.system, '"cache_control":{"type":"ephemeral"}') && has(upstreamBody.messages, '"ttl":"1h"'), "the cache marks did not reach Claude")
        : problem(!has(upstreamBody, "cache_control") && !has(upstreamBody, "ephemeral"), "a cache mark reached a non-Anthropic upstream"),
  },
  {
    id: "anthropic-server-tool",
    title: "Anthropic server tools (`web_search_20250305`) reach a Claude upstream only, never as a function",
    client: "anthropic",
    upstreams: ALL,
    body: {
      max_tokens: 256,
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 2 }, { name: "lookup", input_schema: OPEN_SCHEMA }],
    },
    expect: ({ upstreamBody }, upstream) => [
      ...problem(declaredToolNames(upstreamBody).includes("lookup"), "the function tool is missing"),
      ...(upstream === "claude"
        ? problem(asArray(upstreamBody.tools).some((tool) => asRecord(tool).type === "web_search_20250305"), "the server tool did not reach Claude")
        : problem(!has(upstreamBody, "web_search"), "the server tool reached a non-Anthropic upstream")),
    ],
  },
  {
    id: "responses-hosted-tool",
    title: "Responses hosted tools (`web_search`) reach a Responses upstream only",
    client: "openai-responses",
    upstreams: ALL,
    body: { input: "hi", tools: [{ type: "web_search" }, { type: "function", name: "lookup", parameters: OPEN_SCHEMA }] },
    expect: ({ upstreamBody }, upstream) => [
      ...problem(declaredToolNames(upstreamBody).includes("lookup"), "the function tool is missing"),
      ...(upstream === "openai-responses"
        ? problem(asArray(upstreamBody.tools).some((tool) => asRecord(tool).type === "web_search"), "the hosted tool did not reach Responses")
        : problem(!has(upstreamBody, "web_search"), "the hosted tool reached a non-Responses upstream")),
    ],
  },
  {
    id: "responses-namespace",
    title: "A Responses `namespace` tool: kept whole for Responses, its functions flat (`mcp__files__read`) elsewhere",
    client: "openai-responses",
    upstreams: ALL,
    body: { input: "hi", tools: [{ type: "namespace", name: "mcp__files__", description: "files", tools: [{ type: "function", name: "read", parameters: OPEN_SCHEMA }] }] },
    expect: ({ upstreamBody }, upstream) =>
      upstream === "openai-responses"
        ? problem(asArray(upstreamBody.tools).some((tool) => asRecord(tool).type === "namespace"), "the namespace tool did not reach Responses whole")
        : [...problem(declaredToolNames(upstreamBody).includes("mcp__files__read"), "mcp__files__read is not declared"), ...problem(!has(upstreamBody, '"namespace"'), "a namespace tool reached a non-Responses upstream")],
  },
  {
    id: "previous-response-id",
    title: "`previous_response_id` goes to a Responses upstream; any other target answers 400 naming the field",
    client: "openai-responses",
    upstreams: ALL,
    body: { input: "hi", previous_response_id: "resp_conformance" },
    expect: ({ status, json, upstream: recorded, upstreamBody }, upstream) =>
      upstream === "openai-responses"
        ? [...problem(status === 200, `HTTP ${status}`), ...problem(upstreamBody.previous_response_id === "resp_conformance", "previous_response_id did not reach Responses")]
        : [
            ...problem(status === 400, `HTTP ${status}, expected 400`),
            ...problem(asRecord(json.error).param === "previous_response_id", `error.param is ${String(asRecord(json.error).param)}`),
            ...problem(recorded === null, "the request reached the upstream anyway"),
          ],
  },
  {
    id: "json-object",
    title: "`response_format: json_object`: an instruction in Claude's system prompt, `responseMimeType` for Gemini, `text.format` for Responses",
    client: "openai-chat",
    upstreams: ALL,
    body: { messages: [{ role: "user", content: "hi" }], response_format: { type: "json_object" } },
    expect: ({ upstreamBody }, upstream) => {
      if (upstream === "claude") return problem(/JSON object/.test(String(asRecord(asArray(upstreamBody.system).at(-1)).text)), "no JSON instruction at the end of system");
      if (upstream === "gemini") return problem(asRecord(upstreamBody.generationConfig).responseMimeType === "application/json", "no responseMimeType application/json");
      if (upstream === "openai-responses") return problem(asRecord(asRecord(upstreamBody.text).format).type === "json_object", "no text.format json_object");
      return problem(asRecord(upstreamBody.response_format).type === "json_object", "response_format lost");
    },
  },
  {
    id: "anthropic-max-tokens",
    title: "Claude gets the model-aware default `max_tokens` (16384 for a model without a known cap) when the client sent none",
    client: "openai-chat",
    upstreams: ["claude"],
    body: { messages: [{ role: "user", content: "hi" }] },
    expect: ({ upstreamBody }) => problem(upstreamBody.max_tokens === 16_384, `max_tokens is ${String(upstreamBody.max_tokens)}`),
  },
  {
    id: "anthropic-max-tokens-thinking",
    title: "…raised to leave room for the thinking budget (`reasoning_effort: high` → budget 24576 < max_tokens)",
    client: "openai-chat",
    upstreams: ["claude"],
    body: { messages: [{ role: "user", content: "hi" }], reasoning_effort: "high" },
    expect: ({ upstreamBody }) => {
      const budget = asRecord(upstreamBody.thinking).budget_tokens;
      return problem(budget === 24_576 && typeof upstreamBody.max_tokens === "number" && upstreamBody.max_tokens > budget, `thinking ${JSON.stringify(upstreamBody.thinking)}, max_tokens ${String(upstreamBody.max_tokens)}`);
    },
  },
  {
    id: "gemini-schema",
    title: "Tool schemas to Gemini: `$ref` inlined, `$defs`/`$schema` removed, `const` → `enum`, `oneOf` → `anyOf`; other targets get the schema as sent",
    client: "openai-chat",
    upstreams: ALL,
    body: { messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "lookup", parameters: NESTED_SCHEMA } }] },
    expect: ({ upstreamBody }, upstream) => {
      const schema = firstToolSchema(upstreamBody, upstream);
      if (upstream !== "gemini") return problem(JSON.stringify(schema) === JSON.stringify(NESTED_SCHEMA), "the schema was changed");
      const properties = asRecord(asRecord(schema).properties);
      return [
        ...problem(!["$ref", "$defs", "$schema", '"const"', "oneOf"].some((keyword) => has(schema, keyword)), `a keyword Gemini rejects remains: ${JSON.stringify(schema)}`),
        ...problem(asRecord(properties.city).type === "string", "$ref not inlined"),
        ...problem(JSON.stringify(asRecord(properties.unit).enum) === '["c"]', "const not turned into enum"),
        ...problem(asArray(asRecord(properties.when).anyOf).length === 2, "oneOf not turned into anyOf"),
      ];
    },
  },
  {
    id: "tool-name-passthrough",
    title: "Tool names are sent as the client wrote them (a Gemini name with a dot reaches OpenAI and Claude unchanged)",
    client: "gemini",
    upstreams: ["claude", "openai-chat", "openai-responses"],
    body: { contents: [{ role: "user", parts: [{ text: "hi" }] }], tools: [{ functionDeclarations: [{ name: "files.read_file", parametersJsonSchema: OPEN_SCHEMA }] }] },
    expect: ({ upstreamBody }) => problem(declaredToolNames(upstreamBody).includes("files.read_file"), `declared: ${declaredToolNames(upstreamBody).join(", ")}`),
  },
  {
    id: "stop-sequences",
    title: "Stop sequences: at most 5 to Gemini, none to Responses, all to Claude",
    client: "anthropic",
    upstreams: ["claude", "openai-responses", "gemini"],
    body: { max_tokens: 256, messages: [{ role: "user", content: "hi" }], stop_sequences: ["s1", "s2", "s3", "s4", "s5", "s6"] },
    expect: ({ upstreamBody }, upstream) => {
      if (upstream === "gemini") return problem(JSON.stringify(asRecord(upstreamBody.generationConfig).stopSequences) === '["s1","s2","s3","s4","s5"]', "not the first five");
      if (upstream === "openai-responses") return problem(!has(upstreamBody, '"s1"'), "stop sequences reached Responses");
      return problem(asArray(upstreamBody.stop_sequences).length === 6, "not all six");
    },
  },
  {
    id: "sampling",
    title: "Sampling: Claude's temperature clamped to [0, 1], penalties and seed dropped for Claude and Responses, kept for Gemini",
    client: "openai-chat",
    upstreams: ["claude", "openai-responses", "gemini"],
    body: { messages: [{ role: "user", content: "hi" }], max_tokens: 100, temperature: 1.7, presence_penalty: 0.4, frequency_penalty: 0.3, seed: 7 },
    expect: ({ upstreamBody }, upstream) => {
      if (upstream === "gemini") {
        const config = asRecord(upstreamBody.generationConfig);
        return problem(config.temperature === 1.7 && config.presencePenalty === 0.4 && config.frequencyPenalty === 0.3 && config.seed === 7, `generationConfig ${JSON.stringify(config)}`);
      }
      const dropped = !["presence_penalty", "frequency_penalty", "seed"].some((field) => field in upstreamBody);
      return [...problem(dropped, "a penalty or the seed was sent"), ...(upstream === "claude" ? problem(upstreamBody.temperature === 1, `temperature ${String(upstreamBody.temperature)}`) : [])];
    },
  },
  {
    id: "ollama-done-fields",
    title: "Ollama's final object: durations 0, token counts from the upstream",
    client: "ollama",
    upstreams: ["openai-chat"],
    body: { messages: [{ role: "user", content: "hi" }], stream: true },
    expect: ({ status, text }) => {
      const last = parseNdjsonText(text).at(-1);
      const final = last?.ok === true ? asRecord(last.value) : {};
      const durations = ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"].map((field) => final[field]);
      return [
        ...problem(status === 200 && final.done === true, `HTTP ${status}, last line ${JSON.stringify(final).slice(0, 120)}`),
        ...problem(durations.every((value) => value === 0), `durations ${JSON.stringify(durations)}`),
        ...problem(typeof final.prompt_eval_count === "number" && typeof final.eval_count === "number", "token counts missing"),
      ];
    },
  },
  {
    id: "count-tokens",
    title: "`/v1/messages/count_tokens`: the upstream's count for a Claude target, the o200k_base count otherwise",
    client: "anthropic",
    upstreams: ALL,
    path: "/v1/messages/count_tokens",
    body: { messages: [{ role: "user", content: COUNTED_PROMPT }] },
    expect: ({ status, json, headers }, upstream) => {
      const source = headers.get("x-omniroute-token-count");
      // o200k_base for the text plus OpenAI's published framing: 3 tokens per message, 3 to prime the reply.
      const expected = upstream === "claude" ? COUNT_TOKENS_ANSWER : countTokens(COUNTED_PROMPT) + 3 + 3;
      return [
        ...problem(status === 200, `HTTP ${status}`),
        ...problem(source === (upstream === "claude" ? "upstream" : "estimate"), `x-omniroute-token-count: ${source}`),
        ...problem(json.input_tokens === expected, `input_tokens ${String(json.input_tokens)}, expected ${expected}`),
      ];
    },
  },
];

function requestFor(check: LossCheck, context: LossCheckContext, model: string): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { "content-type": "application/json" };
  let url: string;
  let body: JsonRecord = { model, ...check.body };
  switch (check.client) {
    case "openai-chat":
      url = "/v1/chat/completions";
      headers.authorization = `Bearer ${context.apiKey}`;
      break;
    case "openai-responses":
      url = "/v1/responses";
      headers.authorization = `Bearer ${context.apiKey}`;
      break;
    case "anthropic":
      url = "/v1/messages";
      headers["x-api-key"] = context.apiKey;
      headers["anthropic-version"] = "2023-06-01";
      break;
    case "gemini":
      url = `/v1beta/models/${model}:generateContent`;
      headers["x-goog-api-key"] = context.apiKey;
      body = check.body;
      break;
    case "ollama":
      url = "/v1/api/chat";
      headers.authorization = `Bearer ${context.apiKey}`;
      break;
  }
  return { url: `${context.gatewayUrl}${check.path ?? url}`, init: { method: "POST", headers, body: JSON.stringify(body) } };
}

async function runOne(check: LossCheck, upstream: UpstreamProtocol, context: LossCheckContext, tag: string): Promise<LossCheckResult> {
  const model = `${PROVIDER_FOR_PROTOCOL[upstream]}/${FINAL_FIXTURE[upstream]}~json~tag-${tag}`;
  const { url, init } = requestFor(check, context, model);
  const result: LossCheckResult = { id: `loss:${check.id}|${upstream}`, checkId: check.id, title: check.title, client: check.client, upstream, verdict: "fail", problems: [], evidence: "" };
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(context.timeoutMs) });
    const text = await response.text();
    let json: JsonRecord = {};
    try {
      json = asRecord(JSON.parse(text));
    } catch {
      // NDJSON streams and other non-JSON answers are read by their check.
    }
    const recorded = context.mock.requests.find((request) => request.tag === tag) ?? null;
    const exchange: Exchange = { status: response.status, headers: response.headers, text, json, upstream: recorded, upstreamBody: asRecord(recorded?.body) };
    result.problems = check.expect(exchange, upstream);
    result.evidence = `client got HTTP ${response.status}: ${text.slice(0, 400)}\nupstream got: ${recorded === null ? "no request" : JSON.stringify(recorded.body).slice(0, 1_200)}`;
  } catch (error) {
    result.problems = [`request failed: ${(error as Error).message}`];
  }
  result.verdict = result.problems.length === 0 ? "pass" : "fail";
  return result;
}

export function lossCheckIds(): string[] {
  return LOSS_CHECKS.flatMap((check) => check.upstreams.map((upstream) => `loss:${check.id}|${upstream}`));
}

/** Every check against every upstream it names, side by side. */
export async function runLossChecks(context: LossCheckContext, filter?: RegExp): Promise<LossCheckResult[]> {
  const jobs = LOSS_CHECKS.flatMap((check) => check.upstreams.map((upstream) => ({ check, upstream }))).filter(({ check, upstream }) => !filter || filter.test(`loss:${check.id}|${upstream}`));
  return Promise.all(jobs.map(({ check, upstream }, index) => runOne(check, upstream, context, `loss${index}`)));
}
