import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { readUsageRows } from "../lib/read-usage-rows";

let mock: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", accounts: [{ name: "main", apiKey: "sk-test-upstream-secret-123456", baseUrl: mock.url }] }],
      routing: { aliases: { "claude-opus-4-8": "openai/gpt-4o" }, defaultRoute: "openai/gpt-4o-mini" },
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function chat(body: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

describe("POST /v1/chat/completions (OpenAI-compatible passthrough)", () => {
  it("forwards the request bytes unchanged except the model prefix, and returns the upstream JSON", async () => {
    // Odd spacing, key order and unicode escapes must survive: only the model string changes.
    const raw = '{ "messages" : [ {"role":"user","content":"h\\u00e9llo"} ],\n "model" : "openai/gpt-4o", "temperature":0.50 }';
    const result = await chat(raw, { "x-request-id": "client-id-42" });
    assert.equal(result.status, 200);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0]!.body.toString(), raw.replace('"openai/gpt-4o"', '"gpt-4o"'));
    assert.equal(mock.requests[0]!.headers.authorization, "Bearer sk-test-upstream-secret-123456");
    const completion = JSON.parse(result.text);
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.model, "gpt-4o");
    assert.equal(result.headers["x-request-id"], "client-id-42");
    assert.equal(result.headers["x-omniroute-provider"], "openai");
    assert.equal(result.headers["x-omniroute-model"], "openai/gpt-4o");
    assert.equal(result.headers["x-omniroute-account"], "main");
    assert.equal(result.headers["x-omniroute-attempts"], "1");
  });

  it("generates a request id when the client's is missing or unsafe (CR/LF never reach a header)", async () => {
    const result = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] });
    assert.match(String(result.headers["x-request-id"]), /^req_[0-9a-f]{32}$/);
    // undici refuses to send CR/LF itself; a tab and spaces are the unsafe characters a client can send.
    const unsafe = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] }, { "x-request-id": "a b\tc" });
    assert.match(String(unsafe.headers["x-request-id"]), /^req_/);
  });

  it("streams chunks as they arrive, not after the upstream finished", async () => {
    mock.enqueue({ kind: "stream", chunks: 6, delayMs: 150 });
    const started = Date.now();
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o", stream: true, messages: [{ role: "user", content: "x" }] }),
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /text\/event-stream/);
    let firstChunkAt = 0;
    let text = "";
    for await (const chunk of response.body) {
      if (firstChunkAt === 0) firstChunkAt = Date.now() - started;
      text += chunk.toString();
    }
    const total = Date.now() - started;
    assert.ok(firstChunkAt < total - 400, `first chunk at ${firstChunkAt} ms, stream took ${total} ms`);
    assert.ok(text.trimEnd().endsWith("data: [DONE]"));
    const content = text
      .split("\n\n")
      .map((block) => block.replace(/^data: /, ""))
      .filter((data) => data && data !== "[DONE]")
      .map((data) => JSON.parse(data).choices?.[0]?.delta?.content ?? "")
      .join("");
    assert.ok(content.length > 0);
  });

  it("aggregates an SSE answer into one chat.completion for a non-streaming client", async () => {
    mock.enqueue({ kind: "stream", chunks: 4, text: "one two three four", asSseEvenIfNotStreaming: true });
    const result = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] });
    assert.equal(result.status, 200);
    assert.match(String(result.headers["content-type"]), /application\/json/);
    const completion = JSON.parse(result.text);
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.choices[0].message.content, "one two three four");
    assert.equal(completion.choices[0].finish_reason, "stop");
  });

  it("replays a JSON answer as a stream for a streaming client", async () => {
    mock.enqueue({ kind: "json", body: { id: "c1", object: "chat.completion", created: 1, model: "gpt-4o", choices: [{ index: 0, message: { role: "assistant", content: "whole" }, finish_reason: "stop" }] } });
    const result = await chat({ model: "openai/gpt-4o", stream: true, messages: [{ role: "user", content: "x" }] });
    assert.equal(result.status, 200);
    assert.match(String(result.headers["content-type"]), /text\/event-stream/);
    assert.match(result.text, /"content":"whole"/);
    assert.ok(result.text.trimEnd().endsWith("data: [DONE]"));
  });

  it("aggregates parallel tool calls from a stream", async () => {
    mock.enqueue({ kind: "tool-calls", stream: true });
    const result = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] });
    const completion = JSON.parse(result.text);
    const calls = completion.choices[0].message.tool_calls;
    assert.equal(calls.length, 2);
    for (const call of calls) assert.doesNotThrow(() => JSON.parse(call.function.arguments));
  });

  it("lists configured models in OpenAI's list format", async () => {
    const response = await request(`${gateway.url}/v1/models`);
    const list = (await response.body.json()) as { object: string; data: { id: string; object: string; owned_by: string }[] };
    assert.equal(list.object, "list");
    assert.ok(list.data.some((model) => model.id === "openai/gpt-4o" && model.object === "model"));
  });

  it("answers HEAD / and GET / at once", async () => {
    const head = await request(`${gateway.url}/`, { method: "HEAD" });
    assert.equal(head.statusCode, 200);
    await head.body.dump();
    const get = await request(`${gateway.url}/`);
    assert.equal(get.statusCode, 200);
    assert.equal(((await get.body.json()) as { status: string }).status, "ok");
  });

  it("writes exactly one usage row per chat request, with tokens as reported", async () => {
    const result = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] }, { "x-request-id": "usage-once-1" });
    assert.equal(result.status, 200);
    const row = await eventually(() => readUsageRows(gateway.dataDir).find((candidate) => candidate.request_id === "usage-once-1"));
    assert.equal(row.status, "ok");
    assert.equal(row.provider, "openai");
    assert.equal(row.model, "openai/gpt-4o");
    assert.equal(row.upstream_model, "gpt-4o");
    assert.equal(row.account, "main");
    assert.ok((row.input_tokens ?? 0) > 0 && (row.output_tokens ?? 0) > 0);
    // Rows are written in batches (≤ 200 ms): a second row for the same request would have landed by now. (Rows of
    // earlier tests may still be arriving — an aborted one waits for its token count — so only this id is counted.)
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(readUsageRows(gateway.dataDir).filter((candidate) => candidate.request_id === "usage-once-1").length, 1);
  });

  it("routes an alias, and a name that resolves nowhere to the default route", async () => {
    const aliased = await chat({ model: "claude-opus-4-8", messages: [{ role: "user", content: "x" }] });
    assert.equal(aliased.status, 200);
    assert.equal(aliased.headers["x-omniroute-model"], "openai/gpt-4o");
    assert.equal(mock.requests.at(-1)!.json && (mock.requests.at(-1)!.json as { model: string }).model, "gpt-4o");
    const unknown = await chat({ model: "some-model-nobody-configured", messages: [{ role: "user", content: "x" }] });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.headers["x-omniroute-model"], "openai/gpt-4o-mini");
    assert.equal((mock.requests.at(-1)!.json as { model: string }).model, "gpt-4o-mini");
  });
});
