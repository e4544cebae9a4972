/**
 * The output cap a client request asks for, in whichever wire format it came: OpenAI Chat `max_tokens` /
 * `max_completion_tokens`, Responses `max_output_tokens`, Anthropic `max_tokens`, Gemini
 * `generationConfig.maxOutputTokens`, Ollama `options.num_predict`. Null when none is set. Read from the
 * parsed body without building the canonical request, so it is cheap enough for the request path (budget
 * reservations use it to bound the output a request can cost).
 */
export function requestedMaxOutputTokens(body: Record<string, unknown>): number | null {
  const candidates = [
    body.max_completion_tokens,
    body.max_tokens,
    body.max_output_tokens,
    fieldOf(body.generationConfig, "maxOutputTokens"),
    fieldOf(body.options, "num_predict"),
  ];
  for (const value of candidates) {
    if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  }
  return null;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
