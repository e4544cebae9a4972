import type { JsonObject } from "../shared/json-fields";

/** One Responses SSE event: the event name repeats the payload's `type`, as OpenAI sends it. */
export function sseEvent(data: JsonObject): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}
