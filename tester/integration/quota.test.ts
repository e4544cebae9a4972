// Quota windows per account against the real server: a declared daily request window counted from the server's
// own usage, the account held by the router once the window is spent (requests go to the next account), and the
// windows read back through /api/quota, /api/quota/{connectionId} and /api/usage/{connectionId}.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startWireReplayServer, type WireReplayServer } from "../mock-upstream/wire-replay-server";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const PASSWORD = "quota-password-1";
const CLIENT_KEY = "omr-quota-key-0123456789";
let mock: WireReplayServer;
let gateway: OmnirouteProcess;
let cookie: string;

before(async () => {
  mock = await startWireReplayServer();
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      apiKeys: [{ name: "ci", key: CLIENT_KEY }],
      providers: [
        {
          id: "up-chat",
          type: "openai-compatible",
          apiFormat: "chat",
          baseUrl: mock.openAiBaseUrl,
          strategy: "priority",
          accounts: [
            { name: "limited", apiKey: "sk-up-0000000000", priority: 0, quotaWindows: [{ name: "daily requests", kind: "daily", unit: "requests", limit: 2 }] },
            { name: "spare", apiKey: "sk-up-1111111111", priority: 1, quotaWindows: [{ name: "monthly tokens", kind: "monthly", unit: "tokens", resetDay: 1 }] },
          ],
        },
      ],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

async function chat(): Promise<{ status: number; account: string | undefined }> {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify({ model: "up-chat/openai-text", messages: [{ role: "user", content: "hi" }] }),
  });
  await response.body.text();
  const account = response.headers["x-omniroute-account"];
  return { status: response.statusCode, account: typeof account === "string" ? account : undefined };
}

async function api(path: string) {
  const response = await request(`${gateway.url}${path}`, { headers: { cookie } });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the API's JSON
  return { status: response.statusCode, json: () => JSON.parse(text) as any, text };
}

/** The next 00:00 UTC after now: when a daily window without resetHour resets. */
function nextUtcMidnight(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
}

describe("quota windows per account", () => {
  it("counts the account's own requests, holds it once its window is spent, and the next account takes over", async () => {
    assert.deepEqual(await chat(), { status: 200, account: "limited" });
    // The window is counted from the usage rows: the first count comes from SQLite, the rest in memory.
    let quota = (await api("/api/quota/up-chat:limited")).json();
    assert.equal(quota.windows[0].used, 1);
    assert.deepEqual(await chat(), { status: 200, account: "limited" });
    // The second row is counted as it is recorded, a moment after the answer.
    for (let tries = 0; tries < 50 && quota.heldUntil === null; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      quota = (await api("/api/quota/up-chat:limited")).json();
    }
    const window = quota.windows[0];
    assert.deepEqual(
      { name: window.name, used: window.used, limit: window.limit, usedPercent: window.usedPercent, remaining: window.remaining, exhausted: window.exhausted, source: window.source, kind: window.kind },
      { name: "daily requests", used: 2, limit: 2, usedPercent: 100, remaining: 0, exhausted: true, source: "local", kind: "daily" },
    );
    assert.equal(window.resetsAt, nextUtcMidnight());
    assert.equal(quota.heldUntil, nextUtcMidnight(), "held until the window resets");
    assert.equal(quota.accountName, "limited");

    // Held: the priority order would pick "limited", the router goes to "spare".
    assert.deepEqual(await chat(), { status: 200, account: "spare" });
    const resilience = (await api("/api/resilience")).json();
    const cooldowns = (resilience.cooldowns ?? resilience.data?.cooldowns ?? []) as { accountId: string; reason: string; until: number }[];
    assert.ok(cooldowns.some((entry) => entry.accountId === "limited" && entry.reason === "quota" && entry.until === nextUtcMidnight()), JSON.stringify(resilience));
  });

  it("/api/quota lists every account; a window without a limit shows what was used and no percent", async () => {
    const all = (await api("/api/quota")).json();
    const spare = all.data.find((account: { connectionId: string }) => account.connectionId === "up-chat:spare");
    assert.ok(spare !== undefined, JSON.stringify(all));
    const monthly = spare.windows[0];
    assert.equal(monthly.source, "local");
    assert.equal(monthly.limit, null);
    assert.equal(monthly.usedPercent, null);
    assert.ok(monthly.used > 0, "the spare account's tokens are counted");
    assert.equal(spare.heldUntil, null);
  });

  it("/api/usage/{connectionId} carries the account's quota windows", async () => {
    const usage = (await api("/api/usage/up-chat:limited")).json();
    assert.equal(usage.quota.connectionId, "up-chat:limited");
    assert.equal(usage.quota.windows[0].used, 2);
    assert.equal((await api("/api/quota/up-chat:nobody")).status, 404);
    assert.equal((await api("/api/quota/no-separator")).status, 400);
  });
});
