import type { WireFormat } from "../ports";

/**
 * The canonical request (DESIGN §3): what every client format parses into and every upstream format is
 * written from. Five formats meet here, so there are 4 translators per format instead of 20 pairwise ones.
 *
 * Rules every translator keeps:
 * - Nothing is invented: a field the client did not send stays undefined, and the upstream formatter then
 *   leaves it out (or applies the target's documented default, such as Anthropic's required `max_tokens`).
 * - What a target cannot express is dropped or flattened, never sent half-translated; each such case is
 *   listed in docs/CONFORMANCE.md.
 */
export interface CanonicalRequest {
  /** The model as the client named it (`openai/gpt-4o`, a combo, an alias); the route picks the upstream id. */
  model: string;
  /**
   * System / developer instructions, in order. Parsers hoist every system-like input here (OpenAI `system`
   * and `developer` messages, Anthropic `system`, Gemini `systemInstruction`, Responses `instructions`).
   */
  system: TextPart[];
  messages: CanonicalMessage[];
  /** Function tools, plus provider-native tools that only their own format can carry. */
  tools: CanonicalTool[];
  toolChoice?: ToolChoice;
  /** false: at most one tool call per turn. Undefined: the target's default. */
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningRequest;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: the client wants a usage chunk at the end of its stream. */
  includeUsage: boolean;
  /** Caller identity and caching hints that several formats can carry. */
  metadata: RequestMetadata;
  /**
   * Fields only one wire format understands (Anthropic `context_management`, `output_config`; Responses
   * `include`, `store`; Gemini `safetySettings`, …), kept by the parser under its own format and applied
   * by that format's formatter only. Another format never sees them.
   */
  providerOptions: Partial<Record<WireFormat, Record<string, unknown>>>;
}

export interface CanonicalMessage {
  /**
   * Tool results travel in `user` messages (as Anthropic and Gemini do); formats with a separate tool role
   * (OpenAI Chat `tool`, Responses `function_call_output`) split them out when formatting.
   */
  role: "user" | "assistant";
  parts: ContentPart[];
}

export type ContentPart = TextPart | ImagePart | FilePart | ToolCallPart | ToolResultPart | ReasoningPart;

/** Anthropic prompt-cache marker, carried so a Claude upstream keeps caching what the client marked. */
export interface CacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

export interface TextPart {
  type: "text";
  text: string;
  cacheControl?: CacheControl;
}

export interface ImagePart {
  type: "image";
  source: { kind: "url"; url: string } | { kind: "base64"; mediaType: string; data: string };
  /** OpenAI's `detail` hint. */
  detail?: "auto" | "low" | "high";
  cacheControl?: CacheControl;
}

/** A document (PDF and the like), inline base64 or by URL. */
export interface FilePart {
  type: "file";
  source: { kind: "url"; url: string } | { kind: "base64"; mediaType: string; data: string };
  filename?: string;
  cacheControl?: CacheControl;
}

export interface ToolCallPart {
  type: "tool-call";
  /** The call id as the conversation knows it; formatters that need a stricter alphabet rewrite it consistently. */
  id: string;
  name: string;
  /** The arguments as JSON text (exactly what the model produced; `"{}"` when it produced none). */
  arguments: string;
  /** Gemini's `thoughtSignature` on a function call, with the format it came from. */
  signature?: OpaqueSignature;
  cacheControl?: CacheControl;
}

export interface ToolResultPart {
  type: "tool-result";
  toolCallId: string;
  /** The called tool's name (Gemini requires it; parsers of formats without it look it up by call id). */
  toolName: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

/**
 * Model reasoning. `text` is the readable thinking (or summary); `signature` is the opaque token the
 * provider needs to accept the block back. `redacted`: Anthropic `redacted_thinking` (no text; the data is
 * the signature value).
 */
export interface ReasoningPart {
  type: "reasoning";
  text: string;
  signature?: OpaqueSignature;
  redacted?: boolean;
  /** Responses reasoning item id (`rs_…`), kept so a Responses upstream sees its own item back. */
  itemId?: string;
}

/**
 * An opaque provider token (Anthropic thinking signature, Responses `encrypted_content`, Gemini
 * `thoughtSignature`) and the wire format that issued it. A formatter sends it upstream only when
 * `format` is its own: a signature from another provider is rejected there ("Invalid signature in
 * thinking block"), so such blocks are dropped instead. See core/signature-envelope.ts for how the
 * origin survives a round trip through a client of another format.
 */
export interface OpaqueSignature {
  format: WireFormat;
  value: string;
  /**
   * The token is a whole redacted reasoning block (Anthropic `redacted_thinking` data), not the signature
   * of readable text: it must go back as a redacted block, never as a thinking block with empty text.
   */
  redacted?: boolean;
}

export interface FunctionTool {
  type: "function";
  name: string;
  description?: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

/** A tool the provider runs itself (Anthropic `web_search_…`, Responses `web_search`): never turned into a function. */
export interface NativeTool {
  type: "native";
  format: WireFormat;
  /** The tool object exactly as the client sent it. */
  definition: Record<string, unknown>;
}

export type CanonicalTool = FunctionTool | NativeTool;

export type ToolChoice = { type: "auto" } | { type: "none" } | { type: "required" } | { type: "tool"; name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json-object" }
  | { type: "json-schema"; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";

/**
 * What the client asked of the model's thinking. Keep what was said: an effort stays an effort and a budget
 * a budget; the target formatter converts with core/reasoning-budget.ts (clamped to the target model).
 */
export interface ReasoningRequest {
  /** "disabled": the client turned thinking off; "adaptive": Anthropic adaptive thinking (model decides). */
  mode?: "enabled" | "disabled" | "adaptive";
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Whether the client wants the thinking text (Gemini `includeThoughts`, Responses `summary`). */
  includeThoughts?: boolean;
  /** Responses `reasoning.summary` as sent ("auto", "concise", "detailed"). */
  summary?: string;
}

export interface RequestMetadata {
  /** Anthropic `metadata.user_id`, OpenAI `user` / `safety_identifier`. */
  userId?: string;
  /** OpenAI `prompt_cache_key`. */
  promptCacheKey?: string;
}

/** An empty canonical request with every required field present; parsers and tests start from it. */
export function emptyCanonicalRequest(model: string): CanonicalRequest {
  return {
    model,
    system: [],
    messages: [],
    tools: [],
    stream: false,
    includeUsage: false,
    metadata: {},
    providerOptions: {},
  };
}
