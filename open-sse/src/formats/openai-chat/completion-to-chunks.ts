/**
 * Turns a `chat.completion` into the SSE chunks a streaming client expects: used when the client asked for
 * a stream and the upstream answered with plain JSON.
 */
type JsonObject = Record<string, unknown>;

export function completionToSseChunks(completion: JsonObject, includeUsage: boolean): string {
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint !== undefined ? { system_fingerprint: completion.system_fingerprint } : {}),
  };
  const choices = Array.isArray(completion.choices) ? (completion.choices as JsonObject[]) : [];
  const contentChoices = choices.map((choice) => {
    const message = (choice.message ?? {}) as JsonObject;
    const delta: JsonObject = { role: message.role ?? "assistant", content: message.content ?? null };
    if (message.reasoning_content !== undefined) delta.reasoning_content = message.reasoning_content;
    if (message.refusal !== undefined && message.refusal !== null) delta.refusal = message.refusal;
    if (Array.isArray(message.tool_calls)) {
      delta.tool_calls = (message.tool_calls as JsonObject[]).map((call, index) => ({ index, ...call }));
    }
    return { index: choice.index ?? 0, delta, logprobs: null, finish_reason: null };
  });
  const finishChoices = choices.map((choice) => ({
    index: choice.index ?? 0,
    delta: {},
    logprobs: null,
    finish_reason: choice.finish_reason ?? "stop",
  }));
  let output = `data: ${JSON.stringify({ ...base, choices: contentChoices })}\n\n`;
  output += `data: ${JSON.stringify({ ...base, choices: finishChoices })}\n\n`;
  if (includeUsage && completion.usage !== undefined) {
    output += `data: ${JSON.stringify({ ...base, choices: [], usage: completion.usage })}\n\n`;
  }
  return `${output}data: [DONE]\n\n`;
}
