import type { IncomingHttpHeaders } from "node:http";
import type { AccountRuntime, WireFormat } from "../ports";

export interface UpstreamRequestShape {
  /** The base URL to call (the account's, normalised for the format's own version path). */
  baseUrl: string;
  /** Appended to the base URL's path. */
  path: string;
  headers: Record<string, string>;
}

export interface UpstreamRequestInput {
  format: WireFormat;
  account: AccountRuntime;
  model: string;
  stream: boolean;
  requestId: string;
  userAgent: string;
  /** The client's headers, when it speaks `format` too: the ones the upstream understands pass through. */
  sameFormatClientHeaders?: IncomingHttpHeaders;
  /** The client's query string when it speaks `format` too (Claude Code's `?beta=true`). */
  sameFormatQuery?: string;
}

/** The Anthropic API version sent when the client did not name one (the only one the API has). */
const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Path, auth header and protocol headers for each upstream wire protocol, as the providers document them:
 * OpenAI-style `Authorization: Bearer` on `{base}/chat/completions` or `{base}/responses` (base includes `/v1`);
 * Anthropic `x-api-key` + `anthropic-version` on `{base}/v1/messages`; Gemini `x-goog-api-key` on
 * `{base}/v1beta/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`.
 *
 * Same-format traffic keeps the client's protocol headers (`anthropic-version`, `anthropic-beta`,
 * `openai-beta`): prompt caching and beta features must behave exactly as on a direct connection.
 */
export function upstreamRequestShape(input: UpstreamRequestInput): UpstreamRequestShape {
  const { account, stream } = input;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    "user-agent": input.userAgent,
    "x-request-id": input.requestId,
  };
  const client = input.sameFormatClientHeaders;
  switch (input.format) {
    case "openai-chat":
    case "openai-responses": {
      headers.authorization = `Bearer ${account.apiKey}`;
      copyHeader(client, headers, "openai-beta");
      const path = input.format === "openai-chat" ? "/chat/completions" : "/responses";
      return { baseUrl: account.baseUrl, path, headers };
    }
    case "anthropic-messages": {
      headers["x-api-key"] = account.apiKey;
      headers["anthropic-version"] = headerValue(client, "anthropic-version") ?? ANTHROPIC_VERSION;
      copyHeader(client, headers, "anthropic-beta");
      // Claude Code calls `/v1/messages?beta=true`; only that flag is carried over, nothing else from a query.
      const query = input.sameFormatQuery !== undefined && new URLSearchParams(input.sameFormatQuery).get("beta") === "true" ? "?beta=true" : "";
      return { baseUrl: withoutVersionSuffix(account.baseUrl, "/v1"), path: `/v1/messages${query}`, headers };
    }
    case "gemini": {
      headers["x-goog-api-key"] = account.apiKey;
      const model = input.model.split("/").map(encodeURIComponent).join("/");
      const path = `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`;
      return { baseUrl: withoutVersionSuffix(account.baseUrl, "/v1beta"), path, headers };
    }
    case "ollama":
      throw new Error("ollama is a client-only format");
  }
}

/** Anthropic and Gemini SDKs take the base without the version; tolerate users who paste it with one. */
function withoutVersionSuffix(baseUrl: string, suffix: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith(suffix) ? trimmed.slice(0, -suffix.length) : trimmed;
}

function headerValue(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join(",");
  return undefined;
}

function copyHeader(from: IncomingHttpHeaders | undefined, to: Record<string, string>, name: string): void {
  const value = headerValue(from, name);
  if (value !== undefined) to[name] = value;
}
