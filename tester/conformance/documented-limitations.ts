// What the matrix deliberately does not compare, and red cells that are red for a documented reason.
// conformance.test.ts fails on any red cell that no entry in KNOWN_RED_CELLS explains.

import type { ClientFormat } from "./client-outcome";
import type { CheckedField } from "./compare-outcome";

/** A feature a client format cannot express: never compared, listed in docs/CONFORMANCE.md. */
export interface FormatLimitation {
  clients: ClientFormat[] | "all";
  feature: string;
  reason: string;
}

export const FORMAT_LIMITATIONS: FormatLimitation[] = [
  {
    clients: ["openai-chat"],
    feature: "reasoning text",
    reason:
      "The Chat Completions schema has no reasoning field; `reasoning_content` is a DeepSeek-style extension the OpenAI SDK neither types nor accumulates. Not compared (the matrix notes whether it arrived).",
  },
  {
    clients: ["openai-chat", "openai-responses", "gemini"],
    feature: "cache-write tokens",
    reason: "Only Anthropic reports prompt-cache writes (`cache_creation_input_tokens`); the other formats have no field for them.",
  },
  {
    clients: ["anthropic"],
    feature: "reasoning tokens",
    reason: "`usage.output_tokens_details.thinking_tokens` is optional in Anthropic's usage; compared only when the gateway sends it.",
  },
  {
    clients: ["openai-responses"],
    feature: "finish reason `tool-calls` / `stop`",
    reason: "A Responses turn has a status, not a finish reason: both are `completed`; the function_call items are compared as tool calls.",
  },
  {
    clients: ["ollama"],
    feature: "cache-read, cache-write and reasoning tokens",
    reason: "Ollama's final object counts only `prompt_eval_count` (every prompt token) and `eval_count` (every generated token); the subsets have no field.",
  },
  {
    clients: ["ollama"],
    feature: "finish reasons other than `length`",
    reason: "Ollama's `done_reason` is `stop` or `length`: a turn that calls tools, a refusal or a content filter all end with `stop`; the tool calls are compared as tool calls.",
  },
  {
    clients: ["gemini"],
    feature: "finish reason `tool-calls`",
    reason: "Gemini ends a turn that calls functions with `STOP`; the functionCall parts are compared as tool calls.",
  },
  {
    clients: "all",
    feature: "Gemini thought signatures without thought text",
    reason:
      "google-text / google-reasoning / google-tool-call carry only `thoughtSignature` (opaque) and a thoughts token count, no thought text; the expected reasoning text is therefore \"none\". Signatures are not compared across formats.",
  },
  {
    clients: "all",
    feature: "OpenAI's `parallel` wrapper call",
    reason:
      "parallel-tool-call-wrapper.1 records a GPT model calling OpenAI's internal `multi_tool_use.parallel` wrapper as a function named `parallel`; no client declares it, so the expected tool calls are the wrapped ones (weather, cityAttractions) and the client declares those.",
  },
  {
    clients: "all",
    feature: "several calls in one Responses recording",
    reason:
      "openai-reasoning-encrypted-content.1.chunks.txt holds four back-to-back streams; one request gets one stream, so the mock replays (and the extractor reads) the first.",
  },
];

/** A red cell whose cause is understood and accepted, matched by cell id (see cellId in run-matrix.ts). */
export interface KnownRedCell {
  cells: RegExp;
  /** The mismatching fields this entry explains; a cell red on any other field is still a failure. */
  fields: CheckedField[];
  reason: string;
}

export const KNOWN_RED_CELLS: KnownRedCell[] = [
  {
    cells: /^gemini\/[^|]+\.chunks\|gemini\|stream\|adversarial$/,
    fields: ["text", "reasoning", "tool-calls", "finish", "usage.inputTokens", "usage.outputTokens", "usage.cacheReadTokens", "usage.reasoningTokens"],
    reason:
      "Gemini → Gemini is byte passthrough, so the mock's adversarial framing reaches the client unchanged, including a comment line inside an event (`: comment` followed by `data: …`). @google/genai's SSE reader keeps an event only when its text starts with `data:` and silently drops the rest; real Gemini never sends comment lines. The translated Gemini cells (other upstreams) get the same framing and pass.",
  },
  {
    cells: /^openai-responses\/parallel-tool-call-wrapper\.1\.json\|openai-responses\|json\|/,
    fields: ["tool-calls"],
    reason:
      "Responses → Responses with a JSON answer is byte passthrough: the client receives exactly what OpenAI sent, the `parallel` wrapper call included (as it would talking to OpenAI directly). Every translated path, and a streaming client (the JSON is replayed as a stream through the canonical model), gets the two unwrapped calls.",
  },
];

export function explainRedCell(cellId: string, fields: CheckedField[]): KnownRedCell | null {
  for (const entry of KNOWN_RED_CELLS) {
    if (entry.cells.test(cellId) && fields.every((field) => entry.fields.includes(field))) return entry;
  }
  return null;
}

/** A red multi-turn cell whose cause is understood and accepted (see multi-turn.ts for the cell ids). */
export interface KnownRedMultiTurn {
  cells: RegExp;
  /** Every problem of the cell must match one of these; any other problem keeps it red. */
  problems: RegExp[];
  reason: string;
}

export const KNOWN_RED_MULTI_TURN: KnownRedMultiTurn[] = [
  {
    cells: /^multi-turn:anthropic\|claude\|(json|stream)\|claude$/,
    problems: [/^thinking is enabled but the assistant turn being continued starts with tool_use/],
    reason:
      "The recorded Claude tool call (claude/anthropic-json-tool.1) was made with thinking off, so this all-Claude history, kept as received, is one Anthropic itself refuses once thinking is on; Anthropic → Anthropic is passthrough and forwards it as the client wrote it. A real Claude turn made with thinking on starts with its thinking block. The rows whose tool turn came from another provider through the gateway are not covered by this entry.",
  },
  {
    cells: /^multi-turn:(anthropic|openai-responses)\|gemini\|(json|stream)\|gemini$/,
    problems: [/^the gemini upstream did not get back its own token/],
    reason:
      "Gemini signs its function call (`thoughtSignature` on the `functionCall` part). Anthropic `tool_use` blocks and Responses `function_call` items have no field for it, so these clients never receive it and cannot send it back; the Gemini formatter then gives the call Google's documented placeholder `skip_thought_signature_validator` (Gemini accepts it; that step's reasoning context is lost). Gemini's signature on text reaches these clients and comes back (the same rows' text-part token passes).",
  },
];

export function explainRedMultiTurn(cellId: string, problems: string[]): KnownRedMultiTurn | null {
  for (const entry of KNOWN_RED_MULTI_TURN) {
    if (entry.cells.test(cellId) && problems.every((problem) => entry.problems.some((pattern) => pattern.test(problem)))) return entry;
  }
  return null;
}
