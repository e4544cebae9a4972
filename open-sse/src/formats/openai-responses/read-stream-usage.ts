import type { TokenUsage } from "../../accounting/token-usage";
import { isJsonObject, tryParseJson } from "../shared/json-fields";
import { readResponsesUsage } from "./read-responses-usage";

/**
 * Usage in one event of a passthrough Responses stream: the terminal events (`response.completed`,
 * `response.incomplete`, `response.failed`) carry the whole response, with its `usage`. Earlier events
 * carry `"usage": null`, which reads as nothing.
 */
export function readResponsesStreamUsage(data: string, _event?: string): TokenUsage | null {
  const parsed = tryParseJson(data);
  if (!isJsonObject(parsed) || !isJsonObject(parsed.response)) return null;
  return readResponsesUsage(parsed.response.usage);
}
