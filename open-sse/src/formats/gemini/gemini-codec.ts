import type { WireCodec } from "../wire-codec";
import { formatGeminiError, formatGeminiStreamError } from "./format-error";
import { formatGeminiRequest } from "./format-request";
import { formatGeminiResponse } from "./format-response";
import { GeminiStreamFormatter } from "./format-stream";
import { parseGeminiRequest } from "./parse-request";
import { parseGeminiResponse } from "./parse-response";
import { GeminiStreamParser } from "./parse-stream";
import { readGeminiStreamUsage } from "./read-stream-usage";

/**
 * Google's Generative Language API v1beta (`models/{model}:generateContent`, `:streamGenerateContent?alt=sse`),
 * as Gemini CLI and `@google/genai` speak it, both as a client format and as an upstream.
 */
export const geminiCodec: WireCodec = {
  format: "gemini",
  upstream: true,

  parseRequest: parseGeminiRequest,
  formatResponse: formatGeminiResponse,
  createStreamFormatter: (context) => new GeminiStreamFormatter(context),
  formatError: formatGeminiError,
  formatStreamError: formatGeminiStreamError,
  streamContentType: "text/event-stream; charset=utf-8",

  formatRequest: formatGeminiRequest,
  parseResponse: parseGeminiResponse,
  createStreamParser: () => new GeminiStreamParser(),
  readStreamUsage: (data) => readGeminiStreamUsage(data),
  usageMarker: '"usageMetadata"',
};
