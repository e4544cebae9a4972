// What the gateway sent upstream for the last request of a multi-turn conversation, checked against what the
// conversation held: every tool call answered by its result (ids paired in the target's own way), the system
// prompt exactly once and where the target reads it, every earlier assistant text present, and reasoning tokens
// only where they belong — never our `omr1.` / `omr1r.` envelopes, never a token another provider issued, and
// (when the client format can carry tokens) the target's own tokens back where it reads them.

import type { ReplayedRequest, UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import { checkUpstreamRequest } from "./check-upstream-request";
import { asArray, asRecord } from "./expected-outcome";
import type { JsonRecord } from "./expected-outcome";

export interface MultiTurnExpectation {
  systemPrompt: string;
  /** The conversation's first user message (checked like every matrix request's prompt). */
  firstQuestion: string;
  /** The text of every tool result the client sent. */
  toolResultText: string;
  /** Names of the tool calls the conversation holds, in order. */
  toolCallNames: string[];
  /** Function tools the request declares. */
  declaredTools: string[];
  /** Non-empty assistant texts the client received in earlier turns. */
  assistantTexts: string[];
  /**
   * The reasoning tokens of each assistant turn whose recording issued any, as its provider sent them. A streamed
   * recording may hold several versions of one token (a Responses stream repeats `encrypted_content` in
   * `output_item.added`, `output_item.done` and `response.completed`, not always equal): any of them counts.
   */
  issuedTokens: Array<{ protocol: UpstreamProtocol; tokens: string[] }>;
  /** Whether the client format has a place for reasoning tokens (Anthropic, Responses, Gemini). */
  clientCarriesTokens: boolean;
}

interface ToolPairing {
  callNames: string[];
  problems: string[];
}

const ENVELOPE = /^omr1r?\./;
/** Where each format reads its own reasoning tokens in a request. */
const OWN_TOKEN_FIELD: Record<UpstreamProtocol, RegExp | null> = {
  claude: /^messages\[\d+\]\.content\[\d+\]\.(signature|data)$/,
  "openai-responses": /^input\[\d+\]\.encrypted_content$/,
  gemini: /^contents\[\d+\]\.parts\[\d+\]\.thoughtSignature$/,
  "openai-chat": null,
};

function clip(text: string, limit = 60): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** Every string in a JSON value with its path (`messages[2].content[0].signature`). */
export function stringsWithPaths(value: unknown, path = ""): Array<{ path: string; value: string }> {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsWithPaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value as JsonRecord).flatMap(([key, item]) => stringsWithPaths(item, path === "" ? key : `${path}.${key}`));
  }
  return [];
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** A string as it appears inside serialised JSON. */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function textOf(value: unknown): string {
  return JSON.stringify(value ?? "");
}

/**
 * Everything the assistant said in the request's history, in order, each message's text pieces joined as they
 * are (a streamed answer may be kept as several parts; the model must see the text it produced, unchanged).
 */
export function assistantText(body: JsonRecord, protocol: UpstreamProtocol): string {
  const pieces = (value: unknown, types: ReadonlySet<string>): string =>
    typeof value === "string"
      ? value
      : asArray(value)
          .map(asRecord)
          .filter((part) => types.has(String(part.type)) && typeof part.text === "string")
          .map((part) => String(part.text))
          .join("");
  const text = new Set(["text", "output_text"]);
  if (protocol === "gemini") {
    return asArray(body.contents)
      .map(asRecord)
      .filter((content) => content.role === "model")
      .flatMap((content) => asArray(content.parts).map(asRecord))
      .filter((part) => typeof part.text === "string" && part.thought !== true)
      .map((part) => String(part.text))
      .join("");
  }
  const items = asArray(protocol === "openai-responses" ? body.input : body.messages).map(asRecord);
  return items
    .filter((item) => item.role === "assistant" && (protocol !== "openai-responses" || item.type === undefined || item.type === "message"))
    .map((item) => pieces(item.content, text))
    .join("");
}

function systemProblems(body: JsonRecord, protocol: UpstreamProtocol, prompt: string): string[] {
  const problems: string[] = [];
  const count = occurrences(JSON.stringify(body), jsonEscaped(prompt));
  if (count !== 1) problems.push(`the system prompt appears ${count} times (expected once)`);
  const has = (value: unknown) => textOf(value).includes(jsonEscaped(prompt));
  if (protocol === "claude" && !has(body.system)) problems.push("the system prompt is not in `system`");
  if (protocol === "gemini" && !has(asRecord(body.systemInstruction).parts)) problems.push("the system prompt is not in `systemInstruction`");
  if (protocol === "openai-chat") {
    const first = asRecord(asArray(body.messages)[0]);
    if (!(first.role === "system" || first.role === "developer") || !has(first.content)) problems.push("the system prompt is not the first (system) message");
  }
  if (protocol === "openai-responses") {
    const first = asRecord(asArray(body.input)[0]);
    const leadingItem = (first.role === "system" || first.role === "developer") && has(first.content);
    if (!has(body.instructions) && !leadingItem) problems.push("the system prompt is neither `instructions` nor a leading system/developer item");
  }
  return problems;
}

function pairClaude(body: JsonRecord, resultText: string): ToolPairing {
  const pairing: ToolPairing = { callNames: [], problems: [] };
  const messages = asArray(body.messages).map(asRecord);
  messages.forEach((message, index) => {
    const blocks = asArray(message.content).map(asRecord);
    if (message.role === "assistant") {
      const uses = blocks.filter((block) => block.type === "tool_use");
      if (uses.length === 0) return;
      pairing.callNames.push(...uses.map((use) => String(use.name)));
      for (const use of uses) if (!/^[a-zA-Z0-9_-]+$/.test(String(use.id))) pairing.problems.push(`tool_use id ${String(use.id)} is not ^[a-zA-Z0-9_-]+$`);
      const next = messages[index + 1];
      const results = asArray(next?.content).map(asRecord).filter((block) => block.type === "tool_result");
      const resultIds = results.map((result) => String(result.tool_use_id)).sort();
      const useIds = uses.map((use) => String(use.id)).sort();
      if (next?.role !== "user" || resultIds.join(",") !== useIds.join(",")) {
        pairing.problems.push(`messages[${index}] calls ${useIds.join(",")} but the next message answers ${resultIds.join(",") || "nothing"}`);
      }
      for (const result of results) if (!textOf(result.content).includes(jsonEscaped(resultText))) pairing.problems.push(`the tool_result for ${String(result.tool_use_id)} lost its content`);
    } else if (blocks.some((block) => block.type === "tool_result")) {
      const previous = messages[index - 1];
      if (previous?.role !== "assistant" || !asArray(previous.content).some((block) => asRecord(block).type === "tool_use")) pairing.problems.push(`messages[${index}] has tool_result blocks with no tool_use before them`);
    }
  });
  return pairing;
}

function pairChat(body: JsonRecord, resultText: string): ToolPairing {
  const pairing: ToolPairing = { callNames: [], problems: [] };
  const messages = asArray(body.messages).map(asRecord);
  let pending: string[] = [];
  messages.forEach((message, index) => {
    if (message.role === "tool") {
      const id = String(message.tool_call_id);
      if (!pending.includes(id)) pairing.problems.push(`messages[${index}] answers ${id}, which the assistant message before it did not call`);
      pending = pending.filter((candidate) => candidate !== id);
      if (!textOf(message.content).includes(jsonEscaped(resultText))) pairing.problems.push(`the tool message for ${id} lost its content`);
      return;
    }
    if (pending.length > 0) pairing.problems.push(`calls ${pending.join(",")} have no tool message right after their assistant message`);
    const calls = asArray(message.tool_calls).map(asRecord);
    pairing.callNames.push(...calls.map((call) => String(asRecord(call.function).name)));
    pending = message.role === "assistant" ? calls.map((call) => String(call.id)) : [];
  });
  if (pending.length > 0) pairing.problems.push(`calls ${pending.join(",")} are never answered`);
  return pairing;
}

function pairResponses(body: JsonRecord, resultText: string): ToolPairing {
  const pairing: ToolPairing = { callNames: [], problems: [] };
  const open = new Set<string>();
  asArray(body.input)
    .map(asRecord)
    .forEach((item, index) => {
      if (item.type === "function_call") {
        pairing.callNames.push(String(item.name));
        open.add(String(item.call_id));
      }
      if (item.type === "function_call_output") {
        const id = String(item.call_id);
        if (!open.delete(id)) pairing.problems.push(`input[${index}] answers ${id}, which no earlier function_call made (or it was answered already)`);
        if (!textOf(item.output).includes(jsonEscaped(resultText))) pairing.problems.push(`the function_call_output for ${id} lost its content`);
      }
    });
  if (open.size > 0) pairing.problems.push(`function calls ${[...open].join(",")} are never answered`);
  return pairing;
}

function pairGemini(body: JsonRecord, resultText: string): ToolPairing {
  const pairing: ToolPairing = { callNames: [], problems: [] };
  const contents = asArray(body.contents).map(asRecord);
  contents.forEach((content, index) => {
    const parts = asArray(content.parts).map(asRecord);
    const calls = parts.filter((part) => part.functionCall !== undefined).map((part) => asRecord(part.functionCall));
    const responses = parts.filter((part) => part.functionResponse !== undefined).map((part) => asRecord(part.functionResponse));
    if (content.role === "model") {
      if (calls.length === 0) return;
      pairing.callNames.push(...calls.map((call) => String(call.name)));
      const next = contents[index + 1];
      const answers = asArray(next?.parts)
        .map(asRecord)
        .filter((part) => part.functionResponse !== undefined)
        .map((part) => asRecord(part.functionResponse));
      // Gemini pairs a step's responses with its calls by id when both carry one, else by name in order.
      const key = (entry: JsonRecord) => `${String(entry.name)}#${typeof entry.id === "string" ? entry.id : ""}`;
      const callKeys = calls.map(key).sort().join(",");
      const answerKeys = answers.map(key).sort().join(",");
      const callNames = calls.map((call) => String(call.name)).sort().join(",");
      const answerNames = answers.map((answer) => String(answer.name)).sort().join(",");
      const idsOnBoth = calls.every((call) => typeof call.id === "string") && answers.every((answer) => typeof answer.id === "string");
      if (next?.role === "model" || (idsOnBoth ? callKeys !== answerKeys : callNames !== answerNames)) {
        pairing.problems.push(`contents[${index}] calls ${callKeys} but the next content answers ${answerKeys || "nothing"}`);
      }
      for (const answer of answers) if (!textOf(answer.response).includes(jsonEscaped(resultText))) pairing.problems.push(`the functionResponse for ${String(answer.name)} lost its content`);
    } else if (responses.length > 0) {
      const previous = contents[index - 1];
      if (previous?.role !== "model" || !asArray(previous.parts).some((part) => asRecord(part).functionCall !== undefined)) pairing.problems.push(`contents[${index}] has function responses with no call before them`);
    }
  });
  return pairing;
}

const PAIRERS: Record<UpstreamProtocol, (body: JsonRecord, resultText: string) => ToolPairing> = {
  claude: pairClaude,
  "openai-chat": pairChat,
  "openai-responses": pairResponses,
  gemini: pairGemini,
};

function tokenProblems(body: JsonRecord, protocol: UpstreamProtocol, expected: MultiTurnExpectation): string[] {
  const problems: string[] = [];
  const strings = stringsWithPaths(body);
  for (const { path, value } of strings) if (ENVELOPE.test(value)) problems.push(`our envelope reached the upstream at ${path}: ${clip(value, 40)}`);
  const ownField = OWN_TOKEN_FIELD[protocol];
  for (const { protocol: issuer, tokens } of expected.issuedTokens) {
    if (issuer !== protocol) {
      for (const token of tokens) {
        const found = strings.find(({ value }) => value.includes(token));
        if (found) problems.push(`a ${issuer} token reached the ${protocol} upstream at ${found.path}`);
      }
    } else if (expected.clientCarriesTokens && ownField !== null && !strings.some(({ path, value }) => tokens.includes(value) && ownField.test(path))) {
      problems.push(`the ${protocol} upstream did not get back its own token ${clip(tokens[0] ?? "", 24)}`);
    }
  }
  return problems;
}

/** What the target itself would refuse: Anthropic's thinking rules, Gemini 3's signed function calls. */
function targetRuleProblems(body: JsonRecord, protocol: UpstreamProtocol): string[] {
  if (protocol === "claude") {
    const thinking = asRecord(body.thinking).type;
    if (thinking !== "enabled" && thinking !== "adaptive") return [];
    const lastAssistant = asArray(body.messages)
      .map(asRecord)
      .findLast((message) => message.role === "assistant");
    const blocks = asArray(lastAssistant?.content).map(asRecord);
    if (blocks.some((block) => block.type === "tool_use") && blocks[0]?.type !== "thinking" && blocks[0]?.type !== "redacted_thinking") {
      return [`thinking is ${String(thinking)} but the assistant turn being continued starts with ${String(blocks[0]?.type)}, not a thinking block (Anthropic answers 400)`];
    }
  }
  if (protocol === "gemini") {
    const lastWithCalls = asArray(body.contents)
      .map(asRecord)
      .findLast((content) => content.role === "model" && asArray(content.parts).some((part) => asRecord(part).functionCall !== undefined));
    const firstCall = asArray(lastWithCalls?.parts)
      .map(asRecord)
      .find((part) => part.functionCall !== undefined);
    if (firstCall !== undefined && typeof firstCall.thoughtSignature !== "string") return ["the current turn's first functionCall has no thoughtSignature (Gemini 3 answers 400)"];
  }
  return [];
}

/** Problems with the last request of a conversation; empty when it is right. */
export function checkMultiTurnRequest(request: ReplayedRequest, protocol: UpstreamProtocol, expected: MultiTurnExpectation): string[] {
  const body = asRecord(request.body);
  const problems = checkUpstreamRequest(request, protocol, expected.firstQuestion, expected.declaredTools);
  problems.push(...systemProblems(body, protocol, expected.systemPrompt));
  const pairing = PAIRERS[protocol](body, expected.toolResultText);
  problems.push(...pairing.problems);
  if (pairing.callNames.join(",") !== expected.toolCallNames.join(",")) problems.push(`tool calls ${pairing.callNames.join(",") || "none"}, expected ${expected.toolCallNames.join(",")}`);
  const assistantSide = assistantText(body, protocol);
  for (const text of expected.assistantTexts) if (!assistantSide.includes(text)) problems.push(`the assistant text ${JSON.stringify(clip(text))} is not in the assistant turns as sent`);
  problems.push(...tokenProblems(body, protocol, expected));
  problems.push(...targetRuleProblems(body, protocol));
  return problems;
}
