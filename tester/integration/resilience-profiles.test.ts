import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

// Resilience profiles from the config file (`resilience.profiles`) reach the engine's breakers through the real
// server: a low API-key threshold opens the breaker after exactly that many failures.
let broken: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  broken = await startOpenAiMock();
  broken.setDefault({ kind: "status", status: 503 });
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: "profiles-password-1" },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      resilience: { profiles: { apiKey: { failureThreshold: 2, openMs: 60_000 }, oauth: { failureThreshold: 1 } } },
      providers: [{ id: "broken", type: "openai-compatible", baseUrl: broken.url, models: ["m"], accounts: [{ name: "b", apiKey: "sk-broken-0000" }] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await broken?.close();
});

async function chat() {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "broken/m", messages: [{ role: "user", content: "x" }] }),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe("resilience profiles from the config file", () => {
  it("apiKey.failureThreshold 2: the breaker opens after two failures, and the third call fails fast without an upstream call", async () => {
    for (let index = 0; index < 2; index++) assert.equal((await chat()).status, 502);
    assert.equal(broken.requests.length, 2);
    const fast = await chat();
    assert.equal(fast.status, 503, fast.text);
    // openMs 60 s: the configured wait, not the default 30 s.
    const retryAfter = Number(fast.headers["retry-after"]);
    assert.ok(retryAfter > 30 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(broken.requests.length, 2, "no upstream call while the breaker is open");

    const cookie = await loginCookie(gateway.url, "profiles-password-1");
    const state = await request(`${gateway.url}/api/resilience`, { headers: { cookie, origin: gateway.url } });
    const breakers = ((await state.body.json()) as { breakers: { providerId: string; profile: string; state: string }[] }).breakers;
    assert.deepEqual(
      breakers.filter((breaker) => breaker.providerId === "broken").map(({ profile, state: breakerState }) => [profile, breakerState]),
      [["api-key", "open"]],
    );
  });
});
