// The request log against the real server: ENABLE_REQUEST_LOGS=true stores one entry per request under
// DATA_DIR/logs (metadata, phases, redacted bodies), readable and exportable through /api/usage/request-logs;
// without it the log is off until the setting turns it on.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startWireReplayServer, type WireReplayServer } from "../mock-upstream/wire-replay-server";
import { loginCookie } from "../lib/dashboard-session";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const PASSWORD = "request-logs-password-1";
const CLIENT_KEY = "omr-request-logs-key-0123456789";
const PROMPT_SECRET = "sk-proj-abcdefghijklmnopqrstuvwx0123";
let mock: WireReplayServer;

before(async () => {
  mock = await startWireReplayServer();
});
after(async () => {
  await mock?.close();
});

function configFor(replay: WireReplayServer) {
  return {
    server: { requireApiKey: true },
    security: { allowLocalUpstreams: true },
    apiKeys: [{ name: "ci", key: CLIENT_KEY }],
    providers: [{ id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: replay.openAiBaseUrl, accounts: [{ name: "main", apiKey: "sk-up-0000000000" }] }],
  };
}

async function chat(gateway: OmnirouteProcess, body: Record<string, unknown>, requestId: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}`, "x-request-id": requestId },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

function apiFor(gateway: OmnirouteProcess, cookie: string) {
  return async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = { cookie, origin: gateway.url };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await request(`${gateway.url}${path}`, { method: (init.method ?? "GET") as "GET", headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    const text = await response.body.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the API's JSON
    return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as any };
  };
}

describe("request log with ENABLE_REQUEST_LOGS=true", () => {
  let gateway: OmnirouteProcess;
  let api: ReturnType<typeof apiFor>;
  const answers: Record<string, string> = {};

  before(async () => {
    gateway = await startOmniroute({ env: { INITIAL_PASSWORD: PASSWORD, ENABLE_REQUEST_LOGS: "true" }, config: configFor(mock) });
    api = apiFor(gateway, await loginCookie(gateway.url, PASSWORD));
    const json = await chat(gateway, { model: "up-chat/openai-text", messages: [{ role: "user", content: `my key is ${PROMPT_SECRET}` }] }, "rl-json");
    assert.equal(json.status, 200, json.text);
    answers.json = json.text;
    const stream = await chat(gateway, { model: "up-chat/openai-text", stream: true, messages: [{ role: "user", content: "stream please" }] }, "rl-stream");
    assert.equal(stream.status, 200, stream.text);
    answers.stream = stream.text;
    const refused = await chat(gateway, { model: "nowhere/nothing", messages: [{ role: "user", content: "x" }] }, "rl-error");
    assert.notEqual(refused.status, 200);
  });
  after(async () => {
    await gateway?.dispose();
  });

  it("lists one entry per request, newest first, filterable, and says the log is on because of the environment", async () => {
    const list = await eventually(async () => {
      const page = (await api("/api/usage/request-logs")).json();
      return page.data.length >= 3 ? page : undefined;
    });
    assert.deepEqual(list.data.map((item: { requestId: string }) => item.requestId).sort(), ["rl-error", "rl-json", "rl-stream"]);
    assert.deepEqual({ enabled: list.settings.enabled, enabledBy: list.settings.enabledBy }, { enabled: true, enabledBy: "env" });
    const errors = (await api("/api/usage/request-logs?status=error")).json();
    assert.deepEqual(errors.data.map((item: { requestId: string }) => item.requestId), ["rl-error"]);
    const byProvider = (await api("/api/usage/request-logs?provider=up-chat&limit=1")).json();
    assert.equal(byProvider.data.length, 1);
    assert.ok(byProvider.nextCursor !== null);
    const next = (await api(`/api/usage/request-logs?provider=up-chat&limit=1&cursor=${byProvider.nextCursor}`)).json();
    assert.equal(next.data.length, 1);
    assert.notEqual(next.data[0].requestId, byProvider.data[0].requestId);
    assert.equal((await api("/api/usage/request-logs?status=nope")).status, 400);
  });

  it("a detail holds the metadata, phases and the bodies exactly as exchanged, with secrets redacted", async () => {
    const entry = (await api("/api/usage/request-logs/rl-json")).json();
    assert.equal(entry.status, "ok");
    assert.equal(entry.provider, "up-chat");
    assert.equal(entry.account, "main");
    assert.equal(entry.apiKeyName, "ci");
    assert.equal(entry.bodies, "stored");
    assert.ok(Array.isArray(entry.attemptTrail));
    assert.equal(entry.request.body.model, "up-chat/openai-text");
    assert.equal(entry.request.body.messages[0].content, "my key is [redacted]");
    assert.equal(entry.request.truncated, false);
    assert.deepEqual(entry.response.body, JSON.parse(answers.json!), "the answer as the client got it");
    assert.ok(entry.tokens.input > 0);
    // The seven lifecycle phases: the entry is written a turn after the request ended, so `record` (the request's own
    // bookkeeping: its usage row handed over, its log line) is measured too.
    for (const phase of ["receive", "auth", "route", "translate", "upstream", "stream", "record"]) {
      assert.equal(typeof entry.phases[phase], "number", `${phase}: ${JSON.stringify(entry.phases)}`);
    }
    const stream = (await api("/api/usage/request-logs/rl-stream")).json();
    // The recorded stream is longer than the 64 KB per-body cap: its first 64 KB, as sent, and its full size.
    assert.equal(stream.response.bytes, Buffer.byteLength(answers.stream!));
    assert.equal(stream.response.truncated, true);
    assert.ok(Buffer.byteLength(stream.response.body) > 64 * 1024 - 4 && Buffer.byteLength(stream.response.body) <= 64 * 1024);
    assert.ok(answers.stream!.startsWith(stream.response.body), "the stream's bytes as sent");
    const refused = (await api("/api/usage/request-logs/rl-error")).json();
    assert.equal(refused.status, "error");
    assert.equal(typeof refused.response.body.error.message, "string", "the error answer the client got");
    assert.equal((await api("/api/usage/request-logs/unknown-id")).status, 404);
  });

  it("writes JSONL files under DATA_DIR/logs, readable by the owner only, holding no secret", () => {
    const logsDir = join(gateway.dataDir, "logs");
    const files = readdirSync(logsDir).filter((name) => name.startsWith("requests-"));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^requests-\d{4}-\d{2}-\d{2}-001\.jsonl$/);
    assert.equal((statSync(join(logsDir, files[0]!)).mode & 0o777).toString(8), "600");
    const text = readFileSync(join(logsDir, files[0]!), "utf8");
    assert.equal(text.trim().split("\n").length, 3);
    for (const secret of [PROMPT_SECRET, CLIENT_KEY, "sk-up-0000000000"]) assert.ok(!text.includes(secret), secret);
  });

  it("exports entries as JSONL and CSV", async () => {
    const jsonl = await api("/api/usage/request-logs/export?status=ok");
    assert.equal(jsonl.status, 200);
    assert.match(String(jsonl.headers["content-disposition"]), /omniroute-request-logs-.*\.jsonl/);
    const lines = jsonl.text.trim().split("\n").map((line) => JSON.parse(line) as { requestId: string; request: unknown });
    assert.deepEqual(lines.map((line) => line.requestId).sort(), ["rl-json", "rl-stream"]);
    assert.ok(lines.every((line) => line.request !== null));
    const csv = await api("/api/usage/request-logs/export?format=csv");
    const rows = csv.text.trim().split("\r\n");
    assert.equal(rows[0], "request_id,started_at,status,http_status,provider,model,account,api_key_id,api_key_name,latency_ms,attempts,input_tokens,output_tokens,cost_usd,has_bodies");
    assert.equal(rows.length, 4);
    assert.equal((await api("/api/usage/request-logs/export?format=xml")).status, 400);
  });
});

describe("request log off by default, on through the setting", () => {
  let gateway: OmnirouteProcess;
  let api: ReturnType<typeof apiFor>;

  before(async () => {
    gateway = await startOmniroute({ env: { INITIAL_PASSWORD: PASSWORD }, config: configFor(mock) });
    api = apiFor(gateway, await loginCookie(gateway.url, PASSWORD));
  });
  after(async () => {
    await gateway?.dispose();
  });

  it("keeps nothing while off, then logs from the next request once the setting is on", async () => {
    assert.equal((await chat(gateway, { model: "up-chat/openai-text", messages: [{ role: "user", content: "a" }] }, "off-1")).status, 200);
    const before = (await api("/api/usage/request-logs")).json();
    assert.deepEqual([before.data.length, before.settings.enabled, before.settings.enabledBy], [0, false, "default"]);
    const settings = await api("/api/usage/settings", { method: "PUT", body: { requestLogs: { enabled: true, retentionDays: 3, maxBytes: 8 * 1024 * 1024 } } });
    assert.equal(settings.status, 200, settings.text);
    assert.deepEqual(settings.json().requestLogs.effective.enabled, true);
    assert.equal((await api("/api/usage/settings", { method: "PUT", body: { requestLogs: { enabled: true, retentionDays: 3, maxBytes: 10 } } })).status, 400);
    assert.equal((await chat(gateway, { model: "up-chat/openai-text", messages: [{ role: "user", content: "b" }] }, "on-1")).status, 200);
    const after = await eventually(async () => {
      const page = (await api("/api/usage/request-logs")).json();
      return page.data.length > 0 ? page : undefined;
    });
    assert.deepEqual(after.data.map((item: { requestId: string }) => item.requestId), ["on-1"]);
    assert.equal(after.settings.retentionDays, 3);
  });
});
