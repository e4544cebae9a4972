// Multi-turn cells: each client format holds a conversation through the gateway — assistant turns answered by
// recorded upstream answers (reasoning with its token, then tool calls), each kept in the client's history exactly
// as the client received it, the tool calls answered — and then sends it on to every upstream format. The
// request the replay mock recorded for that last call is checked by check-multi-turn-request.ts. One history row
// hops providers: Claude thinks, GPT thinks and calls a tool, and the conversation goes back to Claude.

import { readFileSync } from "node:fs";
import path from "node:path";

import type { ReplayedRequest, UpstreamProtocol, WireReplayServer } from "../mock-upstream/wire-replay-server";
import { selectSegment } from "../mock-upstream/wire-replay-server";
import { checkMultiTurnRequest, stringsWithPaths } from "./check-multi-turn-request";
import type { MultiTurnExpectation } from "./check-multi-turn-request";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";
import type { ClientFormat } from "./client-outcome";
import { CLIENT_FORMATS } from "./client-outcome";
import { anthropicConversation } from "./conversation-anthropic";
import { geminiConversation } from "./conversation-gemini";
import { ollamaConversation } from "./conversation-ollama";
import { openAiChatConversation } from "./conversation-openai-chat";
import { openAiResponsesConversation } from "./conversation-openai-responses";
import { explainRedMultiTurn } from "./documented-limitations";
import { PROTOCOLS, PROVIDER_FOR_PROTOCOL } from "./fixture-catalog";
import { runPool } from "./run-pool";
import type { RecordedForm } from "./fixture-catalog";

export const CONVERSATIONS: Record<ClientFormat, ClientConversation> = {
  "openai-chat": openAiChatConversation,
  "openai-responses": openAiResponsesConversation,
  anthropic: anthropicConversation,
  gemini: geminiConversation,
  ollama: ollamaConversation,
};

export interface HistoryTurn {
  protocol: UpstreamProtocol;
  fixture: string;
}

/** Where a conversation's assistant turns came from. */
export interface HistoryRow {
  id: string;
  title: string;
  turns: HistoryTurn[];
}

export const HISTORY_ROWS: HistoryRow[] = [
  {
    id: "claude",
    title: "Claude (thinking + signature, then tool_use)",
    turns: [
      { protocol: "claude", fixture: "anthropic-clear-thinking.1" },
      { protocol: "claude", fixture: "anthropic-json-tool.1" },
    ],
  },
  {
    id: "gpt",
    title: "GPT via Responses (encrypted reasoning, then a function call)",
    turns: [
      { protocol: "openai-responses", fixture: "openai-reasoning-encrypted-content.1" },
      { protocol: "openai-responses", fixture: "lmstudio-tool-call.1" },
    ],
  },
  {
    id: "gemini",
    title: "Gemini (thought signatures on text and on a function call)",
    turns: [
      { protocol: "gemini", fixture: "google-reasoning" },
      { protocol: "gemini", fixture: "google-tool-call" },
    ],
  },
  {
    id: "deepseek",
    title: "DeepSeek via Chat (reasoning_content, then a tool call)",
    turns: [
      { protocol: "openai-chat", fixture: "deepseek-reasoning" },
      { protocol: "openai-chat", fixture: "deepseek-tool-call" },
    ],
  },
  {
    id: "claude-gpt",
    title: "Claude → GPT (Claude thinks; GPT reasons and calls a tool) → next",
    turns: [
      { protocol: "claude", fixture: "anthropic-clear-thinking.1" },
      { protocol: "openai-responses", fixture: "openai-reasoning-encrypted-content.1" },
      { protocol: "openai-responses", fixture: "lmstudio-tool-call.1" },
    ],
  },
];

/** The recorded answer each upstream gives to the last request (its content does not matter; the request does). */
export const FINAL_FIXTURE: Record<UpstreamProtocol, string> = {
  claude: "anthropic-text",
  "openai-chat": "openai-text",
  "openai-responses": "lmstudio-basic.1",
  gemini: "google-text",
};

/** How the client received the earlier turns: whole JSON answers, or streams its SDK accumulated. */
export type HistoryMode = "json" | "stream";
export const HISTORY_MODES: readonly HistoryMode[] = ["json", "stream"];

export const SYSTEM_PROMPT = "MT-SYSTEM: you are the conformance assistant; answer briefly.";
export const FIRST_QUESTION = "MT-Q1: what is 925 divided by 5?";
export const TOOL_RESULT_TEXT = "MT-TOOL-RESULT: 42";
const TOOL_NAMES = ["json", "weather", "calculator"];

export interface MultiTurnResult {
  id: string;
  client: ClientFormat;
  rowId: string;
  mode: HistoryMode;
  upstream: UpstreamProtocol;
  verdict: "pass" | "fail" | "known";
  problems: string[];
  knownReason: string | null;
  /** The last request's HTTP status and answer as the client saw them. */
  finalStatus: number;
  finalResponse: string;
  /** What the client sent for the last request, and what the gateway sent upstream for it. */
  clientRequest: unknown;
  upstreamRequest: ReplayedRequest | null;
  /** The whole conversation's time (its earlier turns included), for the cell that ended it. */
  durationMs: number;
}

export function multiTurnId(client: ClientFormat, rowId: string, mode: HistoryMode, upstream: UpstreamProtocol): string {
  return `multi-turn:${client}|${rowId}|${mode}|${upstream}`;
}

/** Every (client, history, mode, upstream) cell id, for the test runner to list before the run. */
export function multiTurnIds(): string[] {
  return CLIENT_FORMATS.flatMap((client) => HISTORY_ROWS.flatMap((row) => HISTORY_MODES.flatMap((mode) => PROTOCOLS.map((upstream) => multiTurnId(client, row.id, mode, upstream)))));
}

/** Keys under which each format carries its reasoning tokens. */
const TOKEN_KEYS: Record<UpstreamProtocol, ReadonlySet<string>> = {
  claude: new Set(["signature", "data"]),
  "openai-responses": new Set(["encrypted_content"]),
  gemini: new Set(["thoughtSignature"]),
  "openai-chat": new Set(),
};

/** The reasoning tokens a recording gives a client in the form the mock serves (one stream of a multi-call file). */
export function recordedTokens(fixturesRoot: string, turn: HistoryTurn, form: RecordedForm): string[] {
  const file = path.join(fixturesRoot, turn.protocol, `${turn.fixture}.${form === "json" ? "json" : "chunks.txt"}`);
  const text = readFileSync(file, "utf8");
  const values =
    form === "json"
      ? [JSON.parse(text) as unknown]
      : selectSegment(turn.protocol, text.split(/\r?\n/).filter((line) => line.trim() !== ""), 1).map((line) => JSON.parse(line) as unknown);
  const keys = TOKEN_KEYS[turn.protocol];
  return values.flatMap((value) =>
    stringsWithPaths(value)
      .filter(({ path: field, value: token }) => keys.has(field.slice(field.lastIndexOf(".") + 1)) && token.length > 16)
      .map(({ value: token }) => token),
  );
}

export interface MultiTurnContext {
  gatewayUrl: string;
  apiKey: string;
  mock: WireReplayServer;
  fixturesRoot: string;
  timeoutMs: number;
  /** Only cells whose id matches. */
  filter?: RegExp;
}

interface HeldConversation {
  history: unknown[];
  turns: AssistantTurn[];
  error: string | null;
}

/** Plays the recorded assistant turns of `row` into the client's history. */
async function holdConversation(conversation: ClientConversation, settings: ConversationSettings, row: HistoryRow, mode: HistoryMode, tag: string): Promise<HeldConversation> {
  const history: unknown[] = [...conversation.opening(settings), ...conversation.userText(FIRST_QUESTION)];
  const turns: AssistantTurn[] = [];
  for (const [index, turn] of row.turns.entries()) {
    const previous = turns.at(-1);
    if (previous !== undefined) history.push(...(previous.toolCalls.length > 0 ? conversation.toolResults(previous.toolCalls, TOOL_RESULT_TEXT) : conversation.userText(`MT-Q${index + 1}: go on.`)));
    const model = `${PROVIDER_FOR_PROTOCOL[turn.protocol]}/${turn.fixture}~${mode === "json" ? "json" : "sse"}~tag-${tag}-t${index}`;
    try {
      const answer = await conversation.ask(settings, history, model, mode === "stream");
      turns.push(answer);
      history.push(...answer.entries);
    } catch (error) {
      return { history, turns, error: `turn ${index + 1} (${turn.protocol}/${turn.fixture}) failed: ${String((error as Error).message ?? error).slice(0, 300)}` };
    }
  }
  const last = turns.at(-1)!;
  history.push(...(last.toolCalls.length > 0 ? conversation.toolResults(last.toolCalls, TOOL_RESULT_TEXT) : conversation.userText("MT-Q: go on.")));
  return { history, turns, error: null };
}

function expectationFor(client: ClientFormat, row: HistoryRow, mode: HistoryMode, held: HeldConversation, fixturesRoot: string): MultiTurnExpectation {
  const issuedTokens = row.turns
    .map((turn) => ({ protocol: turn.protocol, tokens: recordedTokens(fixturesRoot, turn, mode === "json" ? "json" : "sse") }))
    .filter((turn) => turn.tokens.length > 0);
  return {
    systemPrompt: SYSTEM_PROMPT,
    firstQuestion: FIRST_QUESTION,
    toolResultText: TOOL_RESULT_TEXT,
    toolCallNames: held.turns.flatMap((turn) => turn.toolCalls.map((call) => call.name)),
    declaredTools: TOOL_NAMES,
    assistantTexts: held.turns.map((turn) => turn.text.trim()).filter((text) => text !== ""),
    issuedTokens,
    clientCarriesTokens: CONVERSATIONS[client].carriesTokens,
  };
}

async function finishConversation(
  client: ClientFormat,
  row: HistoryRow,
  mode: HistoryMode,
  upstream: UpstreamProtocol,
  held: HeldConversation,
  settings: ConversationSettings,
  context: MultiTurnContext,
  tag: string,
): Promise<MultiTurnResult> {
  const id = multiTurnId(client, row.id, mode, upstream);
  const result: MultiTurnResult = { id, client, rowId: row.id, mode, upstream, verdict: "fail", problems: [], knownReason: null, finalStatus: 0, finalResponse: "", clientRequest: null, upstreamRequest: null, durationMs: 0 };
  if (held.error !== null) {
    result.problems = [held.error];
    return result;
  }
  const finalTag = `${tag}-${upstream}`;
  const { url, init } = CONVERSATIONS[client].finalRequest(settings, held.history, `${PROVIDER_FOR_PROTOCOL[upstream]}/${FINAL_FIXTURE[upstream]}~json~tag-${finalTag}`);
  result.clientRequest = JSON.parse(String(init.body));
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(context.timeoutMs) });
    result.finalStatus = response.status;
    result.finalResponse = (await response.text()).slice(0, 2_000);
  } catch (error) {
    result.finalResponse = `<request failed: ${(error as Error).message}>`;
  }
  result.upstreamRequest = context.mock.requests.find((request) => request.tag === finalTag) ?? null;
  if (result.finalStatus !== 200) result.problems.push(`the last request answered HTTP ${result.finalStatus}: ${result.finalResponse.slice(0, 300)}`);
  if (result.upstreamRequest === null) result.problems.push("no request reached the upstream");
  else result.problems.push(...checkMultiTurnRequest(result.upstreamRequest, upstream, expectationFor(client, row, mode, held, context.fixturesRoot)));
  const known = result.problems.length > 0 ? explainRedMultiTurn(id, result.problems) : null;
  result.verdict = result.problems.length === 0 ? "pass" : known ? "known" : "fail";
  result.knownReason = known?.reason ?? null;
  return result;
}

/** Every multi-turn cell; conversations run side by side, each one's requests in order. */
export async function runMultiTurn(context: MultiTurnContext, concurrency: number): Promise<MultiTurnResult[]> {
  const conversations = CLIENT_FORMATS.flatMap((client) => HISTORY_ROWS.flatMap((row) => HISTORY_MODES.map((mode) => ({ client, row, mode }))));
  const wanted = (client: ClientFormat, row: HistoryRow, mode: HistoryMode, upstream: UpstreamProtocol) => !context.filter || context.filter.test(multiTurnId(client, row.id, mode, upstream));
  const results: MultiTurnResult[][] = [];
  await runPool(conversations, concurrency, async ({ client, row, mode }, index) => {
    const upstreams = PROTOCOLS.filter((upstream) => wanted(client, row, mode, upstream));
    if (upstreams.length === 0) return;
    const settings: ConversationSettings = { gatewayUrl: context.gatewayUrl, apiKey: context.apiKey, fetch, timeoutMs: context.timeoutMs, systemPrompt: SYSTEM_PROMPT, toolNames: TOOL_NAMES };
    const tag = `mt${index}`;
    const started = performance.now();
    const held = await holdConversation(CONVERSATIONS[client], settings, row, mode, tag);
    results[index] = [];
    for (const upstream of upstreams) {
      const result = await finishConversation(client, row, mode, upstream, held, settings, context, tag);
      result.durationMs = performance.now() - started;
      results[index].push(result);
    }
  });
  return results.flat().filter((result) => result !== undefined);
}
