import type { TokenUsage } from "../accounting/token-usage";
import type { CanonicalRequest } from "../core/canonical-request";
import type { CanonicalResponse } from "../core/canonical-response";
import type { GatewayError } from "../core/gateway-error";
import type { StreamFormatter, StreamParser } from "../core/stream-event";
import type { WireFormat } from "../ports";

/** What a client request's URL says beyond its body (Gemini puts the model and streaming in the path). */
export interface RequestRoute {
  /** The model named by the path (`/v1beta/models/{model}:generateContent`). */
  model?: string;
  /** True when the path itself asks for a stream (`:streamGenerateContent`). */
  stream?: boolean;
}

/** Where a translated request goes: the upstream model id and what the formatter may need to know of it. */
export interface UpstreamTarget {
  /** The model id the upstream expects (`gpt-4o`, not `openai/gpt-4o`). */
  model: string;
}

/** What a client-side formatter needs besides the canonical answer. */
export interface ResponseContext {
  /** The model name the client sees (what it asked for, e.g. `openai/gpt-4o`). */
  model: string;
  /** Used to derive response ids when the upstream gave none. */
  requestId: string;
  /** Epoch seconds for `created` fields. */
  createdAt: number;
  /** OpenAI Chat: send a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** The request as the client sent it, for formats that echo it (Responses echoes instructions, tools, …). */
  request?: CanonicalRequest;
}

/**
 * One wire format's four translators and their non-streaming twins (DESIGN §3). Pure: no I/O, no clock, no
 * randomness (ids derive from `requestId`), so every translator is table-testable. Client-only formats
 * (Ollama) implement the client half and throw for the upstream half (`upstream: false`).
 */
export interface WireCodec {
  format: WireFormat;
  /** Whether this format can be an upstream (Ollama is client-only). */
  upstream: boolean;

  // ── client side: what a client sends us, what we send back ──────────────────────────────────────────────
  /** Reads a client request body (already JSON-parsed and size/depth-checked). Throws a 400 GatewayError. */
  parseRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest;
  formatResponse(response: CanonicalResponse, context: ResponseContext): Record<string, unknown>;
  createStreamFormatter(context: ResponseContext): StreamFormatter;
  /** The JSON error body in this format's shape (OpenAI `{error:{…}}`, Anthropic `{type:"error",…}`, …). */
  formatError(error: GatewayError): string;
  /** The same error as the terminal event of a stream already under way. */
  formatStreamError(error: GatewayError): string;
  /** The content type of this format's streams (`text/event-stream`; Ollama `application/x-ndjson`). */
  streamContentType: string;

  // ── upstream side: what we send a provider, what it answers ─────────────────────────────────────────────
  /** The request body for the upstream (the model goes in the body or, for Gemini, in the path). */
  formatRequest(request: CanonicalRequest, target: UpstreamTarget): Record<string, unknown>;
  parseResponse(body: unknown): CanonicalResponse;
  createStreamParser(): StreamParser;
  /**
   * Usage carried by one SSE event of this format's stream, for the passthrough usage tap (which only looks
   * at events containing `usageMarker`); fields the event does not carry are null.
   */
  readStreamUsage(data: string, event?: string): TokenUsage | null;
  /** A byte string every usage-carrying event contains (`"usage"`; Gemini `"usageMetadata"`). */
  usageMarker: string;
}
