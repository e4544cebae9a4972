// The bench's sanity check for the translated case: before timing omniroute's Anthropic Messages stream, make
// sure it is one (a fast 404 or an OpenAI stream passed through would otherwise make excellent figures).

/** Names of the `event:` lines of an SSE body, in order. */
export function sseEventNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("event:")) names.push(line.slice("event:".length).trim());
  }
  return names;
}

/**
 * Why `text` (a whole response body answered with `status`) is not a valid Anthropic Messages text stream, or
 * null when it is: 200, `message_start` first, at least one text delta, `message_stop` last.
 */
export function anthropicStreamProblem(status: number, text: string): string | null {
  if (status !== 200) return `answered ${status}: ${text.slice(0, 300)}`;
  const events = sseEventNames(text);
  if (!events.includes("message_start")) return `no "event: message_start" in the stream: ${text.slice(0, 300)}`;
  if (events[0] !== "message_start") return `the stream starts with "event: ${events[0]}", not message_start`;
  if (events.at(-1) !== "message_stop") return `the stream does not end with "event: message_stop" (last event: ${events.at(-1)}): ${text.slice(-300)}`;
  // The mock answers with text; a stream that carries none lost the content on the way.
  if (!text.includes('"text_delta"')) return `the stream carries no text_delta: ${text.slice(0, 300)}`;
  return null;
}
