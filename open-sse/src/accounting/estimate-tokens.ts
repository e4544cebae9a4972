import { createRequire } from "node:module";
import type { CanonicalRequest, ContentPart } from "../core/canonical-request";

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

/**
 * The o200k tables cost ~400 ms and ~50 MB to load, so they load on the first count (count_tokens, or a usage row
 * whose upstream reported nothing), not at every start.
 */
let loadedCounter: ((text: string) => number) | undefined;
function countTokens(text: string): number {
  loadedCounter ??= (createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as { countTokens: (text: string) => number }).countTokens;
  return loadedCounter(text);
}

export function estimateRequestTokens(request: CanonicalRequest): number {
  let total = REPLY_PRIMING_TOKENS;
  if (request.system.length > 0) {
    total += TOKENS_PER_MESSAGE;
    for (const part of request.system) total += countTokens(part.text);
  }
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE;
    for (const part of message.parts) total += partTokens(part);
  }
  for (const tool of request.tools) {
    total += tool.type === "function" ? countTokens(`${tool.name}\n${tool.description ?? ""}\n${JSON.stringify(tool.parameters)}`) : countTokens(JSON.stringify(tool.definition));
  }
  return total;
}

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case "text":
      return countTokens(part.text);
    case "reasoning":
      return part.text === "" ? 0 : countTokens(part.text);
    case "tool-call":
      return countTokens(`${part.name}${part.arguments}`);
    case "tool-result":
      return part.content.reduce((sum, item) => sum + (item.type === "text" ? countTokens(item.text) : TOKENS_PER_IMAGE), 0);
    case "image":
    case "file":
      return TOKENS_PER_IMAGE;
  }
}
