import { isRecord } from "./executor-support";

/**
 * The Code Assist API (Gemini CLI's `cloudcode-pa.googleapis.com/v1internal`, and Antigravity's) wraps a Gemini
 * `GenerateContentResponse` in an envelope: `{"response": {candidates, usageMetadata, modelVersion…}, "traceId":
 * "…", "remainingCredits": […]}` for each SSE event and for a JSON answer alike (gemini-cli
 * packages/core/src/code_assist/converter.ts `CaGenerateContentResponse` / `fromGenerateContentResponse`).
 * Unwrapped, it is plain Gemini wire; the trace id becomes the `responseId` the Gemini SDK reads it as.
 * Anything else (an error object, a line that is not JSON) passes as it is, for the Gemini parser to judge.
 */
export function unwrapCodeAssistJson(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.response)) return body;
  const inner = body.response;
  return typeof body.traceId === "string" && inner.responseId === undefined ? { ...inner, responseId: body.traceId } : inner;
}

export function unwrapCodeAssistData(data: string): string {
  // Cheap test first: only an envelope is parsed and rewritten.
  if (!data.includes('"response"')) return data;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return data;
  }
  const unwrapped = unwrapCodeAssistJson(parsed);
  return unwrapped === parsed ? data : JSON.stringify(unwrapped);
}

/**
 * The inner request: the Gemini body without the fields the envelope carries or the Code Assist API refuses
 * (`model` is the envelope's; a Gemini client's body never has one, a translated body might).
 */
export function codeAssistInnerRequest(body: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, ...inner } = body;
  return inner;
}
