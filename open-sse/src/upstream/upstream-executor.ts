import type { IncomingHttpHeaders } from "node:http";
import type { CanonicalRequest } from "../core/canonical-request";
import type { CanonicalResponse } from "../core/canonical-response";
import type { StreamEvent } from "../core/stream-event";
import type { AccountRuntime, OAuthSession, WireFormat } from "../ports";
import type { QuotaObservation } from "../providers/quota/quota-observation";

/**
 * An executor serves a provider whose backend is not a plain endpoint of one of the codec formats: the OAuth
 * subscription backends wrap a known format in their own envelope (Gemini CLI's Code Assist `{model, project,
 * request}`), need the headers and conventions of their official client (Claude Code, Codex), or speak a
 * protocol of their own (Kiro's CodeWhisperer API with AWS event-stream framing). Plain API-key providers have
 * no executor: upstream-request.ts shapes their calls, and the hot path stays byte-for-byte.
 *
 * Executors are pure: no I/O, no clock (`now` is passed in), no randomness (ids derive from `requestId` and
 * `conversationId`). The engine resolves credentials, calls the upstream, refreshes once on a 401, and feeds quota
 * windows to `GatewayPorts.quota` (handlers/generate/handle-generation.ts).
 */
export interface UpstreamExecutor {
  /** Registry key (`ProviderDefinition.executor`). */
  readonly id: string;
  /**
   * The wire format `prepare` takes and the answer comes back in (after `unwrapEventData` / `unwrapJson`): the
   * codec the engine translates through. With `ownProtocol`, the format of nothing on the wire; kept for errors.
   */
  readonly format: WireFormat;
  /** A backend that speaks different formats per model (Copilot: Responses-only models); absent: `format` for all. */
  formatFor?(model: string): WireFormat;
  /**
   * Builds the upstream call from a body already in `format` (translated, or the client's own when it speaks it).
   * Throws a 400 `GatewayError` for a request this backend can never honour (the client hears it at once).
   */
  prepare(request: ExecutorRequest): ExecutorCall;
  /** Rewrites one SSE event's `data` into plain `format` wire (Code Assist: `{"response": X}` → `X`). Absent: as is. */
  unwrapEventData?(data: string): string;
  /** The same for a non-streamed JSON answer. */
  unwrapJson?(body: unknown): unknown;
  /** Quota windows the response headers reveal, on any status (a 429 too). Absent or undefined: none. */
  quotaFromHeaders?(headers: IncomingHttpHeaders, now: number): QuotaObservation[] | undefined;
  /**
   * Quota windows an error answer's body reveals (a Code Assist 429's `google.rpc` details, Codex's
   * `usage_limit_reached`): a spent window there holds the account (or the model) until its reset exactly.
   */
  quotaFromErrorBody?(body: string, now: number): QuotaObservation[] | undefined;
  /**
   * A backend with its own request shape and answer framing (Kiro): the engine always translates through this
   * instead of a codec, and decodes the raw answer bytes (not SSE) with it.
   */
  readonly ownProtocol?: OwnProtocol;
}

export interface ExecutorRequest {
  account: AccountRuntime;
  /** An OAuth account's current session (token + extras such as the project id); undefined for API keys. */
  session: OAuthSession | undefined;
  /** The upstream model id. */
  model: string;
  /** Whether the client wants a stream. An executor whose backend only streams asks for one anyway. */
  stream: boolean;
  /** The body in `format`'s wire shape; the executor may add what its backend needs (it owns this object). */
  body: Record<string, unknown>;
  requestId: string;
  userAgent: string;
  /** The client's headers when it speaks `format` too: protocol headers (`anthropic-beta`) may pass through. */
  sameFormatClientHeaders?: IncomingHttpHeaders;
  /**
   * A stable id of the client's conversation (routing/session-key.ts: the client's own session id or a fingerprint
   * of how the conversation began, digested), for backends that key prompt caches or sessions on one. Absent: unknown.
   */
  conversationId?: string;
  /** The call's time (epoch ms), for backends that sign or timestamp requests (iFlow, Cursor); executors read no clock. */
  now?: number;
}

export interface ExecutorCall {
  baseUrl: string;
  /** Appended to the base URL's path (query included). */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** True when the upstream answers with a stream whatever the client asked (the engine aggregates for JSON clients). */
  upstreamStreams: boolean;
  /** The upstream answers only over HTTP/2 (Cursor; HTTP/1.1 gets status 464): the call goes on an h2 pool. */
  http2?: boolean;
}

export interface OwnProtocol {
  formatRequest(request: CanonicalRequest, model: string): Record<string, unknown>;
  /** A fresh decoder per response: raw answer bytes in, canonical events out. Never throws (bad frame → error event). */
  createDecoder(): RawStreamDecoder;
  /** A non-streamed answer of this protocol, when the backend has one; absent: answers always stream. */
  parseResponse?(body: Buffer): CanonicalResponse;
}

export interface RawStreamDecoder {
  push(chunk: Buffer): StreamEvent[];
  /** The bytes ended; a response cut before its end event yields an `error` event. */
  end(): StreamEvent[];
}
