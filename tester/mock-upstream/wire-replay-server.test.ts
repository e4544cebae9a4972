// node --import tsx --test tester/mock-upstream/wire-replay-server.test.ts

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";

import { COUNT_TOKENS_ANSWER, frameSse, parseFixtureModel, selectSegment, startWireReplayServer } from "./wire-replay-server";
import type { WireReplayServer } from "./wire-replay-server";

let root: string;
let mock: WireReplayServer;

function write(folder: string, file: string, text: string) {
  mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, folder, file), text);
}

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), "wire-replay-"));
  write("openai-chat", "tiny.json", '{"id":"c1","object":"chat.completion","choices":[]}');
  write("openai-chat", "tiny.chunks.txt", '{"id":"c1","choices":[{"delta":{"content":"hé"}}]}\n{"id":"c1","choices":[]}\n');
  write("claude", "tiny.chunks.txt", '{"type":"message_start","message":{}}\n{"type":"message_stop"}');
  write("gemini", "only-json.json", '{"candidates":[]}');
  write("gemini", "google-429-retry-info.json", '{"error":{"code":429}}');
  write("openai-responses", "two.chunks.txt", '{"type":"response.created"}\n{"type":"response.completed"}\n{"type":"response.created","n":2}\n{"type":"response.completed","n":2}\n');
  mock = await startWireReplayServer({ fixturesRoot: root });
});
after(async () => {
  await mock.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

function post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${mock.origin}${pathname}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

describe("parseFixtureModel", () => {
  it("reads the name and every framing option", () => {
    const parsed = parseFixtureModel("anthropic-json-tool.1~crlf~split3~comments~sse~segment2~tag-x7");
    assert.equal(parsed.name, "anthropic-json-tool.1");
    assert.deepEqual(parsed.framing, { crlf: true, splitBytes: 3, comments: true, form: "sse", segment: 2, tag: "x7" });
  });
  it("refuses an unknown option instead of ignoring a typo", () => {
    assert.throws(() => parseFixtureModel("x~crfl"), /unknown framing option "crfl"/);
  });
});

describe("frameSse", () => {
  it("frames OpenAI chat as data lines ending with [DONE]", () => {
    assert.equal(frameSse("openai-chat", ["{}"], { crlf: false, comments: false }), "data: {}\n\ndata: [DONE]\n\n");
  });
  it("names Anthropic and Responses events from the JSON type, even on a malformed line", () => {
    assert.equal(frameSse("claude", ['{"type":"ping"}'], { crlf: false, comments: false }), 'event: ping\ndata: {"type":"ping"}\n\n');
    assert.equal(frameSse("openai-responses", ['{"type":"response.created","x":'], { crlf: false, comments: false }), 'event: response.created\ndata: {"type":"response.created","x":\n\n');
  });
  it("uses CRLF and interleaves comments when asked", () => {
    const text = frameSse("gemini", ["{}", "{}"], { crlf: true, comments: true });
    assert.equal(text, ": keep-alive\r\n\r\ndata: {}\r\n\r\n:ping\r\n\r\n: inside-event comment\r\ndata: {}\r\n\r\n");
  });
});

describe("selectSegment", () => {
  it("cuts a Responses recording of several calls at each terminal event", () => {
    const lines = ['{"type":"response.created"}', '{"type":"response.completed"}', '{"type":"response.created","n":2}', '{"type":"response.failed"}'];
    assert.deepEqual(selectSegment("openai-responses", lines, 2), lines.slice(2));
    assert.deepEqual(selectSegment("openai-responses", lines, 1), lines.slice(0, 2));
    assert.deepEqual(selectSegment("openai-chat", lines, 2), lines);
  });
});

describe("wire replay server", () => {
  it("serves the JSON form to a non-streaming OpenAI chat request and records the request", async () => {
    const response = await post("/v1/chat/completions", { model: "tiny", messages: [] }, { authorization: "Bearer k" });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(await response.text(), '{"id":"c1","object":"chat.completion","choices":[]}');
    assert.equal(mock.requests.length, 1);
    const recorded = mock.requests[0]!;
    assert.equal(recorded.protocol, "openai-chat");
    assert.equal(recorded.fixture, "tiny");
    assert.equal(recorded.served, "json");
    assert.equal(recorded.headers.authorization, "Bearer k");
    assert.deepEqual(recorded.body, { model: "tiny", messages: [] });
  });

  it("replays chunks as OpenAI SSE to a streaming request", async () => {
    const response = await post("/v1/chat/completions", { model: "tiny", stream: true });
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    assert.equal(await response.text(), 'data: {"id":"c1","choices":[{"delta":{"content":"hé"}}]}\n\ndata: {"id":"c1","choices":[]}\n\ndata: [DONE]\n\n');
  });

  it("writes split pieces that reassemble to the same bytes, multi-byte characters included", async () => {
    const whole = await (await post("/v1/chat/completions", { model: "tiny~crlf~comments", stream: true })).text();
    const split = await (await post("/v1/chat/completions", { model: "tiny~crlf~comments~split3", stream: true })).text();
    assert.equal(split, whole);
    assert.ok(whole.includes("\r\n\r\n") && whole.includes(": keep-alive"));
  });

  it("delivers split pieces separately: the reader sees many small reads", async () => {
    const response = await post("/v1/chat/completions", { model: "tiny~split3", stream: true });
    let reads = 0;
    let largest = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      reads += 1;
      largest = Math.max(largest, read.value.length);
    }
    assert.ok(reads >= 20, `only ${reads} reads`);
    assert.ok(largest <= 12, `a read of ${largest} bytes`);
  });

  it("serves SSE to a JSON request when only chunks exist, and JSON to a stream request when only JSON exists", async () => {
    const claude = await post("/v1/messages", { model: "tiny", stream: false });
    assert.equal(await claude.text(), 'event: message_start\ndata: {"type":"message_start","message":{}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n');
    const gemini = await fetch(`${mock.origin}/v1beta/models/only-json:streamGenerateContent?alt=sse`, { method: "POST", body: "{}" });
    assert.match(gemini.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(await gemini.text(), '{"candidates":[]}');
    assert.equal(mock.requests[1]!.streamRequested, true);
    assert.equal(mock.requests[1]!.model, "only-json");
  });

  it("forces a form with ~json / ~sse", async () => {
    const forcedJson = await post("/v1/chat/completions", { model: "tiny~json", stream: true });
    assert.match(forcedJson.headers.get("content-type") ?? "", /application\/json/);
    await forcedJson.body?.cancel();
    const forcedSse = await post("/v1/chat/completions", { model: "tiny~sse" });
    assert.match(forcedSse.headers.get("content-type") ?? "", /text\/event-stream/);
    await forcedSse.body?.cancel();
  });

  it("serves the Gemini 429 recording with status 429, model taken from the path", async () => {
    const response = await fetch(`${mock.origin}/v1beta/models/google-429-retry-info:generateContent`, { method: "POST", body: "{}" });
    assert.equal(response.status, 429);
    assert.equal(await response.text(), '{"error":{"code":429}}');
    assert.equal(mock.requests[0]!.served, "error");
  });

  it("replays one Responses stream out of a multi-call recording", async () => {
    const text = await (await post("/v1/responses", { model: "two~segment2", stream: true })).text();
    assert.equal(text, 'event: response.created\ndata: {"type":"response.created","n":2}\n\nevent: response.completed\ndata: {"type":"response.completed","n":2}\n\n');
  });

  it("answers Anthropic's count_tokens with its fixed count, whatever the model, and records the request", async () => {
    const response = await post("/v1/messages/count_tokens", { model: "anything~tag-c1", messages: [] }, { "x-api-key": "k" });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { input_tokens: COUNT_TOKENS_ANSWER });
    assert.equal(mock.requests[0]!.tag, "c1");
    assert.equal(mock.requests[0]!.protocol, "claude");
  });

  it("answers an unknown fixture with 404 in the provider's error shape", async () => {
    const response = await post("/v1/messages", { model: "missing" });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { type: string }).type, "error");
  });
});
