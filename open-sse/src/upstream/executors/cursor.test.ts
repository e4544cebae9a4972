import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { emptyCanonicalRequest } from "../../core/canonical-request";
import { GatewayError } from "../../core/gateway-error";
import type { AccountRuntime, OAuthSession } from "../../ports";
import type { ExecutorRequest } from "../upstream-executor";
import { cursorExecutor } from "./cursor";
import { ConnectFrameDecoder } from "./cursor/connect-frame";
import { cursorChecksum } from "./cursor/cursor-headers";
import { bytesOf, decodeFields, stringOf } from "./cursor/protobuf-wire";

const account: AccountRuntime = { id: "c", name: "c", apiKey: "", baseUrl: "https://api2.cursor.sh/", priority: 0 };
const session: OAuthSession = { accessToken: "eyJ.tok.sig", expiresAt: null, extras: { machineId: "machine-1" } };

function chatBody(text: string) {
  const canonical = emptyCanonicalRequest("cu/claude-4.5-sonnet");
  canonical.messages.push({ role: "user", parts: [{ type: "text", text }] });
  return cursorExecutor.ownProtocol!.formatRequest(canonical, "claude-4.5-sonnet");
}

describe("cursorExecutor.prepare", () => {
  it("posts one Connect envelope to StreamUnifiedChatWithTools with the IDE's headers and checksum", () => {
    const request: ExecutorRequest & { now: number } = { account, session, model: "claude-4.5-sonnet", stream: false, body: chatBody("Hi"), requestId: "req_c", conversationId: "conv-9", userAgent: "u", now: 1_760_000_000_000 };
    const call = cursorExecutor.prepare(request);
    assert.equal(call.baseUrl, "https://api2.cursor.sh");
    assert.equal(call.path, "/aiserver.v1.ChatService/StreamUnifiedChatWithTools");
    assert.equal(call.upstreamStreams, true);
    assert.equal(call.http2, true, "Cursor answers HTTP/1.1 with 464");
    assert.equal(call.headers.authorization, "Bearer eyJ.tok.sig");
    assert.equal(call.headers["x-cursor-checksum"], cursorChecksum("machine-1", 1_760_000_000_000));
    const frames = new ConnectFrameDecoder().push(call.body).frames;
    const inner = decodeFields(bytesOf(decodeFields(frames[0]!.payload), 1)!);
    assert.equal(stringOf(decodeFields(bytesOf(inner, 1)!), 1), "Hi");
    assert.equal(stringOf(decodeFields(bytesOf(inner, 5)!), 1), "claude-4.5-sonnet");
    assert.equal(stringOf(decodeFields(bytesOf(inner, 26)!), 5), "2025-10-09T08:53:20.000Z");
    const again = cursorExecutor.prepare({ ...request, requestId: "req_d", body: chatBody("Hi") });
    assert.equal(stringOf(decodeFields(bytesOf(decodeFields(new ConnectFrameDecoder().push(again.body).frames[0]!.payload), 1)!), 23), stringOf(inner, 23));
  });

  it("refuses what Ask mode cannot carry with a retryable error", () => {
    const canonical = emptyCanonicalRequest("cu/x");
    canonical.tools.push({ type: "function", name: "f", parameters: {} });
    const body = cursorExecutor.ownProtocol!.formatRequest(canonical, "x");
    assert.throws(
      () => cursorExecutor.prepare({ account, session, model: "x", stream: true, body, requestId: "r", userAgent: "u" }),
      (error: unknown) => GatewayError.isInstance(error) && error.code === "format_not_supported" && error.retryable && /tool definitions/.test(error.publicMessage),
    );
  });
});
