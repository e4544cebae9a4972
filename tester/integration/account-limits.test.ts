import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// Per-account concurrency and rate limits, their auto-tuning on 429, and /api/rate-limits, against the real server.
// Each provider is a priority pool of two accounts behind their own mocks: the first has the limit, the second
// catches what the first may not take.
const PASSWORD = "limits-password-1";
const mocks: Record<string, OpenAiMock> = {};
let gateway: OmnirouteProcess;
let cookie: string;

const names = ["capFirst", "capSecond", "rateFirst", "rateSecond", "tuneFirst", "tuneSecond", "solo"] as const;

before(async () => {
  await Promise.all(names.map(async (name) => (mocks[name] = await startOpenAiMock())));
  const pool = (id: string, first: string, second: string, firstLimits: Record<string, number>) => ({
    id,
    type: "openai-compatible",
    baseUrl: mocks[first]!.url,
    models: ["m"],
    strategy: "priority",
    accounts: [
      { name: first, apiKey: `sk-${first}-000000`, baseUrl: mocks[first]!.url, priority: 1, ...firstLimits },
      { name: second, apiKey: `sk-${second}-000000`, baseUrl: mocks[second]!.url, priority: 2 },
    ],
  });
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [
        pool("cap", "capFirst", "capSecond", { maxConcurrent: 1 }),
        pool("rate", "rateFirst", "rateSecond", { requestsPerMinute: 2 }),
        pool("tune", "tuneFirst", "tuneSecond", { requestsPerMinute: 10 }),
        { id: "solo", type: "openai-compatible", baseUrl: mocks.solo!.url, models: ["m"], accounts: [{ name: "solo", apiKey: "sk-solo-0000000", requestsPerMinute: 1 }] },
      ],
    },
  });
  // Once: a login costs a password hash, which must not eat into the time a test's stream is open.
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
});

async function chat(model: string, stream = false) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: `x ${Math.random()}` }] }),
  });
  return { status: response.statusCode, headers: response.headers, body: response.body };
}

interface LimitView {
  providerId: string;
  accountName: string;
  maxConcurrent: number | null;
  requestsPerMinute: number | null;
  effectiveRequestsPerMinute: number | null;
  autoTuned: boolean;
  inFlight: number;
  recentRequestsPerMinute: number;
  rateLimitedResponses: number;
  atLimit: boolean;
}

async function rateLimits(): Promise<LimitView[]> {
  const response = await request(`${gateway.url}/api/rate-limits`, { headers: { cookie } });
  const text = await response.body.text();
  assert.equal(response.statusCode, 200, text);
  return (JSON.parse(text) as { accounts: LimitView[] }).accounts;
}

const view = (views: LimitView[], accountName: string) => views.find((entry) => entry.accountName === accountName)!;

describe("per-account limits", () => {
  it("an account at maxConcurrent is skipped (not waited on) while its stream runs, and free again after", async () => {
    // A stream long enough (about 4 s) to still be open while the next requests are made.
    mocks.capFirst!.enqueue({ kind: "stream", chunks: 20, delayMs: 200 });
    const slow = await chat("cap/m", true);
    assert.equal(slow.headers["x-omniroute-account"], "capFirst");
    const during = view(await rateLimits(), "capFirst");
    assert.deepEqual([during.inFlight, during.atLimit, during.maxConcurrent], [1, true, 1]);

    const started = Date.now();
    const second = await chat("cap/m");
    await second.body.text();
    assert.equal(second.status, 200);
    assert.equal(second.headers["x-omniroute-account"], "capSecond");
    assert.equal(second.headers["x-omniroute-attempts"], "1", "skipped without an upstream call");
    assert.ok(Date.now() - started < 500, "not waited on");
    assert.equal(mocks.capFirst!.requests.length, 1);

    await slow.body.text();
    const afterwards = view(await rateLimits(), "capFirst");
    assert.deepEqual([afterwards.inFlight, afterwards.atLimit], [0, false]);
    const third = await chat("cap/m");
    await third.body.text();
    assert.equal(third.headers["x-omniroute-account"], "capFirst");
  });

  it("an account at requestsPerMinute passes the next requests to the other account", async () => {
    const served: unknown[] = [];
    for (let index = 0; index < 4; index++) {
      const result = await chat("rate/m");
      await result.body.text();
      served.push(result.headers["x-omniroute-account"]);
    }
    assert.deepEqual(served, ["rateFirst", "rateFirst", "rateSecond", "rateSecond"]);
    const views = await rateLimits();
    const first = view(views, "rateFirst");
    assert.deepEqual(
      [first.requestsPerMinute, first.effectiveRequestsPerMinute, first.recentRequestsPerMinute, first.atLimit],
      [2, 2, 2, true],
    );
    assert.equal(view(views, "rateSecond").recentRequestsPerMinute, 2);
    assert.equal(mocks.rateFirst!.requests.length, 2);
  });

  it("a 429 halves an API-key account's effective rate, and the request moves on at once", async () => {
    mocks.tuneFirst!.enqueue({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const result = await chat("tune/m");
    await result.body.text();
    assert.equal(result.status, 200);
    assert.equal(result.headers["x-omniroute-account"], "tuneSecond");
    const tuned = view(await rateLimits(), "tuneFirst");
    assert.deepEqual(
      [tuned.requestsPerMinute, tuned.effectiveRequestsPerMinute, tuned.autoTuned, tuned.rateLimitedResponses],
      [10, 5, true, 1],
    );
  });

  it("when every account is at its limit the client gets a fast 429 with retry-after, and the upstream is not called", async () => {
    const first = await chat("solo/m");
    await first.body.text();
    assert.equal(first.status, 200);
    const started = Date.now();
    const limited = await chat("solo/m");
    const text = await limited.body.text();
    assert.equal(limited.status, 429, text);
    assert.ok(Date.now() - started < 500);
    const retryAfter = Number(limited.headers["retry-after"]);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(JSON.parse(text).error.code, "upstream_rate_limited");
    assert.equal(mocks.solo!.requests.length, 1);
  });
});
