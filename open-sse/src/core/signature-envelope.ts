import type { WireFormat } from "../ports";
import type { OpaqueSignature } from "./canonical-request";

/**
 * Opaque reasoning tokens are only valid at the provider that issued them. When a client of one format is
 * served by an upstream of another (Claude Code answered by GPT), the token we hand the client is wrapped
 * as `omr1.<issuing format>.<token>`; when the client sends the conversation back, unwrapping tells us
 * where the token came from, so a Claude upstream never receives a signature GPT or Gemini issued (the
 * peers' "Invalid signature in thinking block" 400s), while a Responses upstream gets its own encrypted
 * reasoning back even after a detour through an Anthropic client.
 *
 * Reasoning that came with no token at all is wrapped as `omr1.none.`: the client's format may require a
 * signature field, and the marker says "do not send this block to a provider that checks signatures".
 */
const PREFIX = "omr1.";
const KNOWN_FORMATS: ReadonlySet<string> = new Set<WireFormat>(["openai-chat", "openai-responses", "anthropic-messages", "gemini", "ollama"]);

/** The token a client of `clientFormat` should see for `signature` (undefined: reasoning without a token). */
export function wrapSignature(signature: OpaqueSignature | undefined, clientFormat: WireFormat): string {
  if (signature === undefined) return `${PREFIX}none.`;
  if (signature.format === clientFormat) return signature.value;
  return `${PREFIX}${signature.format}.${signature.value}`;
}

/**
 * Where a token a client of `clientFormat` sent back came from. Unwrapped tokens are the client format's
 * own; `omr1.none.` and unknown envelopes yield undefined (no usable signature).
 */
export function unwrapSignature(token: string | undefined, clientFormat: WireFormat): OpaqueSignature | undefined {
  if (token === undefined || token === "") return undefined;
  if (!token.startsWith(PREFIX)) return { format: clientFormat, value: token };
  const formatEnd = token.indexOf(".", PREFIX.length);
  if (formatEnd === -1) return undefined;
  const format = token.slice(PREFIX.length, formatEnd);
  const value = token.slice(formatEnd + 1);
  if (!KNOWN_FORMATS.has(format) || value === "") return undefined;
  return { format: format as WireFormat, value };
}
