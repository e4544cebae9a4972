// The translation pipeline through a real server: every client endpoint answers in its own wire format
// (errors included), same-format traffic passes through untouched, translated traffic reaches each upstream
// protocol correctly, and reasoning signatures never reach a provider that did not issue them.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { readUsageRows } from "../lib/read-usage-rows";

const CLIENT_KEY = "omr-translation-test-key-0123456789";
const UPSTREAM_SECRET = "sk-upstream-secret-abcdef123456";

let mock: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      apiKeys: [{ name: "ci", key: CLIENT_KEY }],
      providers: [
        { id: "openai", accounts: [{ name: "oa", apiKey: UPSTREAM_SECRET, baseUrl: mock.url }] },
        { id: "anthropic", accounts: [{ name: "an", apiKey: UPSTREAM_SECRET, baseUrl: mock.origin }] },
        { id: "gemini", accounts: [{ name: "ge", apiKey: UPSTREAM_SECRET, baseUrl: mock.origin }] },
        { id: "resp", type: "openai-compatible", apiFormat: "responses", baseUrl: mock.url, accounts: [{ name: "rs", apiKey: UPSTREAM_SECRET }] },
      ],
      combos: [{ name: "claude-then-gpt", models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function post(path: string, body: unknown, headers: Record<string, string> = { "x-api-key": CLIENT_KEY }) {
  const response = await request(`${gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary wire JSON
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, any> };
}

function sse(events: Array<[string | null, unknown]>): string[] {
  return events.map(([event, data]) => `${event === null ? "" : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`);
}

const SSE_HEADERS = { "content-type": "text/event-stream" };

/** A short Anthropic stream: thinking with a native signature, then text. */
function anthropicStream(text: string): string[] {
  return sse([
    ["message_start", { type: "message_start", message: { id: "msg_up", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 11, output_tokens: 1, cache_read_input_tokens: 5, cache_creation_input_tokens: 0 } } }],
    ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }],
    ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "pondering" } }],
    ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "NATIVE-SIG" } }],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["content_block_start", { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }],
    ["content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "text_delta", text } }],
    ["content_block_stop", { type: "content_block_stop", index: 1 }],
    ["message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 7 } }],
    ["message_stop", { type: "message_stop" }],
  ]);
}

/** Parses an SSE body into [event, data] pairs. */
function parseSse(text: string): Array<{ event: string | undefined; data: string }> {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((line) => line.startsWith("event:"))?.slice(6).trim();
      const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trimStart()).join("\n");
      return { event, data };
    });
}

describe("Anthropic Messages client (/v1/messages)", () => {
  it("passes same-format traffic through untouched: body bytes but the model, protocol headers, ?beta=true", async () => {
    const raw = '{"model":"anthropic/claude-sonnet-4-5","max_tokens":256,"system":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}],"stream":true}';
    mock.enqueue({ kind: "raw", status: 200, headers: SSE_HEADERS, chunks: anthropicStream("Hello") });
    const result = await post("/v1/messages?beta=true", raw, { "x-api-key": CLIENT_KEY, "anthropic-version": "2023-06-01", "anthropic-beta": "prompt-caching-2024-07-31,context-management-2025-06-27" });
    assert.equal(result.status, 200);
    const upstream = mock.requests[0]!;
    assert.equal(upstream.path, "/v1/messages?beta=true");
    assert.equal(upstream.body.toString(), raw.replace('"anthropic/claude-sonnet-4-5"', '"claude-sonnet-4-5"'));
    assert.equal(upstream.headers["x-api-key"], UPSTREAM_SECRET);
    assert.equal(upstream.headers["anthropic-version"], "2023-06-01");
    assert.equal(upstream.headers["anthropic-beta"], "prompt-caching-2024-07-31,context-management-2025-06-27");
    assert.equal(upstream.headers.authorization, undefined);
    // The upstream's bytes come back as they were sent.
    assert.equal(result.text, anthropicStream("Hello").join(""));
    const row = await eventually(() => readUsageRows(gateway.dataDir).find((usage) => usage.model === "anthropic/claude-sonnet-4-5" && usage.stream === 1));
    assert.equal(row.input_tokens, 16, "input counts cache reads too (11 + 5)");
    assert.equal(row.output_tokens, 7);
  });

  it("translates to an OpenAI upstream and answers a Messages JSON body", async () => {
    mock.enqueue({ kind: "json", body: { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "gpt-4o", choices: [{ index: 0, message: { role: "assistant", content: "Bonjour" }, finish_reason: "stop" }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } } });
    const result = await post("/v1/messages", { model: "openai/gpt-4o", max_tokens: 100, system: "Be brief.", messages: [{ role: "user", content: "Say hi in French" }] });
    assert.equal(result.status, 200, result.text);
    const upstream = mock.requests[0]!;
    assert.equal(upstream.path, "/v1/chat/completions");
    assert.equal(upstream.headers.authorization, `Bearer ${UPSTREAM_SECRET}`);
    const sent = upstream.json as { model: string; messages: Array<{ role: string; content: unknown }> };
    assert.equal(sent.model, "gpt-4o");
    assert.equal(sent.messages[0]!.role, "system");
    assert.match(JSON.stringify(sent.messages[0]!.content), /Be brief\./);
    assert.equal(sent.messages.at(-1)!.role, "user");
    const message = result.json();
    assert.equal(message.type, "message");
    assert.equal(message.role, "assistant");
    assert.equal(message.model, "openai/gpt-4o");
    assert.deepEqual(message.content, [{ type: "text", text: "Bonjour" }]);
    assert.equal(message.stop_reason, "end_turn");
    assert.equal(message.usage.input_tokens, 12);
    assert.equal(message.usage.output_tokens, 3);
  });

  it("streams a translated answer with the Messages event grammar and records its usage once", async () => {
    mock.enqueue({ kind: "stream", text: "one two three", chunks: 3, includeUsage: true });
    const result = await post("/v1/messages", { model: "openai/gpt-4o", max_tokens: 100, stream: true, messages: [{ role: "user", content: "count" }] }, { "x-api-key": CLIENT_KEY, "x-request-id": "translated-stream-1" });
    assert.equal(result.status, 200);
    assert.match(String(result.headers["content-type"]), /text\/event-stream/);
    const events = parseSse(result.text).map((item) => item.event);
    assert.equal(events[0], "message_start");
    assert.equal(events.at(-1), "message_stop");
    assert.equal(events.at(-2), "message_delta");
    assert.ok(events.includes("content_block_start") && events.includes("content_block_delta") && events.includes("content_block_stop"));
    const text = parseSse(result.text)
      .filter((item) => item.event === "content_block_delta")
      .map((item) => (JSON.parse(item.data) as { delta: { text?: string } }).delta.text ?? "")
      .join("");
    assert.equal(text, "one two three");
    // The upstream was asked for usage even though an Anthropic client cannot ask for it.
    assert.equal((mock.requests[0]!.json as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage, true);
    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir).filter((usage) => usage.request_id === "translated-stream-1");
      return found.length > 0 ? found : undefined;
    });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, "ok");
    assert.ok((rows[0]!.output_tokens ?? 0) > 0, "output tokens recorded");
  });

  it("falls back across formats: a failing Claude upstream hands the request to GPT, still answered as Messages", async () => {
    mock.enqueue({ kind: "status", status: 529, body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } });
    mock.enqueue({ kind: "json", body: { id: "c", object: "chat.completion", created: 1, model: "gpt-4o", choices: [{ index: 0, message: { role: "assistant", content: "from gpt" }, finish_reason: "stop" }] } });
    const result = await post("/v1/messages", { model: "claude-then-gpt", max_tokens: 50, messages: [{ role: "user", content: "x" }] });
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(mock.requests.map((item) => item.path), ["/v1/messages", "/v1/chat/completions"]);
    assert.equal(result.headers["x-omniroute-provider"], "openai");
    assert.equal(result.headers["x-omniroute-attempts"], "2");
    assert.equal(result.json().content[0].text, "from gpt");
  });

  it("answers errors in Anthropic's shape: bad JSON, a missing key, a missing model", async () => {
    const badJson = await post("/v1/messages", "{not json");
    assert.equal(badJson.status, 400);
    assert.equal(badJson.json().type, "error");
    assert.equal(badJson.json().error.type, "invalid_request_error");
    const noKey = await post("/v1/messages", { model: "openai/gpt-4o", max_tokens: 5, messages: [] }, {});
    assert.equal(noKey.status, 401);
    assert.equal(noKey.json().type, "error");
    assert.equal(noKey.json().error.type, "authentication_error");
    const noModel = await post("/v1/messages", { max_tokens: 5, messages: [{ role: "user", content: "x" }] });
    assert.equal(noModel.status, 400);
    assert.match(noModel.json().error.message, /model/);
    assert.equal(mock.requests.length, 0);
  });

  it("never sends Claude a thinking block another provider produced (Claude → GPT → Claude)", async () => {
    // Turn 2 is served by GPT with reasoning; the Anthropic client receives a thinking block for it.
    mock.enqueue({
      kind: "json",
      body: { id: "c", object: "chat.completion", created: 1, model: "gpt-4o", choices: [{ index: 0, message: { role: "assistant", content: "gpt answer", reasoning_content: "gpt thoughts" }, finish_reason: "stop" }] },
    });
    const turn2 = await post("/v1/messages", { model: "openai/gpt-4o", max_tokens: 50, messages: [{ role: "user", content: "q1" }] });
    assert.equal(turn2.status, 200, turn2.text);
    const gptContent = turn2.json().content as Array<{ type: string; signature?: string }>;
    const gptThinking = gptContent.find((block) => block.type === "thinking");
    assert.ok(gptThinking, "GPT's reasoning reaches the Anthropic client as a thinking block");
    assert.match(gptThinking.signature!, /^omr1\./);

    // Turn 3 goes to Claude with the whole history: Claude's own earlier block keeps its signature, GPT's is dropped.
    mock.enqueue({ kind: "raw", status: 200, headers: { "content-type": "application/json" }, chunks: [JSON.stringify({ id: "msg", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [{ type: "text", text: "ok" }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } })] });
    const history = [
      { role: "user", content: "q0" },
      { role: "assistant", content: [{ type: "thinking", thinking: "claude thoughts", signature: "NATIVE-SIG" }, { type: "text", text: "claude answer" }] },
      { role: "user", content: "q1" },
      { role: "assistant", content: gptContent },
      { role: "user", content: "q2" },
    ];
    const turn3 = await post("/v1/messages", { model: "anthropic/claude-sonnet-4-5", max_tokens: 50, messages: history });
    assert.equal(turn3.status, 200, turn3.text);
    const sent = mock.requests.at(-1)!.json as { messages: Array<{ content: unknown }> };
    const sentText = JSON.stringify(sent.messages);
    assert.ok(!sentText.includes("omr1."), "no wrapped foreign signature reaches Claude");
    assert.ok(sentText.includes("NATIVE-SIG"), "Claude's own signature survives");
    assert.ok(sentText.includes("gpt answer"), "the text of the GPT turn stays in the history");
  });

  it("counts tokens with the Anthropic upstream's own endpoint, or locally for other targets", async () => {
    mock.enqueue({ kind: "json", body: { input_tokens: 4242 } });
    const upstreamCount = await post("/v1/messages/count_tokens", { model: "anthropic/claude-sonnet-4-5", messages: [{ role: "user", content: "hello there" }] });
    assert.equal(upstreamCount.status, 200, upstreamCount.text);
    assert.deepEqual(upstreamCount.json(), { input_tokens: 4242 });
    assert.equal(upstreamCount.headers["x-omniroute-token-count"], "upstream");
    assert.equal(mock.requests[0]!.path, "/v1/messages/count_tokens");

    const localCount = await post("/v1/messages/count_tokens", { model: "openai/gpt-4o", messages: [{ role: "user", content: "hello there" }] });
    assert.equal(localCount.status, 200, localCount.text);
    assert.equal(localCount.headers["x-omniroute-token-count"], "estimate");
    const counted = localCount.json().input_tokens as number;
    assert.ok(counted > 2 && counted < 20, `a short message counts a few tokens, got ${counted}`);
    assert.equal(mock.requests.length, 1);
  });
});

describe("OpenAI Responses client (/v1/responses)", () => {
  it("refuses previous_response_id for a non-Responses upstream with a clear 400 in OpenAI's shape", async () => {
    const result = await post("/v1/responses", { model: "openai/gpt-4o", input: "continue", previous_response_id: "resp_123" }, { authorization: `Bearer ${CLIENT_KEY}` });
    assert.equal(result.status, 400);
    assert.equal(result.json().error.param, "previous_response_id");
    assert.match(result.json().error.message, /Responses/);
    assert.equal(mock.requests.length, 0);
  });

  it("passes previous_response_id through to a Responses upstream", async () => {
    mock.enqueue({ kind: "json", body: { id: "resp_up", object: "response", created_at: 1, status: "completed", model: "m", output: [{ type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "continued", annotations: [] }] }], usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } } });
    const result = await post("/v1/responses", { model: "resp/m", input: "continue", previous_response_id: "resp_123" }, { authorization: `Bearer ${CLIENT_KEY}` });
    assert.equal(result.status, 200, result.text);
    assert.equal(mock.requests[0]!.path, "/v1/responses");
    assert.equal((mock.requests[0]!.json as { previous_response_id?: string }).previous_response_id, "resp_123");
  });

  it("translates to a Claude upstream and ends the stream with response.completed carrying usage", async () => {
    mock.enqueue({ kind: "raw", status: 200, headers: SSE_HEADERS, chunks: anthropicStream("hi from claude") });
    const result = await post("/v1/responses", { model: "anthropic/claude-sonnet-4-5", input: [{ role: "developer", content: "be nice" }, { role: "user", content: "hi" }], stream: true }, { authorization: `Bearer ${CLIENT_KEY}` });
    assert.equal(result.status, 200, result.text);
    const sent = mock.requests[0]!.json as { system?: unknown; max_tokens?: number; messages: unknown[] };
    assert.match(JSON.stringify(sent.system), /be nice/);
    assert.ok(typeof sent.max_tokens === "number" && sent.max_tokens > 0, "max_tokens is always set for Anthropic");
    const events = parseSse(result.text);
    const completed = events.at(-1)!;
    assert.equal(completed.event, "response.completed");
    const response = (JSON.parse(completed.data) as { response: { usage: { input_tokens: number; output_tokens: number }; output: Array<{ type: string }> } }).response;
    assert.equal(response.usage.input_tokens, 16);
    assert.equal(response.usage.output_tokens, 7);
    assert.ok(response.output.some((item) => item.type === "message"));
  });
});

describe("Gemini client (/v1beta)", () => {
  it("accepts ?key= and never forwards it; translates to OpenAI and streams Gemini chunks", async () => {
    mock.enqueue({ kind: "stream", text: "gemini says hi", chunks: 2, includeUsage: true });
    const result = await post(`/v1beta/models/openai/gpt-4o:streamGenerateContent?alt=sse&key=${CLIENT_KEY}`, { contents: [{ role: "user", parts: [{ text: "hi" }] }], systemInstruction: { role: "user", parts: [{ text: "sys" }] } }, {});
    assert.equal(result.status, 200, result.text);
    assert.ok(!mock.requests[0]!.path.includes(CLIENT_KEY));
    assert.ok(!JSON.stringify(mock.requests[0]!.headers).includes(CLIENT_KEY));
    const chunks = parseSse(result.text).map((item) => JSON.parse(item.data) as { candidates?: Array<{ content?: { parts?: Array<{ text?: string }> }; finishReason?: string }> });
    const text = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? "").join("");
    assert.equal(text, "gemini says hi");
    assert.equal(chunks.at(-1)!.candidates?.[0]?.finishReason, "STOP");
  });

  it("answers errors in Gemini's shape and lists models in Gemini's shape", async () => {
    const noKey = await post("/v1beta/models/openai/gpt-4o:generateContent", { contents: [] }, {});
    assert.equal(noKey.status, 401);
    assert.equal(noKey.json().error.code, 401);
    assert.equal(noKey.json().error.status, "UNAUTHENTICATED");
    const list = await request(`${gateway.url}/v1beta/models`, { headers: { "x-goog-api-key": CLIENT_KEY } });
    const body = (await list.body.json()) as { models: Array<{ name: string }> };
    assert.equal(list.statusCode, 200);
    assert.ok(body.models.some((model) => model.name === "models/claude-then-gpt"));
  });

  it("sends a Gemini upstream its own protocol: model in the path, x-goog-api-key, no model in the body", async () => {
    mock.enqueue({ kind: "json", body: { candidates: [{ content: { role: "model", parts: [{ text: "native" }] }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 1, totalTokenCount: 5 } } });
    const result = await post("/v1/chat/completions", { model: "gemini/gemini-2.5-flash", messages: [{ role: "system", content: "s" }, { role: "user", content: "hi" }] });
    assert.equal(result.status, 200, result.text);
    const upstream = mock.requests[0]!;
    assert.equal(upstream.path, "/v1beta/models/gemini-2.5-flash:generateContent");
    assert.equal(upstream.headers["x-goog-api-key"], UPSTREAM_SECRET);
    assert.equal((upstream.json as { model?: unknown }).model, undefined);
    assert.equal(result.json().choices[0].message.content, "native");
    assert.equal(result.json().usage.prompt_tokens, 4);
  });
});

describe("Ollama client (/v1/api/chat)", () => {
  it("streams NDJSON by default, translated from an OpenAI upstream", async () => {
    mock.enqueue({ kind: "stream", text: "llama time", chunks: 2, includeUsage: true });
    const result = await post("/v1/api/chat", { model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] });
    assert.equal(result.status, 200, result.text);
    assert.match(String(result.headers["content-type"]), /application\/x-ndjson/);
    const lines = result.text.trim().split("\n").map((line) => JSON.parse(line) as { message?: { content?: string }; done: boolean; done_reason?: string });
    assert.equal(lines.map((line) => line.message?.content ?? "").join(""), "llama time");
    assert.equal(lines.at(-1)!.done, true);
    assert.equal(lines.filter((line) => line.done).length, 1);
  });
});
