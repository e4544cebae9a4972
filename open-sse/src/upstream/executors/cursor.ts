import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { cursorHeaders } from "./cursor/cursor-headers";
import { encodeCursorRequest, formatCursorRequest, unsupportedError, type CursorChatRequest } from "./cursor/cursor-request";
import { CursorStreamDecoder } from "./cursor/cursor-stream-decoder";
import { credentialOf, derivedUuid, sessionExtra } from "./executor-support";

/**
 * Cursor (`cu/`): a Cursor subscription, connected by importing the IDE's access token
 * (cursor/cursor-token-import.ts), and called on Cursor's own Connect/protobuf API:
 * `POST https://api2.cursor.sh/aiserver.v1.ChatService/StreamUnifiedChatWithTools` in Ask (chat-only) mode.
 *
 * What works and what does not is exact in docs/PROVIDERS-SUBSCRIPTION-II.md: text conversations, streamed
 * text and thinking, end-of-stream errors; refused (retryable, so a combo moves on): tools, tool results,
 * images and documents. The schema is reverse-engineered by open-source gateways (see cursor/cursor-request.ts);
 * Cursor changes it without notice. The endpoint answers only over HTTP/2 (HTTP/1.1 gets status 464: `http2`), and
 * the checksum header needs the call's time (`now`).
 *
 * Session extras used: `machineId` (`storage.serviceMachineId` from the install; else derived from the token),
 * `macMachineId`, `clientVersion`, `ghostMode` ("false" to turn privacy mode off).
 */
export const cursorExecutor: UpstreamExecutor = {
  id: "cursor",
  // Nothing on the wire speaks a codec format; kept for rendering errors.
  format: "openai-chat",

  prepare(request: ExecutorRequest): ExecutorCall {
    const chat = request.body as CursorChatRequest;
    if (chat.unsupported !== undefined) throw unsupportedError(chat.unsupported);
    const now = request.now;
    const conversation = request.conversationId ?? request.requestId;
    const body = encodeCursorRequest(chat, {
      conversationId: derivedUuid(`cursor-conversation:${conversation}`),
      // A message keeps its id across the conversation's requests: its position in it names it.
      messageIds: chat.messages.map((_, index) => derivedUuid(`cursor-message:${conversation}:${index}`)),
      ...(now !== undefined ? { timestamp: new Date(now).toISOString() } : {}),
    });
    const ghostMode = sessionExtra(request, "ghostMode");
    return {
      baseUrl: request.account.baseUrl.replace(/\/+$/, ""),
      path: "/aiserver.v1.ChatService/StreamUnifiedChatWithTools",
      headers: cursorHeaders({
        accessToken: credentialOf(request),
        requestId: request.requestId,
        machineId: sessionExtra(request, "machineId"),
        macMachineId: sessionExtra(request, "macMachineId"),
        clientVersion: sessionExtra(request, "clientVersion"),
        ghostMode: ghostMode === undefined ? undefined : ghostMode !== "false",
        now,
      }),
      body,
      upstreamStreams: true,
      http2: true,
    };
  },

  ownProtocol: {
    formatRequest: formatCursorRequest,
    createDecoder: () => new CursorStreamDecoder(),
  },
};
