// The subscription-II executors against the mock, engine side: canonical request → codec or own protocol →
// executor.prepare → HTTP to the mock → the answer decoded back into canonical events. The server-level flows
// (logins, token refresh, every client format) are exercised by the integration tests once the host wires them.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createParser } from "eventsource-parser";

import { emptyCanonicalRequest, type CanonicalRequest } from "../../../open-sse/src/core/canonical-request";
import type { StreamEvent } from "../../../open-sse/src/core/stream-event";
import { codecFor } from "../../../open-sse/src/formats/codec-registry";
import type { AccountRuntime, OAuthSession, WireFormat } from "../../../open-sse/src/ports";
import { copilotQuotaFromUserInfo, copilotUserInfoRequest } from "../../../open-sse/src/providers/quota/copilot-quota";
import { copilotExecutor } from "../../../open-sse/src/upstream/executors/copilot";
import { copilotTokenRequest, parseCopilotTokenResponse } from "../../../open-sse/src/upstream/executors/copilot-token";
import { cursorExecutor } from "../../../open-sse/src/upstream/executors/cursor";
import { iflowExecutor } from "../../../open-sse/src/upstream/executors/iflow";
import { kiroExecutor } from "../../../open-sse/src/upstream/executors/kiro";
import { qwenExecutor } from "../../../open-sse/src/upstream/executors/qwen";
import type { ExecutorCall, UpstreamExecutor } from "../../../open-sse/src/upstream/upstream-executor";
import { startSubscriptionIiMock, type SubscriptionIiMock } from "./subscription-ii-mock";

let mock: SubscriptionIiMock;
before(async () => {
  mock = await startSubscriptionIiMock({ requireIflowSignature: true });
});
after(async () => {
  await mock.close();
});

function account(path: string): AccountRuntime {
  return { id: "mock", name: "mock", apiKey: "", baseUrl: `${mock.url}${path}`, priority: 0 };
}

function ask(text: string, overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  const request = { ...emptyCanonicalRequest("x"), ...overrides };
  request.messages = [...request.messages, { role: "user", parts: [{ type: "text", text }] }];
  return request;
}

async function send(call: ExecutorCall): Promise<Response> {
  return fetch(`${call.baseUrl}${call.path}`, { method: "POST", headers: call.headers, body: new Uint8Array(call.body) });
}

/** An SSE answer through the executor's unwrap and the format's stream parser. */
async function sseEvents(response: Response, executor: UpstreamExecutor, format: WireFormat): Promise<StreamEvent[]> {
  const parser = codecFor(format).createStreamParser();
  const events: StreamEvent[] = [];
  const sse = createParser({ onEvent: (event) => events.push(...parser.push(executor.unwrapEventData?.(event.data) ?? event.data, event.event)) });
  const decoder = new TextDecoder();
  for await (const chunk of chunksOf(response)) sse.feed(decoder.decode(chunk, { stream: true }));
  return [...events, ...parser.end()];
}

/** A raw answer through the executor's own decoder, chunk by chunk as it arrives. */
async function rawEvents(response: Response, executor: UpstreamExecutor): Promise<StreamEvent[]> {
  const decoder = executor.ownProtocol!.createDecoder();
  const events: StreamEvent[] = [];
  try {
    for await (const chunk of chunksOf(response)) events.push(...decoder.push(Buffer.from(chunk)));
  } catch {
    // A socket the mock cut: the decoder decides what that means.
  }
  return [...events, ...decoder.end()];
}

async function* chunksOf(response: Response): AsyncGenerator<Uint8Array> {
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

const textOf = (events: StreamEvent[]) => events.map((event) => (event.type === "text-delta" ? event.text : "")).join("");
const reasoningOf = (events: StreamEvent[]) => events.map((event) => (event.type === "reasoning-delta" ? event.text : "")).join("");

describe("GitHub Copilot against the mock", () => {
  it("exchanges the GitHub token, chats on the plan host with reasoning_text, and reports the premium quota", async () => {
    const exchange = copilotTokenRequest("ghu_mock_github_token", { tokenUrl: `${mock.url}/github/copilot_internal/v2/token` });
    const token = parseCopilotTokenResponse(await (await fetch(exchange.url, { headers: exchange.headers })).json());
    assert.equal(token.apiEndpoint, `${mock.url}/copilot`);
    const session: OAuthSession = { accessToken: token.token, expiresAt: token.expiresAt, extras: { apiEndpoint: token.apiEndpoint } };

    const body = codecFor("openai-chat").formatRequest(ask("hi there", { stream: true }), { model: "claude-sonnet-4.5" });
    const call = copilotExecutor.prepare({ account: account("/unused"), session, model: "claude-sonnet-4.5", stream: true, body, requestId: "req_gh", userAgent: "test" });
    const response = await send(call);
    assert.equal(response.status, 200);
    const events = await sseEvents(response, copilotExecutor, "openai-chat");
    assert.equal(reasoningOf(events), "Thinking it over.");
    assert.equal(textOf(events), "Copilot says: hi there");
    // finish, then the late usage chunk Copilot sends for include_usage
    assert.deepEqual(events.slice(-2).map((event) => event.type), ["finish", "usage"]);
    const headers = Object.fromEntries(response.headers.entries());
    assert.deepEqual(copilotExecutor.quotaFromHeaders!(headers, 0)?.[0], { name: "premium_interactions", usedPercent: 12.5, used: null, limit: 300, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) });
    assert.equal(mock.requests.at(-1)?.headers["x-initiator"], "user");

    const userInfo = copilotUserInfoRequest("ghu_mock_github_token", { userUrl: `${mock.url}/github/copilot_internal/user` });
    const quota = copilotQuotaFromUserInfo(await (await fetch(userInfo.url, { headers: userInfo.headers })).json(), Date.UTC(2026, 6, 15));
    assert.deepEqual(quota, [{ name: "premium_interactions", used: 37.5, limit: 300, usedPercent: 12.5, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) }]);
  });

  it("routes a Responses-only model to /responses and answers non-streaming JSON", async () => {
    const exchange = copilotTokenRequest("ghu_mock_github_token", { tokenUrl: `${mock.url}/github/copilot_internal/v2/token` });
    const token = parseCopilotTokenResponse(await (await fetch(exchange.url, { headers: exchange.headers })).json());
    const session: OAuthSession = { accessToken: token.token, expiresAt: token.expiresAt, extras: { apiEndpoint: token.apiEndpoint } };
    const format = copilotExecutor.formatFor("gpt-5.3-codex");
    assert.equal(format, "openai-responses");
    const body = codecFor(format).formatRequest(ask("write code"), { model: "gpt-5.3-codex" });
    const response = await send(copilotExecutor.prepare({ account: account("/unused"), session, model: "gpt-5.3-codex", stream: false, body, requestId: "req_cx", userAgent: "t" }));
    assert.equal(response.status, 200);
    const answer = codecFor(format).parseResponse(copilotExecutor.unwrapJson!(await response.json()));
    assert.deepEqual(answer.parts, [{ type: "text", text: "Codex via Copilot: write code" }]);
  });

  it("refuses an expired Copilot token with 401 and a wrong GitHub token at the exchange", async () => {
    const session: OAuthSession = { accessToken: "tid=stale:mac", expiresAt: null, extras: { apiEndpoint: `${mock.url}/copilot` } };
    const body = codecFor("openai-chat").formatRequest(ask("x"), { model: "gpt-4.1" });
    assert.equal((await send(copilotExecutor.prepare({ account: account("/unused"), session, model: "gpt-4.1", stream: false, body, requestId: "r", userAgent: "t" }))).status, 401);
    const exchange = copilotTokenRequest("ghu_wrong", { tokenUrl: `${mock.url}/github/copilot_internal/v2/token` });
    const refused = await fetch(exchange.url, { headers: exchange.headers });
    assert.equal(refused.status, 401);
    assert.throws(() => parseCopilotTokenResponse({ message: "Bad credentials" }), /Bad credentials/);
  });
});

describe("iFlow and Qwen against the mock", () => {
  it("iFlow: a signed call, and DeepSeek-R1's inline <think> split into reasoning", async () => {
    const session: OAuthSession = { accessToken: "sk-iflow-mock-key", expiresAt: null, extras: {} };
    const body = codecFor("openai-chat").formatRequest(ask("2+2?", { stream: true }), { model: "deepseek-r1" });
    const call = iflowExecutor.prepare({ account: account("/iflow/v1"), session, model: "deepseek-r1", stream: true, body, requestId: "req_if", userAgent: "t", now: Date.now() } as Parameters<typeof iflowExecutor.prepare>[0]);
    const events = await sseEvents(await send(call), iflowExecutor, "openai-chat");
    assert.equal(reasoningOf(events), "Let me reason.");
    assert.equal(textOf(events), "iFlow answers: 2+2?");
    // Unsigned calls are refused by this mock instance (requireIflowSignature).
    const unsigned = iflowExecutor.prepare({ account: account("/iflow/v1"), session, model: "deepseek-r1", stream: true, body, requestId: "req_if2", userAgent: "t" });
    assert.equal((await send(unsigned)).status, 401);
  });

  it("Qwen: the resource URL's host with the DashScope headers", async () => {
    const session: OAuthSession = { accessToken: "qwen-mock-access-token", expiresAt: null, extras: { resourceUrl: `${mock.url}/qwen` } };
    const body = codecFor("openai-chat").formatRequest(ask("hello qwen"), { model: "qwen3-coder-plus" });
    const response = await send(qwenExecutor.prepare({ account: account("/unused"), session, model: "qwen3-coder-plus", stream: false, body, requestId: "req_qw", userAgent: "t" }));
    assert.equal(response.status, 200);
    const answer = codecFor("openai-chat").parseResponse(await response.json());
    assert.deepEqual(answer.parts, [{ type: "text", text: "Qwen answers: hello qwen" }]);
  });
});

describe("Kiro against the mock", () => {
  const session: OAuthSession = { accessToken: "aoa-kiro-mock-access-token", expiresAt: null, extras: {} };
  const kiroCall = (request: CanonicalRequest, requestId: string) =>
    kiroExecutor.prepare({ account: account("/kiro"), session, model: "claude-sonnet-4.5", stream: true, body: kiroExecutor.ownProtocol!.formatRequest(request, "claude-sonnet-4.5"), requestId, userAgent: "t" });

  it("decodes the event stream, whole or in 7-byte pieces", async () => {
    for (const scenario of ["default", "split"]) {
      if (scenario !== "default") mock.queue("kiro", scenario);
      const events = await rawEvents(await send(kiroCall(ask("Hello", { system: [{ type: "text", text: "Be kind." }] }), `req_kr_${scenario}`)), kiroExecutor);
      assert.equal(textOf(events), "Kiro answers: Hello", scenario);
      assert.deepEqual(events.at(-2), { type: "usage", usage: { inputTokens: 40, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null } });
      assert.deepEqual(events.at(-1), { type: "finish", reason: "stop" });
    }
  });

  it("streams a tool call when tools are sent", async () => {
    const request = ask("What is the weather?", { tools: [{ type: "function", name: "get_weather", description: "Weather", parameters: { type: "object" } }] });
    const events = await rawEvents(await send(kiroCall(request, "req_kr_tool")), kiroExecutor);
    const args = events.map((event) => (event.type === "tool-call-delta" ? event.argumentsDelta : "")).join("");
    assert.deepEqual(events.find((event) => event.type === "tool-call-start"), { type: "tool-call-start", index: 0, id: "tooluse_mock_1", name: "get_weather" });
    assert.equal(args, '{"city":"Paris"}');
    assert.deepEqual(events.at(-1), { type: "finish", reason: "tool-calls" });
  });

  it("turns a corrupted CRC, an exception frame and a cut body into one error each", async () => {
    const cases: Array<[string, string]> = [
      ["corrupt-crc", "invalid_event_stream"],
      ["exception", "throttlingException"],
      ["truncate", "stream_truncated"],
    ];
    for (const [scenario, code] of cases) {
      mock.queue("kiro", scenario);
      const events = await rawEvents(await send(kiroCall(ask("Hello"), `req_kr_${scenario}`)), kiroExecutor);
      const errors = events.filter((event) => event.type === "error");
      assert.equal(errors.length, 1, scenario);
      assert.equal(events.at(-1)?.type, "error", scenario);
      assert.equal(errors[0]?.type === "error" ? errors[0].code : undefined, code, scenario);
    }
  });

  it("rejects a wrong token the way the service does (403)", async () => {
    const call = kiroExecutor.prepare({ account: account("/kiro"), session: { ...session, accessToken: "wrong" }, model: "m", stream: true, body: kiroExecutor.ownProtocol!.formatRequest(ask("x"), "m"), requestId: "r", userAgent: "t" });
    assert.equal((await send(call)).status, 403);
  });
});

describe("Cursor against the mock", () => {
  const session: OAuthSession = { accessToken: "cursor-mock-access-token", expiresAt: null, extras: { machineId: "mock-machine" } };
  const cursorCall = (requestId: string) =>
    cursorExecutor.prepare({ account: account("/cursor"), session, model: "claude-4.5-sonnet", stream: true, body: cursorExecutor.ownProtocol!.formatRequest(ask("hello cursor"), "claude-4.5-sonnet"), requestId, userAgent: "t" });

  it("sends protobuf in a Connect envelope and decodes thinking and text", async () => {
    const events = await rawEvents(await send(cursorCall("req_cu")), cursorExecutor);
    assert.equal(reasoningOf(events), "Considering.");
    assert.equal(textOf(events), "Cursor (claude-4.5-sonnet) answers: hello cursor");
    assert.deepEqual(events.at(-1), { type: "finish", reason: "stop" });
  });

  it("reports the end-of-stream error and a missing end of stream", async () => {
    mock.queue("cursor", "rate-limited");
    assert.deepEqual((await rawEvents(await send(cursorCall("req_cu_rl")), cursorExecutor)).at(-1), { type: "error", message: "Cursor: Too many requests: Slow down.", code: "resource_exhausted" });
    mock.queue("cursor", "truncate");
    assert.deepEqual((await rawEvents(await send(cursorCall("req_cu_tr")), cursorExecutor)).at(-1), { type: "error", message: "stream ended before the response was complete", code: "stream_truncated" });
  });
});
