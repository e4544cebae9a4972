import type { TokenUsage } from "../../accounting/token-usage";
import { readAnthropicUsage } from "./anthropic-usage";
import { fieldOf, isJsonObject, tryParseJson } from "../shared/json-fields";

/**
 * Usage in one event of an Anthropic stream, for the passthrough usage tap: `message_start` carries it in
 * `message.usage` (input and cache figures, a first output count), `message_delta` in `usage` (the cumulative
 * output count; newer API versions repeat the input and cache figures there). Other events: null.
 */
export function readAnthropicStreamUsage(data: string, event?: string): TokenUsage | null {
  const payload = tryParseJson(data);
  if (!isJsonObject(payload)) return null;
  const type = typeof payload.type === "string" ? payload.type : event;
  if (type === "message_start") return readAnthropicUsage(fieldOf(payload.message, "usage"));
  if (type === "message_delta") return readAnthropicUsage(payload.usage);
  return null;
}
