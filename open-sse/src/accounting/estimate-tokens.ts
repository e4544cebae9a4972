import type { CanonicalRequest, ContentPart } from "../core/canonical-request";
import { countTextTokens, countTextTokensHere } from "./token-counter";

/**
 * A local token count for a request, for `/v1/messages/count_tokens` when the target is not Anthropic
 * (Anthropic targets get the upstream's own count) and for usage rows whose upstream reported nothing.
 *
 * Accuracy: the text is counted with OpenAI's o200k_base BPE (the `gpt-tokenizer` package), which is exact
 * for GPT-4o/GPT-5-family models. Claude and Gemini use their own, unpublished tokenizers, so for them this
 * is an estimate; docs/CONFORMANCE.md says so. Per-message and per-tool framing overheads follow OpenAI's
 * published counting recipe (3 tokens per message, 3 to prime the reply). Images count a flat 1,600 tokens,
 * the size Anthropic documents for a ~1.15-megapixel image, since their dimensions are not decoded here.
 */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;
const TOKENS_PER_IMAGE = 1_600;

/** A request's text, as the pieces a tokenizer counts, and the framing tokens counted without one. */
export interface RequestTokenPieces {
  pieces: string[];
  fixedTokens: number;
}

/** The local count, on the token counter's worker thread (token-counter.ts): the event loop never runs the BPE. */
export async function estimateRequestTokens(request: CanonicalRequest): Promise<number> {
  const { pieces, fixedTokens } = requestTokenPieces(request);
  return fixedTokens + (await countTextTokens(pieces));
}

/** The same count on the calling thread, for tests and tools that must stay synchronous. */
export function estimateRequestTokensHere(request: CanonicalRequest): number {
  const { pieces, fixedTokens } = requestTokenPieces(request);
  return fixedTokens + countTextTokensHere(pieces);
}

export function requestTokenPieces(request: CanonicalRequest): RequestTokenPieces {
  const pieces: string[] = [];
  let fixedTokens = REPLY_PRIMING_TOKENS;
  if (request.system.length > 0) {
    fixedTokens += TOKENS_PER_MESSAGE;
    for (const part of request.system) pieces.push(part.text);
  }
  for (const message of request.messages) {
    fixedTokens += TOKENS_PER_MESSAGE;
    for (const part of message.parts) fixedTokens += addPart(part, pieces);
  }
  for (const tool of request.tools) {
    pieces.push(tool.type === "function" ? `${tool.name}\n${tool.description ?? ""}\n${JSON.stringify(tool.parameters)}` : JSON.stringify(tool.definition));
  }
  return { pieces, fixedTokens };
}

/** Adds a part's text to `pieces`; returns the tokens it counts without text (images). */
function addPart(part: ContentPart, pieces: string[]): number {
  switch (part.type) {
    case "text":
      pieces.push(part.text);
      return 0;
    case "reasoning":
      if (part.text !== "") pieces.push(part.text);
      return 0;
    case "tool-call":
      pieces.push(`${part.name}${part.arguments}`);
      return 0;
    case "tool-result": {
      let images = 0;
      for (const item of part.content) {
        if (item.type === "text") pieces.push(item.text);
        else images += TOKENS_PER_IMAGE;
      }
      return images;
    }
    case "image":
    case "file":
      return TOKENS_PER_IMAGE;
  }
}
