import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";

import { emptyCanonicalRequest } from "../../core/canonical-request";
import type { AccountRuntime, OAuthSession } from "../../ports";
import { kiroExecutor } from "./kiro";
import { encodeKiroEvent } from "./kiro/event-stream-encoder";

const account: AccountRuntime = { id: "work", name: "work", apiKey: "", baseUrl: "https://q.us-east-1.amazonaws.com/", priority: 0 };
const session: OAuthSession = { accessToken: "aoa-access", expiresAt: null, extras: {} };

function body() {
  const canonical = emptyCanonicalRequest("kr/claude-haiku-4.5");
  canonical.messages.push({ role: "user", parts: [{ type: "text", text: "Hi" }] });
  return kiroExecutor.ownProtocol!.formatRequest(canonical, "claude-haiku-4.5");
}

describe("kiroExecutor.prepare", () => {
  it("posts the conversation to /generateAssistantResponse with the Kiro IDE headers", () => {
    const call = kiroExecutor.prepare({ account, session, model: "claude-haiku-4.5", stream: false, body: body(), requestId: "req_1", userAgent: "omniroute/0.1.0" });
    const machineId = createHash("sha256").update("omniroute-kiro:work").digest("hex");
    assert.equal(call.baseUrl, "https://q.us-east-1.amazonaws.com");
    assert.equal(call.path, "/generateAssistantResponse");
    assert.equal(call.upstreamStreams, true);
    assert.deepEqual(call.headers, {
      "content-type": "application/json",
      accept: "application/vnd.amazon.eventstream",
      authorization: "Bearer aoa-access",
      "amz-sdk-invocation-id": call.headers["amz-sdk-invocation-id"],
      "amz-sdk-request": "attempt=1; max=3",
      "x-amzn-codewhisperer-optout": "true",
      "x-amzn-kiro-agent-mode": "vibe",
      "x-amz-user-agent": `aws-sdk-js/1.0.34 KiroIDE-0.11.63-${machineId}`,
      "user-agent": `aws-sdk-js/1.0.34 ua/2.1 os/other lang/js md/nodejs api/codewhispererstreaming#1.0.34 m/E KiroIDE-0.11.63-${machineId}`,
      "x-request-id": "req_1",
    });
    assert.match(call.headers["amz-sdk-invocation-id"] ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const sent = JSON.parse(call.body.toString()) as Record<string, Record<string, unknown>>;
    assert.match(String(sent.conversationState?.conversationId), /^[0-9a-f-]{36}$/);
    assert.deepEqual(sent, {
      conversationState: {
        chatTriggerType: "MANUAL",
        agentTaskType: "vibe",
        currentMessage: { userInputMessage: { content: "Hi", modelId: "claude-haiku-4.5", origin: "AI_EDITOR" } },
        conversationId: sent.conversationState?.conversationId,
      },
    });
  });

  it("keeps one conversation id across a conversation's requests, and uses the session's endpoint and profile", () => {
    const withExtras: OAuthSession = { ...session, extras: { apiEndpoint: "https://runtime.us-east-1.kiro.dev/", profileArn: "arn:aws:codewhisperer:us-east-1:1:profile/X" } };
    const first = kiroExecutor.prepare({ account, session: withExtras, model: "m", stream: true, body: body(), requestId: "req_2", conversationId: "conv-a", userAgent: "x" });
    const second = kiroExecutor.prepare({ account, session: withExtras, model: "m", stream: true, body: body(), requestId: "req_3", conversationId: "conv-a", userAgent: "x" });
    const other = kiroExecutor.prepare({ account, session: withExtras, model: "m", stream: true, body: body(), requestId: "req_3", userAgent: "x" });
    assert.equal(first.baseUrl, "https://runtime.us-east-1.kiro.dev");
    const conversationOf = (call: typeof first) => JSON.parse(call.body.toString()).conversationState.conversationId as string;
    assert.equal(conversationOf(first), conversationOf(second));
    assert.notEqual(conversationOf(first), conversationOf(other));
    assert.notEqual(first.headers["amz-sdk-invocation-id"], second.headers["amz-sdk-invocation-id"]);
    assert.equal(JSON.parse(first.body.toString()).profileArn, "arn:aws:codewhisperer:us-east-1:1:profile/X");
  });

  it("decodes an answer through its own protocol", () => {
    const decoder = kiroExecutor.ownProtocol!.createDecoder();
    const events = [...decoder.push(encodeKiroEvent("assistantResponseEvent", { content: "Hello" })), ...decoder.end()];
    assert.deepEqual(events, [{ type: "message-start" }, { type: "text-delta", text: "Hello" }, { type: "finish", reason: "stop" }]);
  });
});
