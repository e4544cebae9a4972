import type { JsonObject } from "../shared/json-fields";
import { splitToolName, type NamespacedName } from "./tool-namespaces";

/**
 * Output items as a Responses client reads them, shared by the JSON and the stream formatter (which sends
 * each item twice: empty in `output_item.added`, whole in `output_item.done`).
 */
export type ItemStatus = "in_progress" | "completed" | "incomplete";

export function outputTextPart(text: string): JsonObject {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

export function refusalPart(refusal: string): JsonObject {
  return { type: "refusal", refusal };
}

export function messageItem(id: string, status: ItemStatus, content: JsonObject[]): JsonObject {
  return { id, type: "message", status, role: "assistant", content };
}

/**
 * `encryptedContent` is the token wrapped for this client (core/signature-envelope.ts): a Responses
 * upstream's own token as it was, another provider's as `omr1.<format>.…`, none as `omr1.none.`. The client
 * returns it with the next turn, which is how reasoning survives a stateless round trip.
 */
export function reasoningItem(id: string, text: string, encryptedContent: string | undefined): JsonObject {
  return {
    id,
    type: "reasoning",
    summary: text === "" ? [] : [{ type: "summary_text", text }],
    ...(encryptedContent !== undefined ? { encrypted_content: encryptedContent } : {}),
  };
}

/** A function call; a namespaced function goes back as `name` plus `namespace`, which Codex routes by. */
export function functionCallItem(
  id: string,
  status: ItemStatus,
  call: { callId: string; name: string; arguments: string },
  names: ReadonlyMap<string, NamespacedName>,
): JsonObject {
  return { id, type: "function_call", status, arguments: call.arguments, call_id: call.callId, ...splitToolName(call.name, names) };
}
