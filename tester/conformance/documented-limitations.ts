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
