/** One Anthropic SSE event: the `event:` name is the payload's `type`, as the API sends it. */
export function sseEvent(type: string, payload: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}
