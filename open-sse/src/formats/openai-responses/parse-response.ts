import { NO_USAGE } from "../../accounting/token-usage";
import type { ReasoningPart, TextPart, ToolCallPart } from "../../core/canonical-request";
import type { CanonicalResponse } from "../../core/canonical-response";
import { GatewayError } from "../../core/gateway-error";
import { expandParallelToolCall } from "./expand-parallel-tool-call";
import { finishReasonOf } from "./finish-reason";
import { isJsonObject } from "../shared/json-fields";
import { readResponsesUsage } from "./read-responses-usage";
import { functionCallPart, messageTexts, reasoningPart } from "./read-output-items";

/**
 * A Responses JSON answer → the canonical response. Output items in order: `reasoning` (summary or raw
 * reasoning text, `encrypted_content` as an openai-responses signature, the `rs_…` id kept),
 * `message` (output text; refusals go to `refusal`), `function_call` (namespaced names flattened, the
 * internal parallel wrapper unwrapped). Items the Responses server ran itself (`web_search_call`, …) or that
 * call tools only Responses declares (`custom_tool_call`, …) have no canonical form and are skipped: the
 * text that follows them already carries what they found.
 */
export function parseResponsesResponse(body: unknown): CanonicalResponse {
  if (!isJsonObject(body) || !Array.isArray(body.output)) {
    throw new GatewayError({ code: "upstream_error", status: 502, retryable: true, publicMessage: "The upstream answer is not a Responses object." });
  }
  const parts: Array<TextPart | ReasoningPart | ToolCallPart> = [];
  let refusal = "";
  let toolCalls = 0;
  for (const item of body.output) {
    if (!isJsonObject(item)) continue;
    switch (item.type) {
      case "message": {
        const texts = messageTexts(item);
        if (texts.text !== "") {
          const last = parts.at(-1);
          if (last?.type === "text") last.text += texts.text;
          else parts.push({ type: "text", text: texts.text });
        }
        refusal += texts.refusal;
        break;
      }
      case "reasoning": {
        const part = reasoningPart(item);
        if (part !== undefined) parts.push(part);
        break;
      }
      case "function_call": {
        const call = functionCallPart(item);
        const calls = expandParallelToolCall(call)?.map((expanded): ToolCallPart => ({ type: "tool-call", ...expanded })) ?? [call];
        parts.push(...calls);
        toolCalls += calls.length;
        break;
      }
      default:
        break;
    }
  }
  // Some Responses servers leave out `status` on a finished answer.
  let finishReason = finishReasonOf({ status: body.status ?? "completed", incompleteDetails: body.incomplete_details });
  if (finishReason === "stop" && toolCalls > 0) finishReason = "tool-calls";
  else if (finishReason === "stop" && refusal !== "") finishReason = "refusal";
  const response: CanonicalResponse = { parts, finishReason, usage: readResponsesUsage(body.usage) ?? NO_USAGE };
  if (typeof body.id === "string") response.id = body.id;
  if (typeof body.model === "string") response.model = body.model;
  if (refusal !== "") response.refusal = refusal;
  return response;
}
