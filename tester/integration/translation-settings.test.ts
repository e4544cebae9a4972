import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock, type RecordedRequest } from "../mock-upstream/openai-mock-server";

// The two translation settings end to end: set through /api/settings/* (the dashboard's API), stored in db.json,
// turned into the engine's snapshot, and applied to what the upstream receives. Each account and provider sits
// behind its own mock, so the test sees every attempt, including the ones that failed: the system prompt must
// reach each of them exactly once (a retry or fallback never adds it twice), and each target gets its own
// thinking policy.
const PASSWORD = "translation-settings-pw-1";
const PROMPT = "OMNIROUTE-TEST-PROMPT: answer in French.";

let first: OpenAiMock;
let second: OpenAiMock;
let backup: OpenAiMock;
let gateway: OmnirouteProcess;
let cookie: string;

before(async () => {
  [first, second, backup] = await Promise.all([startOpenAiMock(), startOpenAiMock(), startOpenAiMock()]);
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [
        {
          id: "openai",
          strategy: "priority",
          accounts: [
            { name: "first", apiKey: "sk-first-0000000", baseUrl: first.url, priority: 1 },
            { name: "second", apiKey: "sk-second-000000", baseUrl: second.url, priority: 2 },
          ],
        },
        { id: "backup", type: "openai-compatible", baseUrl: backup.url, models: ["o4-mini"], accounts: [{ name: "b", apiKey: "sk-backup-000000" }] },
      ],
      combos: [{ name: "openai-then-backup", models: ["openai/o4-mini", "backup/o4-mini"] }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await Promise.all([first, second, backup].map((mock) => mock?.close()));
});

beforeEach(() => {
  for (const mock of [first, second, backup]) mock.reset();
});

async function api(method: "GET" | "PUT", path: string, body?: unknown) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { cookie, origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

async function chat(body: Record<string, unknown>) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, attempts: response.headers["x-omniroute-attempts"], text: await response.body.text() };
}

interface ChatMessage {
  role: string;
  content: unknown;
}

function upstreamBody(recorded: RecordedRequest | undefined): { messages: ChatMessage[]; reasoning_effort?: unknown } {
  assert.ok(recorded, "the upstream was called");
  return recorded.json as { messages: ChatMessage[]; reasoning_effort?: unknown };
}

/** How many times the prompt appears in what the upstream received, wherever the formatter put it. */
function promptCount(recorded: RecordedRequest | undefined): number {
  assert.ok(recorded, "the upstream was called");
  return recorded.body.toString("utf8").split(PROMPT).length - 1;
}

describe("translation settings API", () => {
  it("starts with no prompt and passthrough thinking", async () => {
    const prompt = await api("GET", "/api/settings/system-prompt");
    assert.equal(prompt.status, 200, prompt.text);
    assert.deepEqual(prompt.json(), { enabled: false, text: "", position: "append" });
    const thinking = await api("GET", "/api/settings/thinking-budget");
    assert.equal(thinking.status, 200, thinking.text);
    assert.deepEqual(thinking.json(), { global: { mode: "passthrough" }, perModel: {} });
  });

  it("refuses bad bodies with the path named, and stores nothing", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["/api/settings/system-prompt", { enabled: true, text: "x", position: "middle" }, /position/],
      ["/api/settings/system-prompt", { enabled: true, text: "x".repeat(100 * 1024 + 1), position: "append" }, /text: must be at most 102400 bytes/],
      ["/api/settings/system-prompt", { enabled: true, text: "x", position: "append", extra: 1 }, /extra|Unrecognized/i],
      ["/api/settings/thinking-budget", { global: { mode: "budget", budgetTokens: 128_001 }, perModel: {} }, /global\.budgetTokens/],
      ["/api/settings/thinking-budget", { global: { mode: "budget", budgetTokens: -1 }, perModel: {} }, /global\.budgetTokens/],
      ["/api/settings/thinking-budget", { global: { mode: "effort", effort: "max" }, perModel: {} }, /global\.effort/],
      ["/api/settings/thinking-budget", { global: { mode: "passthrough" }, perModel: { "two words": { mode: "passthrough" } } }, /perModel/],
      ["/api/settings/thinking-budget", { global: { mode: "passthrough" } }, /perModel/],
    ];
    for (const [path, body, message] of cases) {
      const response = await api("PUT", path, body);
      assert.equal(response.status, 400, `${path} ${JSON.stringify(body).slice(0, 80)}: ${response.text}`);
      assert.match(response.text, message);
    }
    const tooMany = Object.fromEntries(Array.from({ length: 501 }, (_, index) => [`model-${index}`, { mode: "passthrough" }]));
    assert.equal((await api("PUT", "/api/settings/thinking-budget", { global: { mode: "passthrough" }, perModel: tooMany })).status, 400);
    assert.deepEqual((await api("GET", "/api/settings/thinking-budget")).json(), { global: { mode: "passthrough" }, perModel: {} });
  });

  it("refuses a cross-origin PUT", async () => {
    const response = await request(`${gateway.url}/api/settings/system-prompt`, {
      method: "PUT",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, text: "pwned", position: "prepend" }),
    });
    await response.body.text();
    assert.equal(response.statusCode, 403);
    assert.equal((await api("GET", "/api/settings/system-prompt")).json().text, "");
  });
});

describe("translation settings applied to /v1/chat/completions", () => {
  before(async () => {
    const prompt = await api("PUT", "/api/settings/system-prompt", { enabled: true, text: PROMPT, position: "append" });
    assert.equal(prompt.status, 200, prompt.text);
    assert.deepEqual(prompt.json(), { enabled: true, text: PROMPT, position: "append" });
    const thinking = await api("PUT", "/api/settings/thinking-budget", {
      global: { mode: "effort", effort: "high" },
      perModel: { "openai/o4-mini": { mode: "budget", budgetTokens: 12_000 }, "backup/o4-mini": { mode: "effort", effort: "minimal" } },
    });
    assert.equal(thinking.status, 200, thinking.text);
    assert.deepEqual((await api("GET", "/api/settings/thinking-budget")).json().perModel, {
      "openai/o4-mini": { mode: "budget", budgetTokens: 12_000 },
      "backup/o4-mini": { mode: "effort", effort: "minimal" },
    });
  });

  it("adds the prompt after the client's own system message, once, and sets the per-model effort", async () => {
    const answer = await chat({ model: "openai/o4-mini", messages: [{ role: "system", content: "client rules" }, { role: "user", content: "hi" }], reasoning_effort: "high" });
    assert.equal(answer.status, 200, answer.text);
    const body = upstreamBody(first.requests[0]);
    assert.deepEqual(body.messages, [
      { role: "system", content: "client rules" },
      { role: "system", content: PROMPT },
      { role: "user", content: "hi" },
    ]);
    // 12 000 tokens is the "medium" band; the client's own "high" is replaced.
    assert.equal(body.reasoning_effort, "medium");
  });

  it("falls back to the second account after a 500 with the prompt still there exactly once", async () => {
    first.enqueue({ kind: "status", status: 500 });
    const answer = await chat({ model: "openai/o4-mini", messages: [{ role: "user", content: "hi" }] });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.attempts, "2");
    assert.equal(first.requests.length, 1);
    assert.equal(second.requests.length, 1);
    for (const recorded of [first.requests[0], second.requests[0]]) {
      assert.equal(promptCount(recorded), 1);
      assert.deepEqual(upstreamBody(recorded).messages, [{ role: "system", content: PROMPT }, { role: "user", content: "hi" }]);
      assert.equal(upstreamBody(recorded).reasoning_effort, "medium");
    }
  });

  it("falls back across providers in a combo: each target gets its own thinking policy, the prompt once", async () => {
    first.enqueue({ kind: "status", status: 500 });
    second.enqueue({ kind: "status", status: 500 });
    const answer = await chat({ model: "openai-then-backup", stream: true, messages: [{ role: "user", content: "hi" }] });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.attempts, "3");
    assert.match(answer.text, /data: \[DONE\]/);
    for (const recorded of [first.requests[0], second.requests[0], backup.requests[0]]) assert.equal(promptCount(recorded), 1);
    assert.equal(upstreamBody(first.requests[0]).reasoning_effort, "medium");
    assert.equal(upstreamBody(second.requests[0]).reasoning_effort, "medium");
    // "minimal" is not an o-series level: the nearest one the model takes.
    assert.equal(upstreamBody(backup.requests[0]).reasoning_effort, "low");
  });

  it("uses the global policy for a model without its own entry, and never sends an effort to a model without thinking", async () => {
    const answer = await chat({ model: "openai/o3-mini", messages: [{ role: "user", content: "hi" }] });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(upstreamBody(first.requests[0]).reasoning_effort, "high");
    assert.equal(promptCount(first.requests[0]), 1);

    const plain = await chat({ model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }], temperature: 0.3 });
    assert.equal(plain.status, 200, plain.text);
    const body = upstreamBody(first.requests[1]) as { reasoning_effort?: unknown; temperature?: unknown };
    assert.equal(body.reasoning_effort, undefined, "gpt-4o refuses reasoning_effort");
    assert.equal(body.temperature, 0.3);
    assert.equal(promptCount(first.requests[1]), 1);
  });

  it("applies both on a translated request (Anthropic client → OpenAI upstream), also after a failed attempt", async () => {
    first.enqueue({ kind: "status", status: 500 });
    const response = await request(`${gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({
        model: "openai/o4-mini",
        max_tokens: 1_000,
        system: "client rules",
        messages: [{ role: "user", content: "hi" }],
        thinking: { type: "enabled", budget_tokens: 30_000 },
      }),
    });
    const text = await response.body.text();
    assert.equal(response.statusCode, 200, text);
    for (const recorded of [first.requests[0], second.requests[0]]) {
      assert.equal(promptCount(recorded), 1);
      const body = upstreamBody(recorded);
      const systemText = body.messages
        .filter((message) => message.role === "system" || message.role === "developer")
        .map((message) => (typeof message.content === "string" ? message.content : JSON.stringify(message.content)))
        .join("\n");
      assert.ok(systemText.indexOf("client rules") < systemText.indexOf(PROMPT), `appended after the client's prompt: ${systemText}`);
      assert.equal(body.reasoning_effort, "medium");
    }
  });

  it("puts the prompt first when set to prepend, and adds nothing once disabled", async () => {
    assert.equal((await api("PUT", "/api/settings/system-prompt", { enabled: true, text: PROMPT, position: "prepend" })).status, 200);
    await chat({ model: "openai/o4-mini", messages: [{ role: "system", content: "client rules" }, { role: "user", content: "hi" }] });
    assert.deepEqual(upstreamBody(first.requests[0]).messages.slice(0, 2), [
      { role: "system", content: PROMPT },
      { role: "system", content: "client rules" },
    ]);

    assert.equal((await api("PUT", "/api/settings/system-prompt", { enabled: false, text: PROMPT, position: "prepend" })).status, 200);
    assert.equal((await api("PUT", "/api/settings/thinking-budget", { global: { mode: "passthrough" }, perModel: {} })).status, 200);
    first.reset();
    await chat({ model: "openai/o4-mini", messages: [{ role: "user", content: "hi" }], reasoning_effort: "high" });
    assert.equal(promptCount(first.requests[0]), 0);
    assert.equal(upstreamBody(first.requests[0]).reasoning_effort, "high", "passthrough keeps the client's own effort");
    // Disabled keeps the text for later.
    assert.deepEqual((await api("GET", "/api/settings/system-prompt")).json(), { enabled: false, text: PROMPT, position: "prepend" });
  });
});
