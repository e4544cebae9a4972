// node --import tsx --test tester/mock-upstream/openai-mock-server.test.ts

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { DEFAULT_TEXT } from "./openai-chat-payloads";
import { startOpenAiMock } from "./openai-mock-server";
import type { OpenAiMock } from "./openai-mock-server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let mock: OpenAiMock;

before(async () => {
  mock = await startOpenAiMock();
});
after(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function chat(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${mock.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: signal ?? null,
  });
}

/** The data payloads of an SSE text, in order. */
function sseData(text: string): string[] {
  return text
    .split("\n\n")
    .filter((event) => event.length > 0)
    .map((event) =>
      event
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n"),
    );
}

function chunksOf(text: string): Json[] {
  return sseData(text)
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data) as Json);
}

/** Reads a body until it ends or fails; returns what arrived and whether it failed. */
async function readUntilError(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, failed: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, failed: true };
  }
}

const STREAM_REQUEST = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true };

describe("openai mock: default behaviour", () => {
  it("answers a realistic chat.completion echoing the model", async () => {
    const response = await chat({ model: "gpt-4.1-nano", messages: [{ role: "user", content: "hi" }] });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type")!, /^application\/json/);
    const body = (await response.json()) as Json;
    assert.match(body.id, /^chatcmpl-/);
    assert.equal(body.object, "chat.completion");
    assert.equal(typeof body.created, "number");
    assert.equal(body.model, "gpt-4.1-nano");
    assert.deepEqual(body.choices[0].message.role, "assistant");
    assert.equal(body.choices[0].message.content, DEFAULT_TEXT);
    assert.equal(body.choices[0].finish_reason, "stop");
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.equal(body.usage.prompt_tokens_details.cached_tokens, 0);
    assert.equal(body.usage.completion_tokens_details.reasoning_tokens, 0);
  });

  it("streams role chunk, 5 content chunks, finish chunk and [DONE]; no usage chunk unless asked", async () => {
    const response = await chat(STREAM_REQUEST);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    const text = await response.text();
    const data = sseData(text);
    assert.equal(data.at(-1), "[DONE]");
    const chunks = chunksOf(text);
    assert.equal(chunks.length, 7);
    for (const chunk of chunks) {
      assert.equal(chunk.object, "chat.completion.chunk");
      assert.equal(chunk.model, "gpt-4o-mini");
      assert.equal("usage" in chunk, false);
    }
    assert.equal(chunks[0]!.choices[0].delta.role, "assistant");
    assert.equal(chunks.slice(1, 6).map((chunk) => chunk.choices[0].delta.content).join(""), DEFAULT_TEXT);
    assert.equal(chunks[6]!.choices[0].finish_reason, "stop");
  });

  it("adds the usage chunk when stream_options.include_usage is true", async () => {
    const response = await chat({ ...STREAM_REQUEST, stream_options: { include_usage: true } });
    const chunks = chunksOf(await response.text());
    assert.equal(chunks.length, 8);
    assert.equal(chunks[0]!.usage, null);
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.prompt_tokens_details.cached_tokens, 0);
    assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
  });

  it("lists models and answers unknown routes with a 404 in OpenAI's error shape", async () => {
    const models = await fetch(`${mock.url}/models`);
    assert.equal(models.status, 200);
    const list = (await models.json()) as Json;
    assert.equal(list.object, "list");
    assert.ok(list.data.some((model: Json) => model.id === "gpt-4o" && model.object === "model"));

    const missing = await fetch(`${mock.url}/audio/speech`, { method: "POST", body: "{}" });
    assert.equal(missing.status, 404);
    const error = (await missing.json()) as Json;
    assert.equal(error.error.type, "invalid_request_error");
    assert.ok("param" in error.error && "code" in error.error);
  });

  it("rejects a body that is not JSON with a 400", async () => {
    const response = await chat("{not json");
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).error.type, "invalid_request_error");
  });

  it("records method, path, headers, raw body and parsed JSON", async () => {
    await (await chat({ model: "m1", messages: [] })).text();
    await (await fetch(`${mock.url}/models?x=1`)).text();
    assert.equal(mock.requests.length, 2);
    const [first, second] = mock.requests;
    assert.equal(first!.method, "POST");
    assert.equal(first!.path, "/v1/chat/completions");
    assert.equal(first!.headers.authorization, "Bearer sk-test");
    assert.equal(first!.body.toString(), JSON.stringify({ model: "m1", messages: [] }));
    assert.deepEqual(first!.json, { model: "m1", messages: [] });
    assert.equal(first!.scenario, "default");
    assert.equal(second!.path, "/v1/models?x=1");
    assert.equal(second!.json, null);
    await mock.waitFor((requests) => requests.every((request) => request.outcome === "finished"));
  });
});

describe("openai mock: scenario queue", () => {
  it("serves enqueued scenarios FIFO, then the default scenario, and reset() clears both", async () => {
    mock.enqueue({ kind: "status", status: 500 }, { kind: "status", status: 503 });
    mock.setDefault({ kind: "status", status: 401 });
    assert.equal(mock.pending(), 2);
    assert.equal((await chat({ model: "a" })).status, 500);
    assert.equal((await chat({ model: "a" })).status, 503);
    assert.equal((await chat({ model: "a" })).status, 401);
    assert.equal((await chat({ model: "a" })).status, 401);
    mock.reset();
    assert.equal((await chat({ model: "a" })).status, 200);
    assert.equal(mock.requests.length, 1);
  });

  it("honours the x-mock-scenario header without consuming the queue", async () => {
    mock.enqueue({ kind: "status", status: 500 });
    const response = await chat({ model: "a" }, { "x-mock-scenario": JSON.stringify({ kind: "status", status: 418 }) });
    assert.equal(response.status, 418);
    assert.equal(mock.pending(), 1);
    const bad = await chat({ model: "a" }, { "x-mock-scenario": "{oops" });
    assert.equal(bad.status, 400);
  });
});

describe("openai mock: per-model scenarios", () => {
  it("answers the listed models with their scenario, every other model as usual, after header and queue", async () => {
    const local = await startOpenAiMock({
      modelScenarios: { "always-503": { kind: "status", status: 503 }, "always-400": { kind: "status", status: 400 } },
      record: true,
    });
    try {
      const send = (model: string, headers: Record<string, string> = {}) =>
        fetch(`${local.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ model, messages: [] }) });
      const failing = await send("always-503");
      assert.equal(failing.status, 503);
      assert.equal(((await failing.json()) as Json).error.type, "server_error");
      assert.equal(failing.headers.get("retry-after"), null);
      const refused = await send("always-400");
      assert.equal(refused.status, 400);
      assert.equal(((await refused.json()) as Json).error.message, "Invalid request.");
      const healthy = await send("gpt-4o");
      assert.equal(healthy.status, 200);
      assert.equal(((await healthy.json()) as Json).model, "gpt-4o");
      // A queued scenario or the header still wins, and the queue is not consumed by the model's scenario.
      local.enqueue({ kind: "status", status: 500 });
      assert.equal((await send("always-503")).status, 500);
      assert.equal((await send("always-503", { "x-mock-scenario": JSON.stringify({ kind: "status", status: 418 }) })).status, 418);
      assert.equal((await send("always-503")).status, 503);
      assert.deepEqual(
        local.requests.map((request) => request.scenario),
        ["status", "status", "default", "status", "status", "status"],
      );
      // Only an own key counts: a model named after an Object.prototype member gets the default answer.
      assert.equal((await send("constructor")).status, 200);
    } finally {
      await local.close();
    }
  });
});

describe("openai mock: scenarios", () => {
  it("json: any status, headers and body", async () => {
    mock.enqueue({ kind: "json", status: 202, headers: { "X-Custom": "yes" }, body: { hello: "world" } });
    const response = await chat({ model: "a" });
    assert.equal(response.status, 202);
    assert.equal(response.headers.get("x-custom"), "yes");
    assert.deepEqual(await response.json(), { hello: "world" });
  });

  it("status: 429 with Retry-After, 500 and 401 in OpenAI's error shape", async () => {
    mock.enqueue({ kind: "status", status: 429, headers: { "Retry-After": "7" } }, { kind: "status", status: 500 }, { kind: "status", status: 401, body: "plain" });
    const limited = await chat({ model: "a" });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.equal(((await limited.json()) as Json).error.code, "rate_limit_exceeded");
    const failed = await chat({ model: "a" });
    assert.equal(failed.status, 500);
    assert.equal(((await failed.json()) as Json).error.type, "server_error");
    const unauthorized = await chat({ model: "a" });
    assert.equal(unauthorized.status, 401);
    assert.equal(await unauthorized.text(), "plain");
  });

  it("stream: chunk count, text, delay and usage override", async () => {
    mock.enqueue({ kind: "stream", chunks: 3, delayMs: 30, text: "one two three four", includeUsage: true });
    const started = Date.now();
    const response = await chat(STREAM_REQUEST);
    const chunks = chunksOf(await response.text());
    assert.ok(Date.now() - started >= 30 * 5, "frames are spaced by delayMs");
    assert.equal(chunks.length, 1 + 3 + 1 + 1);
    assert.equal(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content).join(""), "one two three four");
    assert.equal(chunks.at(-1)!.usage.completion_tokens, 4);
  });

  it("stream: SSE to a non-stream request only with asSseEvenIfNotStreaming", async () => {
    mock.enqueue({ kind: "stream", text: "abc def" }, { kind: "stream", asSseEvenIfNotStreaming: true });
    const asJson = await chat({ model: "a" });
    assert.match(asJson.headers.get("content-type")!, /json/);
    assert.equal(((await asJson.json()) as Json).choices[0].message.content, "abc def");
    const asSse = await chat({ model: "a" });
    assert.equal(asSse.headers.get("content-type"), "text/event-stream");
    assert.equal(sseData(await asSse.text()).at(-1), "[DONE]");
  });

  it("close-after: n frames, then the socket is destroyed (no [DONE])", async () => {
    mock.enqueue({ kind: "close-after", chunks: 3 });
    const response = await chat(STREAM_REQUEST);
    assert.equal(response.status, 200);
    const { text, failed } = await readUntilError(response);
    assert.equal(failed, true);
    assert.equal(sseData(text).length, 3);
    assert.ok(!text.includes("[DONE]"));
  });

  it("close-after on a non-stream request cuts the JSON body short", async () => {
    mock.enqueue({ kind: "close-after", chunks: 1 });
    const response = await chat({ model: "a" });
    const { failed } = await readUntilError(response);
    assert.equal(failed, true);
  });

  it("stall after chunks: headers and frames, then silence until the client leaves", async () => {
    mock.enqueue({ kind: "stall", afterChunks: 2 });
    const controller = new AbortController();
    const response = await chat(STREAM_REQUEST, {}, controller.signal);
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (sseData(text).length < 2) text += decoder.decode((await reader.read()).value!, { stream: true });
    const next = Promise.race([reader.read().then(() => "data", () => "aborted"), new Promise((resolve) => setTimeout(() => resolve("silent"), 200))]);
    assert.equal(await next, "silent");
    controller.abort();
    await mock.waitFor((requests) => requests[0]?.outcome === "aborted");
  });

  it("stall with no afterChunks: not even headers", async () => {
    mock.enqueue({ kind: "stall" });
    await assert.rejects(chat(STREAM_REQUEST, {}, AbortSignal.timeout(200)), (error: Error) => error.name === "TimeoutError");
    await mock.waitFor((requests) => requests[0]?.outcome === "aborted");
  });

  it("malformed-line: a bad data line mid-stream, then the rest and [DONE]", async () => {
    mock.enqueue({ kind: "malformed-line", afterChunks: 2 });
    const text = await (await chat(STREAM_REQUEST)).text();
    const data = sseData(text);
    assert.equal(data[2], "{not json");
    assert.equal(data.at(-1), "[DONE]");
    assert.equal(data.length, 1 + 5 + 1 + 1 + 1);
  });

  it("raw: exactly the given status, headers and bytes", async () => {
    mock.enqueue({ kind: "raw", status: 200, headers: { "Content-Type": "text/event-stream" }, chunks: ['data: {"a":1}\r\n\r\n', ": keep-alive\n\n", "data: [DONE]\n\n"], delayMs: 10 });
    const response = await chat(STREAM_REQUEST);
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    assert.equal(await response.text(), 'data: {"a":1}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n');
  });

  it("tool-calls: two parallel calls streamed as incremental deltas", async () => {
    mock.enqueue({ kind: "tool-calls" });
    const chunks = chunksOf(await (await chat({ ...STREAM_REQUEST, stream_options: { include_usage: true } })).text());
    const calls: Json[] = [];
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: "", name: "", arguments: "" });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.arguments += delta.function?.arguments ?? "";
      }
    }
    assert.equal(calls.length, 2);
    assert.deepEqual(JSON.parse(calls[0]!.arguments), { location: "Paris, France", unit: "celsius" });
    assert.equal(calls[1]!.name, "get_time");
    assert.notEqual(calls[0]!.id, calls[1]!.id);
    assert.equal(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0].finish_reason, "tool_calls");
    assert.ok(chunks.at(-1)!.usage.total_tokens > 0);
  });

  it("tool-calls: JSON for a non-stream request", async () => {
    mock.enqueue({ kind: "tool-calls" });
    const body = (await (await chat({ model: "a" })).json()) as Json;
    assert.equal(body.choices[0].finish_reason, "tool_calls");
    assert.equal(body.choices[0].message.tool_calls.length, 2);
    assert.equal(body.choices[0].message.content, null);
  });

  const fixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/fixtures/upstream/openai-chat");
  it("fixture: replays a recorded stream and JSON body", { skip: !existsSync(fixtureDir) && "no ../shared fixtures" }, async () => {
    mock.enqueue({ kind: "fixture", name: "openai-text" }, { kind: "fixture", name: "openai-text" }, { kind: "fixture", name: "../etc/passwd" });
    const streamed = await (await chat(STREAM_REQUEST)).text();
    assert.equal(sseData(streamed).at(-1), "[DONE]");
    assert.ok(chunksOf(streamed).length > 10);
    const json = (await (await chat({ model: "a" })).json()) as Json;
    assert.equal(json.object, "chat.completion");
    assert.equal((await chat({ model: "a" })).status, 500);
  });
});

describe("openai mock: close()", () => {
  it("returns promptly even with a stalled request open", async () => {
    const local = await startOpenAiMock();
    local.enqueue({ kind: "stall", afterChunks: 1 });
    const response = await fetch(`${local.url}/chat/completions`, { method: "POST", body: JSON.stringify(STREAM_REQUEST) });
    assert.equal(response.status, 200);
    const started = Date.now();
    await local.close();
    assert.ok(Date.now() - started < 500);
    const { failed } = await readUntilError(response);
    assert.equal(failed, true);
  });
});

describe("openai mock: paced", () => {
  it("streams one time-stamped chunk per interval for the duration, then finishes with [DONE]", async () => {
    mock.enqueue({ kind: "paced", intervalMs: 20, durationMs: 100, stampTimes: true });
    const started = performance.timeOrigin + performance.now();
    const text = await (await chat(STREAM_REQUEST)).text();
    const payloads = sseData(text);
    assert.equal(payloads[payloads.length - 1], "[DONE]");
    const contents = payloads.slice(0, -1).map((data) => (JSON.parse(data) as Json).choices[0].delta.content as string | undefined);
    const stamps = contents.filter((content): content is string => typeof content === "string" && content.startsWith("t=")).map((content) => Number(content.slice(2, -1)));
    assert.equal(stamps.length, 5);
    assert.ok(stamps.every((stamp, index) => stamp >= started && (index === 0 || stamp - stamps[index - 1]! >= 15)), stamps.join(", "));
    assert.equal((JSON.parse(payloads[payloads.length - 2]!) as Json).choices[0].finish_reason, "stop");
  });
});
