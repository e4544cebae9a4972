import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";

import type { StreamEvent } from "../../core/stream-event";
import { openAiChatCodec } from "../../formats/openai-chat/openai-chat-codec";
import type { AccountRuntime, OAuthSession } from "../../ports";
import type { ExecutorRequest } from "../upstream-executor";
import { iflowExecutor, iflowSignature } from "./iflow";

const account: AccountRuntime = { id: "i", name: "i", apiKey: "", baseUrl: "https://apis.iflow.cn/v1", priority: 0 };
const session: OAuthSession = { accessToken: "sk-iflow-key", expiresAt: null, extras: {} };
const body = { model: "deepseek-r1", messages: [{ role: "user", content: "2+2?" }], stream: true };

describe("iflowExecutor.prepare", () => {
  it("sends the API key with iFlow CLI's headers and a per-conversation session id", () => {
    const call = iflowExecutor.prepare({ account, session, model: "deepseek-r1", stream: true, body, requestId: "req_i", conversationId: "conv-1", userAgent: "omniroute" });
    assert.equal(call.baseUrl, "https://apis.iflow.cn/v1");
    assert.equal(call.path, "/chat/completions");
    assert.match(call.headers["session-id"] ?? "", /^session-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(call.headers, {
      authorization: "Bearer sk-iflow-key",
      "content-type": "application/json",
      accept: "text/event-stream",
      "user-agent": "iFlow-Cli",
      "session-id": call.headers["session-id"],
      "x-request-id": "req_i",
    });
    assert.deepEqual(JSON.parse(call.body.toString()), body);
    const again = iflowExecutor.prepare({ account, session, model: "deepseek-r1", stream: true, body, requestId: "req_j", conversationId: "conv-1", userAgent: "x" });
    assert.equal(again.headers["session-id"], call.headers["session-id"]);
  });

  it("signs the call when the engine passes the time", () => {
    const request: ExecutorRequest & { now: number } = { account, session, model: "m", stream: false, body, requestId: "req_s", userAgent: "u", now: 1_760_000_000_123 };
    const call = iflowExecutor.prepare(request);
    const sessionId = call.headers["session-id"] ?? "";
    const expected = createHmac("sha256", "sk-iflow-key").update(`iFlow-Cli:${sessionId}:1760000000123`).digest("hex");
    assert.equal(call.headers["x-iflow-timestamp"], "1760000000123");
    assert.equal(call.headers["x-iflow-signature"], expected);
    assert.equal(iflowSignature("k", "session-x", 1), createHmac("sha256", "k").update("iFlow-Cli:session-x:1").digest("hex"));
  });
});

describe("iFlow reasoning models through the OpenAI Chat codec", () => {
  it("splits an inline <think> block into reasoning, whatever the chunking", () => {
    const parser = openAiChatCodec.createStreamParser();
    const chunk = (content: string, finish: string | null = null) => JSON.stringify({ id: "c", object: "chat.completion.chunk", model: "deepseek-r1", choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
    const events: StreamEvent[] = [
      ...parser.push(chunk("<thi")),
      ...parser.push(chunk("nk>Two plus two")),
      ...parser.push(chunk(" is four.</think>\n\n4")),
      ...parser.push(chunk("", "stop")),
      ...parser.push("[DONE]"),
      ...parser.end(),
    ];
    const reasoning = events.filter((event) => event.type === "reasoning-delta").map((event) => (event.type === "reasoning-delta" ? event.text : "")).join("");
    const text = events.filter((event) => event.type === "text-delta").map((event) => (event.type === "text-delta" ? event.text : "")).join("");
    assert.equal(reasoning, "Two plus two is four.");
    assert.equal(text, "4");
    assert.equal(events.at(-1)?.type, "finish");
  });
});
