import type { CanonicalResponse } from "../../core/canonical-response";
import { wrapSignature } from "../../core/signature-envelope";
import type { ResponseContext } from "../wire-codec";
import { statusOf } from "./finish-reason";
import type { JsonObject } from "../shared/json-fields";
import { functionCallItem, messageItem, outputTextPart, reasoningItem, refusalPart, type ItemStatus } from "./output-items";
import { responseObject } from "./response-object";
import { UPSTREAM_FAILED } from "./responses-error";
import { namespacedNames } from "./tool-namespaces";

/**
 * The canonical answer → a Responses JSON answer. Parts become output items in order: reasoning →
 * `reasoning` (summary text, `encrypted_content` wrapped for this client, the upstream's `rs_…` id when it
 * was a Responses upstream), adjacent text → one `message`, tool calls → `function_call` items with the
 * canonical call id as `call_id`. Item ids derive from the request id.
 */
export function formatResponsesResponse(response: CanonicalResponse, context: ResponseContext): JsonObject {
  const names = namespacedNames(context.request?.tools);
  const { status, incompleteDetails } = statusOf(response.finishReason);
  const itemStatus: ItemStatus = status === "completed" ? "completed" : "incomplete";
  const output: JsonObject[] = [];
  const idFor = (prefix: string) => `${prefix}_${context.requestId}_${output.length}`;
  let text = "";
  const flushText = () => {
    if (text !== "") output.push(messageItem(idFor("msg"), itemStatus, [outputTextPart(text)]));
    text = "";
  };
  for (const part of response.parts) {
    if (part.type === "text") {
      text += part.text;
      continue;
    }
    flushText();
    if (part.type === "reasoning") {
      output.push(reasoningItem(part.itemId ?? idFor("rs"), part.text, wrapSignature(part.signature, "openai-responses")));
    } else {
      output.push(functionCallItem(idFor("fc"), "completed", { callId: part.id, name: part.name, arguments: part.arguments }, names));
    }
  }
  flushText();
  if (response.refusal !== undefined && response.refusal !== "") {
    const last = output.at(-1);
    if (last?.type === "message" && Array.isArray(last.content)) last.content.push(refusalPart(response.refusal));
    else output.push(messageItem(idFor("msg"), itemStatus, [refusalPart(response.refusal)]));
  }
  return responseObject(context, {
    status,
    output,
    usage: response.usage,
    incompleteDetails,
    error: status === "failed" ? UPSTREAM_FAILED : null,
  });
}
