import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { AccountRuntime, OAuthSession } from "../../ports";
import { qwenBaseUrl, qwenExecutor } from "./qwen";

const account: AccountRuntime = { id: "q", name: "q", apiKey: "", baseUrl: "https://portal.qwen.ai/v1/", priority: 0 };

describe("qwenBaseUrl", () => {
  it("adds the scheme and /v1 the way Qwen Code's getCurrentEndpoint does", () => {
    assert.equal(qwenBaseUrl("portal.qwen.ai"), "https://portal.qwen.ai/v1");
    assert.equal(qwenBaseUrl("https://dashscope.aliyuncs.com/compatible-mode/v1/"), "https://dashscope.aliyuncs.com/compatible-mode/v1");
    assert.equal(qwenBaseUrl("http://127.0.0.1:21702/qwen"), "http://127.0.0.1:21702/qwen/v1");
  });
});

describe("qwenExecutor.prepare", () => {
  it("calls the resource URL's chat endpoint with the Qwen Code headers", () => {
    const session: OAuthSession = { accessToken: "qwen-access", expiresAt: null, extras: { resourceUrl: "portal.qwen.ai" } };
    const body = { model: "qwen3-coder-plus", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } };
    const call = qwenExecutor.prepare({ account, session, model: "qwen3-coder-plus", stream: true, body, requestId: "req_q", userAgent: "omniroute" });
    assert.deepEqual(
      { baseUrl: call.baseUrl, path: call.path, upstreamStreams: call.upstreamStreams, headers: call.headers, body: JSON.parse(call.body.toString()) },
      {
        baseUrl: "https://portal.qwen.ai/v1",
        path: "/chat/completions",
        upstreamStreams: false,
        headers: {
          authorization: "Bearer qwen-access",
          "content-type": "application/json",
          accept: "text/event-stream",
          "user-agent": "QwenCode/0.14.4 (linux; x64)",
          "x-dashscope-useragent": "QwenCode/0.14.4 (linux; x64)",
          "x-dashscope-authtype": "qwen-oauth",
          "x-dashscope-cachecontrol": "enable",
          "x-request-id": "req_q",
        },
        body,
      },
    );
  });

  it("falls back to the account's base URL without a resource URL", () => {
    const session: OAuthSession = { accessToken: "t", expiresAt: null, extras: {} };
    const call = qwenExecutor.prepare({ account, session, model: "qwen3-coder-flash", stream: false, body: { model: "qw/qwen3-coder-flash" }, requestId: "r", userAgent: "u" });
    assert.equal(call.baseUrl, "https://portal.qwen.ai/v1");
    assert.deepEqual(JSON.parse(call.body.toString()), { model: "qwen3-coder-flash" });
    assert.equal(call.headers.accept, "application/json");
  });
});
