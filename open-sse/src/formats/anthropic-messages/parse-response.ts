import { NO_USAGE } from "../../accounting/token-usage";
import type { ReasoningPart, TextPart, ToolCallPart } from "../../core/canonical-request";
import type { CanonicalResponse } from "../../core/canonical-response";
import { GatewayError } from "../../core/gateway-error";
import { readAnthropicUsage } from "./anthropic-usage";
import { isJsonObject, stringField, type JsonObject } from "../shared/json-fields";
import { finishReasonOf } from "./map-stop-reason";

type ResponsePart = TextPart | ReasoningPart | ToolCallPart;

/**
 * An Anthropic `message` → the canonical response. Text, thinking (its signature tagged as Anthropic's),
 * redacted thinking and client tool calls are kept in order. Server-tool blocks (`server_tool_use`,
 * `web_search_tool_result`, …) are dropped: the provider already ran those tools, the text blocks that follow
 * carry what the model made of them, and a client of another format could not act on them.
 */
export function parseAnthropicResponse(body: unknown): CanonicalResponse {
  if (!isJsonObject(body) || !Array.isArray(body.content)) {
    throw new GatewayError({ code: "upstream_error", status: 502, publicMessage: "The upstream's answer was not an Anthropic message." });
  }
  const parts = body.content.flatMap((block) => responsePart(block));
  const response: CanonicalResponse = {
    parts,
    finishReason: finishReasonOf(body.stop_reason),
    usage: readAnthropicUsage(body.usage) ?? NO_USAGE,
  };
  const id = stringField(body, "id");
  if (id !== undefined) response.id = id;
  const model = stringField(body, "model");
  if (model !== undefined) response.model = model;
  const stopSequence = stringField(body, "stop_sequence");
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  return response;
}

function responsePart(block: unknown): ResponsePart[] {
  if (!isJsonObject(block)) return [];
  switch (block.type) {
    case "text": {
      const text = stringField(block, "text") ?? "";
      return text === "" ? [] : [{ type: "text", text }];
    }
    case "thinking":
      return [thinkingPart(block)];
    case "redacted_thinking": {
      const data = stringField(block, "data") ?? "";
      return data === "" ? [] : [{ type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: data, redacted: true } }];
    }
    case "tool_use":
      return [toolCallPart(block)];
    default:
      return [];
  }
}

function thinkingPart(block: JsonObject): ReasoningPart {
  const part: ReasoningPart = { type: "reasoning", text: stringField(block, "thinking") ?? "" };
  const signature = stringField(block, "signature");
  if (signature !== undefined && signature !== "") part.signature = { format: "anthropic-messages", value: signature };
  return part;
}

function toolCallPart(block: JsonObject): ToolCallPart {
  const input = block.input;
  return {
    type: "tool-call",
    id: stringField(block, "id") ?? "",
    name: stringField(block, "name") ?? "",
    arguments: input === undefined || input === null ? "{}" : JSON.stringify(input),
  };
}
