import type { CanonicalResponse } from "../../core/canonical-response";
import { StreamAggregator } from "../../core/stream-aggregator";
import { GeminiStreamParser } from "./parse-stream";

/**
 * A non-streaming `generateContent` answer as a canonical response. It is read by the stream reader (an answer
 * is one chunk; `streamGenerateContent` without `alt=sse` answers a JSON array of chunks, also accepted), so
 * both paths read parts, signatures, ids, usage and finish reasons identically.
 */
export function parseGeminiResponse(body: unknown): CanonicalResponse {
  const parser = new GeminiStreamParser();
  const aggregator = new StreamAggregator();
  for (const chunk of Array.isArray(body) ? body : [body]) {
    for (const event of parser.pushChunk(chunk)) aggregator.add(event);
  }
  return aggregator.toResponse();
}
