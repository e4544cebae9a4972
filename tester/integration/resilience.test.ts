import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// Scenarios 7–12 of TESTPLAN.md against the real server: two accounts of one provider (each behind its own
// mock, so the test sees which account was called), a provider that always fails, and combos across them.
let first: OpenAiMock;
let second: OpenAiMock;
let broken: OpenAiMock;
let backup: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  [first, second, broken, backup] = await Promise.all([startOpenAiMock(), startOpenAiMock(), startOpenAiMock(), startOpenAiMock()]);
  broken.setDefault({ kind: "status", status: 503 });
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: "resilience-password-1" },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [
        {
          id: "openai",
          strategy: "priority",
          accounts: [
            { name: "first", apiKey: "sk-first-000000", baseUrl: first.url, priority: 1 },
            { name: "second", apiKey: "sk-second-00000", baseUrl: second.url, priority: 2 },
          ],
        },
        { id: "broken", type: "openai-compatible", baseUrl: broken.url, models: ["m"], accounts: [{ name: "b", apiKey: "sk-broken-0000" }] },
        { id: "backup", type: "openai-compatible", baseUrl: backup.url, models: ["m"], accounts: [{ name: "k", apiKey: "sk-backup-0000" }] },
      ],
      combos: [
        { name: "openai-then-backup", models: ["openai/gpt-4o", "backup/m"] },
        { name: "broken-then-backup", models: ["broken/m", "backup/m"] },
      ],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await Promise.all([first, second, broken, backup].map((mock) => mock?.close()));
});

beforeEach(() => {
  for (const mock of [first, second, backup]) mock.reset();
  broken.requests.length = 0;
});

async function chat(model: string, requestId?: string, stream = false) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}) },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "x" }] }),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

async function resilienceApi(method: "GET" | "POST", body?: unknown) {
  const cookie = await loginCookie(gateway.url, "resilience-password-1");
  const response = await request(`${gateway.url}/api/resilience`, {
    method,
    headers: { cookie, origin: gateway.url, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

describe("routing and resilience (TESTPLAN 7–12)", () => {
  it("7: a 429 with Retry-After cools the account; the same request moves on to the next account at once", async () => {
    first.enqueue({ kind: "status", status: 429, headers: { "retry-after": "2" } });
    const started = Date.now();
    const result = await chat("openai/gpt-4o");
    assert.equal(result.status, 200, result.text);
    assert.ok(Date.now() - started < 1_500, "no sleep before the next account");
    assert.equal(result.headers["x-omniroute-account"], "second");
    assert.equal(result.headers["x-omniroute-attempts"], "2");
    // While cooling, the first account is not called at all.
    const during = await chat("openai/gpt-4o");
    assert.equal(during.headers["x-omniroute-account"], "second");
    assert.equal(first.requests.length, 1);
    // After the Retry-After the first account is eligible again (never stale).
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const afterCooldown = await chat("openai/gpt-4o");
    assert.equal(afterCooldown.headers["x-omniroute-account"], "first");
  });

  it("8: a 401 marks the account auth-failed; later requests skip it; the client sees no upstream detail", async () => {
    second.enqueue({ kind: "status", status: 401 });
    first.setDefault({ kind: "status", status: 401 });
    const result = await chat("openai-then-backup");
    assert.equal(result.status, 200, result.text);
    assert.equal(result.headers["x-omniroute-provider"], "backup");
    const again = await chat("openai-then-backup");
    assert.equal(again.headers["x-omniroute-provider"], "backup");
    assert.equal(again.headers["x-omniroute-attempts"], "1", "auth-failed accounts are skipped without a call");
    first.setDefault(undefined);
  });

  it("10: a 5xx burst opens the breaker; a direct call then fails fast with 503 and retry-after, without an upstream call", async () => {
    for (let index = 0; index < 6; index++) await chat("broken/m");
    const callsBefore = broken.requests.length;
    const result = await chat("broken/m");
    assert.equal(result.status, 503);
    assert.ok(Number(result.headers["retry-after"]) > 0);
    assert.equal(broken.requests.length, callsBefore, "no upstream call while the breaker is open");
    assert.ok(callsBefore <= 6);
  });

  it("11/12: a combo skips the open breaker; under a storm of 200 requests the upstream calls stay bounded", async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => chat("broken-then-backup")));
    const ok = results.filter((result) => result.status === 200).length;
    assert.ok(ok >= 150, `${ok} of 200 succeeded`);
    assert.ok(broken.requests.length <= 3, `${broken.requests.length} calls reached the broken provider`);
    assert.ok(backup.requests.length <= 200);
  });

  it("/api/resilience shows the open breaker and the auth-failed accounts, and POST resets them", async () => {
    const before = await resilienceApi("GET");
    assert.equal(before.status, 200);
    const breakers = before.json.breakers as { providerId: string; state: string }[];
    assert.equal(breakers.find((breaker) => breaker.providerId === "broken")?.state, "open");
    const cooldowns = before.json.cooldowns as { providerId: string; accountId: string; kind: string }[];
    assert.ok(cooldowns.some((entry) => entry.providerId === "openai" && entry.kind === "auth-failed"));
    const reset = await resilienceApi("POST", {});
    assert.equal(reset.status, 200);
    const after = await resilienceApi("GET");
    assert.deepEqual(after.json.cooldowns, []);
    assert.ok((after.json.breakers as { state: string }[]).every((breaker) => breaker.state === "closed"));
    // The reset account is called again at once.
    const result = await chat("openai/gpt-4o");
    assert.equal(result.status, 200);
    assert.equal(result.headers["x-omniroute-account"], "first");
    assert.equal((await resilienceApi("POST", { bogus: 1 })).status, 400);
  });

  it("6: a stream that opens with an error event, or is empty, falls back before any byte reached the client", async () => {
    await resilienceApi("POST", {});
    const eventStream = { "content-type": "text/event-stream" };
    first.enqueue({ kind: "raw", status: 200, headers: eventStream, chunks: ['data: {"error":{"message":"Overloaded","type":"overloaded_error"}}\n\n'] });
    const inBand = await chat("openai/gpt-4o", undefined, true);
    assert.equal(inBand.status, 200);
    assert.equal(inBand.headers["x-omniroute-account"], "second");
    assert.equal(inBand.headers["x-omniroute-attempts"], "2");
    assert.doesNotMatch(inBand.text, /Overloaded/);
    assert.ok(inBand.text.trimEnd().endsWith("data: [DONE]"));

    first.enqueue({ kind: "raw", status: 200, headers: eventStream, chunks: [] });
    const empty = await chat("openai/gpt-4o", undefined, true);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers["x-omniroute-account"], "second");
  });
});
