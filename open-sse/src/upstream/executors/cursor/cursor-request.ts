import type { CanonicalRequest } from "../../../core/canonical-request";
import { GatewayError } from "../../../core/gateway-error";
import { encodeConnectFrame } from "./connect-frame";
import { bytesField, message, varintField } from "./protobuf-wire";

/**
 * Cursor's chat call, `aiserver.v1.ChatService/StreamUnifiedChatWithTools`, in its "Ask" (chat-only) mode.
 *
 * Cursor publishes no schema: the field numbers below are the ones two independent reverse-engineering
 * efforts agree on — JiuZ-Chn/Cursor-To-OpenAI src/proto/message.proto (`StreamUnifiedChatWithToolsRequest`)
 * and decolua/9router open-sse/utils/cursorProtobuf.js (`encodeRequest`, run against the live service) — and
 * the constant values are 9router's. What this covers, exactly: text conversations (user/assistant turns; the
 * system prompt as a leading user turn "[System Instructions]…", as 9router sends it), the model name, a
 * conversation id, per-message ids, and the thinking level (medium/high). What `prepare` refuses with a
 * retryable `format_not_supported` (a combo moves on to its next model): tools, tool calls and results, images and
 * documents — Cursor carries those in its Agent mode (MCP tool schemas, `ClientSideToolV2` calls, images with
 * pixel sizes), which could not be written faithfully from the public material.
 *
 * `formatCursorRequest` (the executor's `formatRequest`) keeps the request as plain data; `encodeCursorRequest`
 * (called by `prepare`, which knows the ids and the time) writes the protobuf inside a Connect envelope.
 */
export interface CursorChatRequest extends Record<string, unknown> {
  model: string;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  /** 0 unspecified, 1 medium, 2 high (9router `THINKING_LEVEL`). */
  thinkingLevel: 0 | 1 | 2;
  /** What the request holds that Ask mode cannot carry; `prepare` refuses such a request (see `unsupportedError`). */
  unsupported?: string;
}

export interface CursorRequestIds {
  conversationId: string;
  /** One per message, in order. */
  messageIds: readonly string[];
  /** ISO-8601 time of the call (metadata field 5); left out when unknown. */
  timestamp?: string;
}

const ROLE = { user: 1, assistant: 2 } as const;
/** `chatModeEnum` / unified mode: 1 = Ask (chat), 2 = Agent. */
const ASK_MODE = 1;

export function formatCursorRequest(request: CanonicalRequest, model: string): CursorChatRequest {
  let unsupported: string | undefined = request.tools.length > 0 ? "tool definitions" : undefined;
  const messages: CursorChatRequest["messages"] = [];
  const system = request.system.map((part) => part.text).filter((text) => text !== "").join("\n\n");
  if (system !== "") messages.push({ role: "user", content: `[System Instructions]\n${system}` });
  for (const canonical of request.messages) {
    const texts: string[] = [];
    for (const part of canonical.parts) {
      if (part.type === "text") texts.push(part.text);
      else if (part.type === "reasoning") continue; // earlier thinking is not sent back (no field for it in Ask mode)
      else unsupported ??= part.type === "image" || part.type === "file" ? "images and documents" : "tool calls and tool results";
    }
    const content = texts.join("\n");
    if (content !== "") messages.push({ role: canonical.role, content });
  }
  const effort = request.reasoning?.mode === "disabled" ? undefined : request.reasoning?.effort;
  const thinkingLevel = effort === "high" || effort === "xhigh" ? 2 : effort === "medium" ? 1 : 0;
  return { model, messages, thinkingLevel, ...(unsupported !== undefined ? { unsupported } : {}) };
}

/** The framed request body: `StreamUnifiedChatWithToolsRequest { request = 1 }` in one Connect envelope. */
export function encodeCursorRequest(request: CursorChatRequest, ids: CursorRequestIds): Buffer {
  const messages = request.messages.map((entry, index) =>
    bytesField(
      1,
      message(
        bytesField(1, entry.content),
        varintField(2, ROLE[entry.role]),
        bytesField(13, ids.messageIds[index] ?? ""),
        varintField(29, 0), // is-agentic
        varintField(47, ASK_MODE),
      ),
    ),
  );
  const messageIds = request.messages.map((entry, index) => bytesField(30, message(bytesField(1, ids.messageIds[index] ?? ""), varintField(3, ROLE[entry.role]))));
  const metadata = message(bytesField(1, "linux"), bytesField(2, "x64"), bytesField(3, "v20.0.0"), bytesField(4, "/"), ...(ids.timestamp !== undefined ? [bytesField(5, ids.timestamp)] : []));
  const cursorSetting = message(bytesField(1, "cursor\\aisettings"), bytesField(3, ""), bytesField(6, message(bytesField(1, ""), bytesField(2, ""))), varintField(8, 1), varintField(9, 1));
  const inner = message(
    ...messages,
    varintField(2, 1),
    bytesField(3, ""), // instruction: empty, the system prompt travels as the first user turn
    varintField(4, 1),
    bytesField(5, message(bytesField(1, request.model), bytesField(4, ""))),
    bytesField(8, ""),
    varintField(13, 1),
    bytesField(15, cursorSetting),
    varintField(19, 1),
    bytesField(23, ids.conversationId),
    bytesField(26, metadata),
    varintField(27, 0),
    ...messageIds,
    varintField(35, 0),
    varintField(38, 0),
    varintField(46, ASK_MODE),
    bytesField(47, ""),
    varintField(48, 1), // tools disabled
    varintField(49, request.thinkingLevel),
    varintField(51, 0),
    varintField(53, 1),
    bytesField(54, "Ask"),
  );
  return encodeConnectFrame(bytesField(1, inner));
}

/** The retryable refusal for a request Ask mode cannot carry: a combo moves on to its next model. */
export function unsupportedError(what: string): GatewayError {
  return new GatewayError({
    code: "format_not_supported",
    status: 400,
    retryable: true,
    publicMessage: `Cursor (cu/) serves text conversations only: ${what} cannot be sent to it yet.`,
  });
}
