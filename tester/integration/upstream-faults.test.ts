import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { readUsageRows } from "../lib/read-usage-rows";

const UPSTREAM_KEY = "sk-fault-upstream-secret-98765";
let mock: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      limits: { firstByteTimeoutMs: 800, idleTimeoutMs: 800 },
      providers: [
        { id: "openai", accounts: [{ name: "main", apiKey: UPSTREAM_KEY, baseUrl: mock.url }] },
        // A 429 cools its account and a 401 marks it auth-failed: those cases get their own providers (same
        // mock) so the rest of this suite still reaches the upstream through `openai`.
        // Same mock, but allowed long silences (a thinking model): its own idle timeout beats the global 800 ms.
        { id: "patient", type: "openai-compatible", baseUrl: mock.url, models: ["gpt-4o"], timeouts: { idleMs: 5_000 }, accounts: [{ name: "p", apiKey: UPSTREAM_KEY }] },
        { id: "limited", type: "openai-compatible", baseUrl: mock.url, models: ["gpt-4o"], accounts: [{ name: "l", apiKey: UPSTREAM_KEY }] },
        { id: "revoked", type: "openai-compatible", baseUrl: mock.url, models: ["gpt-4o"], accounts: [{ name: "main", apiKey: UPSTREAM_KEY }] },
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        { id: "dead", type: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1", models: ["m"], accounts: [{ name: "d", apiKey: "sk-dead-secret-1111111" }] },
      ],
      combos: [{ name: "dead-then-live", models: ["dead/m", "openai/gpt-4o"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }], ...extra });

async function chat(payload: string, requestId: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: payload,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

async function usageRow(requestId: string) {
  return eventually(() => readUsageRows(gateway.dataDir).find((row) => row.request_id === requestId), 8_000);
}

function assertNoLeak(text: string) {
  assert.doesNotMatch(text, /127\.0\.0\.1|localhost|sk-[a-z]+-/i, `leaked upstream detail: ${text}`);
}

describe("upstream failures reach the client in OpenAI's shape, without upstream URLs or keys", () => {
  it("unreachable upstream → 502", async () => {
    const result = await chat(body({ model: "dead/m" }), "fault-unreachable");
    assert.equal(result.status, 502);
    assert.equal(JSON.parse(result.text).error.code, "upstream_unreachable");
    assertNoLeak(result.text);
    const row = await usageRow("fault-unreachable");
    assert.equal(row.status, "error");
    assert.equal(row.http_status, 502);
  });

  it("a combo falls through a dead target to the next one before any byte was sent", async () => {
    const result = await chat(body({ model: "dead-then-live" }), "fault-combo");
    assert.equal(result.status, 200);
    assert.equal(result.headers["x-omniroute-provider"], "openai");
    assert.equal(result.headers["x-omniroute-attempts"], "2");
  });

  it("upstream 500 → 502 without the upstream body", async () => {
    mock.enqueue({ kind: "status", status: 500, body: { error: { message: "internal trace at 10.0.0.5 key sk-leak-123456789" } } });
    const result = await chat(body(), "fault-500");
    assert.equal(result.status, 502);
    assert.doesNotMatch(result.text, /trace|10\.0\.0\.5/);
  });

  it("upstream 429 → 429 with Retry-After", async () => {
    mock.enqueue({ kind: "status", status: 429, headers: { "retry-after": "7" } });
    const result = await chat(body({ model: "limited/gpt-4o" }), "fault-429");
    assert.equal(result.status, 429);
    assert.equal(result.headers["retry-after"], "7");
    assert.equal(JSON.parse(result.text).error.type, "rate_limit_error");
  });

  it("upstream 401 → 502 naming the account, not the key", async () => {
    mock.enqueue({ kind: "status", status: 401 });
    const result = await chat(body({ model: "revoked/gpt-4o" }), "fault-401");
    assert.equal(result.status, 502);
    assert.equal(JSON.parse(result.text).error.code, "upstream_auth_failed");
    assert.doesNotMatch(result.text, new RegExp(UPSTREAM_KEY));
  });

  it("upstream 400 keeps the provider's message (scrubbed)", async () => {
    mock.enqueue({ kind: "status", status: 400, body: { error: { message: "maximum context length is 128000 tokens" } } });
    const result = await chat(body(), "fault-400");
    assert.equal(result.status, 400);
    assert.match(JSON.parse(result.text).error.message, /maximum context length/);
  });

  it("no first byte in time → 504", async () => {
    mock.enqueue({ kind: "stall" });
    const started = Date.now();
    const result = await chat(body(), "fault-ttfb");
    assert.equal(result.status, 504);
    assert.ok(Date.now() - started < 5_000);
    assert.equal((await usageRow("fault-ttfb")).status, "error");
  });

  it("an upstream that goes silent mid-stream ends with a terminal error event", async () => {
    mock.enqueue({ kind: "stall", afterChunks: 2 });
    const result = await chat(body({ stream: true }), "fault-idle");
    assert.equal(result.status, 200);
    const events = result.text.split("\n\n").filter(Boolean);
    const last = JSON.parse(events.at(-1)!.replace(/^data: /, ""));
    assert.equal(last.error.code, "upstream_timeout");
    assert.equal((await usageRow("fault-idle")).status, "stream_error");
  });

  it("an upstream that drops the connection mid-stream → terminal error event, stream_error row", async () => {
    mock.enqueue({ kind: "close-after", chunks: 2 });
    const result = await chat(body({ stream: true }), "fault-close");
    const events = result.text.split("\n\n").filter(Boolean);
    assert.ok(events.length >= 3);
    assert.equal(JSON.parse(events.at(-1)!.replace(/^data: /, "")).error.code, "stream_interrupted");
    assert.equal((await usageRow("fault-close")).status, "stream_error");
  });

  it("a malformed upstream line is forwarded as-is (passthrough) and does not crash the tap", async () => {
    mock.enqueue({ kind: "malformed-line", afterChunks: 1 });
    const result = await chat(body({ stream: true, stream_options: { include_usage: true } }), "fault-malformed");
    assert.equal(result.status, 200);
    assert.match(result.text, /data: \{not json/);
    assert.ok(result.text.trimEnd().endsWith("data: [DONE]"));
    assert.equal((await usageRow("fault-malformed")).status, "ok");
  });

  it("a client that disconnects mid-stream aborts the upstream and is recorded once as aborted", async () => {
    mock.enqueue({ kind: "stream", chunks: 50, delayMs: 100 });
    const controller = new AbortController();
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "fault-abort" },
      body: body({ stream: true }),
      signal: controller.signal,
    });
    let received = 0;
    try {
      for await (const chunk of response.body) {
        received += chunk.length;
        if (received > 0) controller.abort();
      }
    } catch {
      // The abort surfaces as an error here.
    }
    await mock.waitFor((requests) => requests[0]?.outcome === "aborted", 5_000);
    const row = await usageRow("fault-abort");
    assert.equal(row.status, "aborted");
    assert.ok(row.ttfb_ms !== null);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(readUsageRows(gateway.dataDir).filter((candidate) => candidate.request_id === "fault-abort").length, 1);
  });

  it("the upstream key never appears in stdout, stderr or the log files", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const logsDir = join(gateway.dataDir, "logs");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = readdirSync(logsDir).map((file) => readFileSync(join(logsDir, file), "utf8")).join("\n");
    assert.ok(logs.includes("fault-unreachable"), "request lines are in the log file");
    for (const text of [logs, gateway.stdout(), gateway.stderr()]) {
      assert.ok(!text.includes(UPSTREAM_KEY));
      assert.ok(!text.includes("sk-dead-secret-1111111"));
    }
  });

  it("a provider's own idle timeout lets a slow stream finish where the global one would cut it", async () => {
    const frame = (content: string) => `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const slow = { kind: "raw" as const, status: 200, headers: { "content-type": "text/event-stream" }, chunks: [frame("thinking"), frame("done"), "data: [DONE]\n\n"], delayMs: 1_200 };
    mock.enqueue(slow);
    const patient = await chat(body({ model: "patient/gpt-4o", stream: true }), "fault-patient");
    assert.equal(patient.status, 200);
    assert.ok(patient.text.trimEnd().endsWith("data: [DONE]"), patient.text);
    mock.enqueue(slow);
    const global = await chat(body({ stream: true }), "fault-impatient");
    assert.match(global.text, /upstream_timeout/);
  });
});
