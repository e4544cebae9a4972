// The usage and pricing APIs against the real server: rows recorded by real requests (through the recorded
// provider replies of ../shared/fixtures/upstream) read back through /api/usage/*, and /api/pricing GET/PUT
// behind the session and same-origin guards.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startWireReplayServer, type WireReplayServer } from "../mock-upstream/wire-replay-server";
import { loginCookie } from "../lib/dashboard-session";
import { readUsageRows } from "../lib/read-usage-rows";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const PASSWORD = "usage-api-password-1";
const CLIENT_KEY = "omr-usage-api-key-0123456789";
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
        { id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.openAiBaseUrl, accounts: [{ name: "main", apiKey: "sk-up-0000000000" }] },
        { id: "up-claude", type: "anthropic-compatible", baseUrl: mock.origin, accounts: [{ name: "team", apiKey: "sk-up-1111111111" }] },
      ],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
  const calls: [string, string, unknown][] = [
    ["/v1/chat/completions", "up-chat/openai-text", { stream: false }],
    ["/v1/chat/completions", "up-chat/deepseek-tool-call", { stream: true, stream_options: { include_usage: true } }],
    ["/v1/messages", "up-claude/anthropic-text", { stream: false, max_tokens: 100 }],
    ["/v1/messages", "up-claude/anthropic-text", { stream: true, max_tokens: 100 }],
  ];
  for (const [path, model, extra] of calls) {
    const response = await request(`${gateway.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...(extra as object) }),
    });
    await response.body.text();
    assert.equal(response.statusCode, 200, `${path} ${model}`);
  }
  await eventually(() => (readUsageRows(gateway.dataDir).length >= calls.length ? true : undefined));
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

async function api(path: string, init: { method?: string; body?: unknown; origin?: string | null } = {}) {
  const headers: Record<string, string> = { cookie };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.origin !== null) headers.origin = init.origin ?? gateway.url;
  const response = await request(`${gateway.url}${path}`, {
    method: (init.method ?? "GET") as "GET",
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the API's JSON
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as any };
}

describe("usage APIs", () => {
  it("stores the new columns: key id, attempts-free rows, token classes as the upstream reported them", () => {
    const rows = readUsageRows(gateway.dataDir);
    const deepseek = rows.find((row) => row.upstream_model === "deepseek-tool-call");
    assert.deepEqual([deepseek?.input_tokens, deepseek?.cache_read_tokens, deepseek?.output_tokens, deepseek?.reasoning_tokens], [339, 320, 83, 39]);
    assert.equal(deepseek?.api_key_name, "ci");
    assert.equal(deepseek?.tokens_estimated, 0);
  });

  it("/api/usage/history answers with sensible defaults and every bucket", async () => {
    const response = await api("/api/usage/history");
    assert.equal(response.status, 200);
    const body = response.json();
    assert.equal(body.bucket, "day");
    assert.equal(body.groupBy, "provider");
    assert.equal(body.totals.requests, 4);
    assert.deepEqual(body.series.map((series: { key: string }) => series.key).sort(), ["up-chat", "up-claude"]);
    assert.equal(body.series[0].points.length, 8);
    const hourly = (await api("/api/usage/history?range=24h&groupBy=model&bucket=hour")).json();
    assert.equal(hourly.series.length, 3);
    assert.equal((await api("/api/usage/history?bucket=minute")).status, 400);
  });

  it("/api/usage/logs pages and filters rows", async () => {
    const first = (await api("/api/usage/logs?limit=2")).json();
    assert.equal(first.data.length, 2);
    assert.ok(first.nextCursor);
    const second = (await api(`/api/usage/logs?limit=2&cursor=${first.nextCursor}`)).json();
    assert.equal(second.data.length, 2);
    assert.equal(second.nextCursor, null);
    const claude = (await api("/api/usage/logs?provider=up-claude")).json();
    assert.deepEqual(claude.data.map((row: { stream: boolean }) => row.stream).sort(), [false, true]);
    assert.equal((await api("/api/usage/logs?limit=9999")).status, 400);
  });

  it("/api/usage/{provider}:{account} shows one account", async () => {
    const body = (await api("/api/usage/up-claude:team")).json();
    assert.equal(body.provider, "up-claude");
    assert.equal(body.account, "team");
    assert.equal(body.totals.today.requests, 2);
    assert.equal(body.recent.length, 2);
    assert.equal((await api("/api/usage/no-separator")).status, 400);
  });

  it("monthly report as JSON and CSV; export as CSV and JSON", async () => {
    const report = (await api("/api/usage/report")).json();
    assert.equal(report.totals.requests, 4);
    const csv = await api("/api/usage/report?format=csv");
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    assert.match(csv.text, /^section,key,label,requests/);
    const exported = await api("/api/usage/export?format=csv");
    assert.equal(exported.text.trim().split("\r\n").length, 5);
    assert.match(String(exported.headers["content-disposition"]), /attachment; filename="omniroute-usage-/);
    const json = (await api("/api/usage/export?format=json")).json();
    assert.equal(json.length, 4);
  });

  it("/api/pricing: GET shows defaults, PUT validates, stores and needs the same origin", async () => {
    const initial = (await api("/api/pricing")).json();
    assert.equal(initial.effective.find((entry: { key: string }) => entry.key === "anthropic/claude-sonnet-4-5").source, "default");
    const bad = await api("/api/pricing", { method: "PUT", body: { models: { "x/y": { inputPerMillion: -1, outputPerMillion: 1 } } } });
    assert.equal(bad.status, 400);
    assert.match(bad.json().error.message, /models\.x\/y\.inputPerMillion/);
    const crossSite = await api("/api/pricing", { method: "PUT", body: { billing: {} }, origin: "http://evil.example" });
    assert.equal(crossSite.status, 403);
    const put = await api("/api/pricing", { method: "PUT", body: { models: { "up-chat/openai-text": { inputPerMillion: 0.1, outputPerMillion: 0.4 } }, billing: { "up-claude/team": "subscription" } } });
    assert.equal(put.status, 200);
    const after = (await api("/api/pricing")).json();
    assert.deepEqual(after.overrides.billing, { "up-claude/team": "subscription" });
    assert.equal(after.effective.find((entry: { key: string }) => entry.key === "up-chat/openai-text").source, "override");
  });

  it("/api/usage/settings keeps the retention setting; /api/usage/budgets lists budgeted keys", async () => {
    assert.equal((await api("/api/usage/settings")).json().retentionDays, 30);
    assert.equal((await api("/api/usage/settings", { method: "PUT", body: { retentionDays: 0 } })).status, 400);
    assert.equal((await api("/api/usage/settings", { method: "PUT", body: { retentionDays: 90 } })).json().retentionDays, 90);
    const keys = (await api("/api/keys")).json().data as { id: string; name: string }[];
    const ci = keys.find((key) => key.name === "ci")!;
    const patched = await api(`/api/keys/${ci.id}`, { method: "PATCH", body: { budget: { dailyUsd: 5, warnAtPercent: 80 } } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json().budget, { dailyUsd: 5, monthlyUsd: null, warnAtPercent: 80 });
    const budgets = (await api("/api/usage/budgets")).json().data;
    assert.equal(budgets.length, 1);
    assert.equal(budgets[0].periods[0].period, "daily");
    assert.equal(budgets[0].periods[0].limitUsd, 5);
  });

  it("rows say their operation; history, logs and exports filter by it and refuse unknown ones", async () => {
    const logs = (await api("/api/usage/logs")).json();
    assert.deepEqual(
      logs.data.map((row: { operation: string; imageCount: number | null }) => [row.operation, row.imageCount]),
      Array.from({ length: 4 }, () => ["generation", null]),
    );
    assert.equal((await api("/api/usage/logs?operation=generation")).json().data.length, 4);
    assert.deepEqual((await api("/api/usage/logs?operation=embedding")).json().data, []);
    assert.equal((await api("/api/usage/history?operation=generation&groupBy=none")).json().totals.requests, 4);
    assert.equal((await api("/api/usage/history?operation=image&groupBy=none")).json().totals.requests, 0);
    for (const path of ["/api/usage/logs?operation=chat", "/api/usage/history?operation=EMBEDDING", "/api/usage/export?operation=images"]) {
      const refused = await api(path);
      assert.equal(refused.status, 400, path);
      assert.deepEqual(refused.json().error.problems, ["operation: must be one of generation, embedding, image"], path);
    }
    const csv = (await api("/api/usage/export?format=csv&operation=generation")).text.trim().split("\r\n");
    const header = csv[0]!.split(",");
    assert.ok(header.includes("operation") && header.includes("image_count"));
    assert.deepEqual(new Set(csv.slice(1).map((line) => line.split(",")[header.indexOf("operation")])), new Set(["generation"]));
    assert.equal(csv.length, 5);
  });

  it("every usage route needs a session", async () => {
    for (const path of ["/api/usage/history", "/api/usage/logs", "/api/usage/up-chat:main", "/api/usage/report", "/api/usage/export", "/api/pricing"]) {
      const response = await request(`${gateway.url}${path}`);
      await response.body.text();
      assert.equal(response.statusCode, 401, path);
    }
  });
});
