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
 * A redacted block (Anthropic `redacted_thinking`) travels as `omr1r.<format>.<data>`, so that a client of
 * another format, which can only hold it as an ordinary reasoning token, still gives it back as redacted.
 */
const PREFIX = "omr1.";
const REDACTED_PREFIX = "omr1r.";
const KNOWN_FORMATS: ReadonlySet<string> = new Set<WireFormat>(["openai-chat", "openai-responses", "anthropic-messages", "gemini", "ollama"]);

/** The token a client of `clientFormat` should see for `signature` (undefined: reasoning without a token). */
export function wrapSignature(signature: OpaqueSignature | undefined, clientFormat: WireFormat): string {
  if (signature === undefined) return `${PREFIX}none.`;
  if (signature.format === clientFormat) return signature.value;
  return `${signature.redacted === true ? REDACTED_PREFIX : PREFIX}${signature.format}.${signature.value}`;
}

/**
 * Where a token a client of `clientFormat` sent back came from. Unwrapped tokens are the client format's
 * own; `omr1.none.` and unknown envelopes yield undefined (no usable signature).
 */
export function unwrapSignature(token: string | undefined, clientFormat: WireFormat): OpaqueSignature | undefined {
  if (token === undefined || token === "") return undefined;
  const redacted = token.startsWith(REDACTED_PREFIX);
  if (!redacted && !token.startsWith(PREFIX)) return { format: clientFormat, value: token };
  const prefixLength = redacted ? REDACTED_PREFIX.length : PREFIX.length;
  const formatEnd = token.indexOf(".", prefixLength);
  if (formatEnd === -1) return undefined;
  const format = token.slice(prefixLength, formatEnd);
  const value = token.slice(formatEnd + 1);
  if (!KNOWN_FORMATS.has(format) || value === "") return undefined;
  return redacted ? { format: format as WireFormat, value, redacted: true } : { format: format as WireFormat, value };
}
