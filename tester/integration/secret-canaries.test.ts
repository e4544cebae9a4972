// TESTPLAN #25/#26: canary secrets. Unique canaries are planted everywhere a secret can enter the gateway (the
// config file's provider and client keys, every credential-bearing header, `?key=`, key-shaped strings in the
// body), the success and every failure path is driven, and then stdout, stderr and every byte under DATA_DIR
// (db.json, SQLite and its -wal, backups/, logs/; secrets/ holds keys by design) are searched for each canary.
// Zero matches is the only pass. Request bodies are stored nowhere, so a body canary must not appear either.
//
// Most canaries deliberately do NOT look like keys (no sk-/Bearer/key= shape), so the logger's last-line regex
// redaction cannot hide a structural leak: only not writing the value at all passes.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { readUsageRows } from "../lib/read-usage-rows";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const hex = () => randomBytes(12).toString("hex");
const canaries = {
  providerKey: `sk-canaryprovider${hex()}`,
  deadProviderKey: `canarydeadprovider${hex()}`,
  clientKey: `canaryclient${hex()}`,
  wrongBearer: `canarywrongbearer${hex()}`,
  wrongXApiKey: `canaryxapikey${hex()}`,
  wrongGoogKey: `canarygoogkey${hex()}`,
  apiKeyHeader: `canaryapikeyheader${hex()}`,
  cookie: `canarycookie${hex()}`,
  queryKey: `canaryquery${hex()}`,
  geminiQueryKey: `AIzaCanaryGeminiQuery${hex()}`,
  bodySk: `sk-proj-canarybody${hex()}`,
  bodyAiza: `AIzaSyCanaryBody${hex()}`,
  modelField: `sk-canarymodel${hex()}`,
  requestIdHeader: `sk-canaryrequestid${hex()}`,
} as const;
type CanaryName = keyof typeof canaries;

/** Every file under `directory` except secrets/ (which holds keys by design). */
function filesUnder(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "secrets") found.push(...filesUnder(path));
    } else if (entry.isFile()) found.push(path);
  }
  return found;
}

let mock: OpenAiMock;
let gateway: OmnirouteProcess;
/** Bodies and headers the gateway answered with, kept for the response-side checks. */
const responses: { label: string; status: number; text: string; headers: string }[] = [];

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      limits: { firstByteTimeoutMs: 300, idleTimeoutMs: 300 },
      apiKeys: [{ name: "canary-client", key: canaries.clientKey }],
      providers: [
        { id: "openai", accounts: [{ name: "main", apiKey: canaries.providerKey, baseUrl: mock.url }] },
        // A 400 that echoes the key reads as an auth failure, and a 401 marks its account auth-failed: each gets
        // its own provider (same mock, same key) so the later paths still reach the upstream.
        { id: "echo", type: "openai-compatible", baseUrl: mock.url, models: ["gpt-4o"], accounts: [{ name: "e", apiKey: canaries.providerKey }] },
        { id: "revoked", type: "openai-compatible", baseUrl: mock.url, models: ["gpt-4o"], accounts: [{ name: "r", apiKey: canaries.providerKey }] },
        // Nothing listens on port 1: the network-failure path, with its own key.
        { id: "dead", type: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1", models: ["m"], accounts: [{ name: "d", apiKey: canaries.deadProviderKey }] },
      ],
      combos: [{ name: "dead-then-live", models: ["dead/m", "openai/gpt-4o"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

const validAuth = () => ({ authorization: `Bearer ${canaries.clientKey}` });
/** Credential-looking headers a client may send besides its key; none of them may be written anywhere. */
const extraSecretHeaders = () => ({ "api-key": canaries.apiKeyHeader, cookie: `session=${canaries.cookie}; theme=dark` });
const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: "openai/gpt-4o",
    messages: [
      { role: "system", content: `use ${canaries.bodySk} for the tool` },
      { role: "user", content: `my gemini key is ${canaries.bodyAiza}` },
    ],
    ...extra,
  });

async function send(label: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; abortAfterFirstChunk?: boolean } = {}) {
  const controller = new AbortController();
  try {
    const response = await request(`${gateway.url}${path}`, {
      method: (options.method ?? (options.body === undefined ? "GET" : "POST")) as "GET" | "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: options.body,
      signal: controller.signal,
    });
    let text = "";
    for await (const chunk of response.body) {
      text += chunk.toString();
      if (options.abortAfterFirstChunk) {
        controller.abort();
        break;
      }
    }
    responses.push({ label, status: response.statusCode, text, headers: JSON.stringify(response.headers) });
    return response.statusCode;
  } catch (error) {
    if (options.abortAfterFirstChunk) return 0;
    throw error;
  }
}

describe("canary secrets never reach stdout, stderr, logs or any file in DATA_DIR", () => {
  it("drives success, 4xx, upstream 4xx/5xx/401, timeout, network failure and client abort", async () => {
    // Success, JSON and stream, with every extra secret-bearing input at once.
    assert.equal(await send("ok json", `/v1/chat/completions?key=${canaries.queryKey}`, { headers: { ...validAuth(), ...extraSecretHeaders() }, body: chatBody() }), 200);
    assert.equal(await send("ok stream", `/v1/chat/completions?key=${canaries.queryKey}&alt=sse`, { headers: { ...validAuth(), ...extraSecretHeaders() }, body: chatBody({ stream: true }) }), 200);

    // Wrong client keys, one per header a client SDK uses, and ?key= alone (Gemini clients).
    assert.equal(await send("wrong bearer", "/v1/chat/completions", { headers: { authorization: `Bearer ${canaries.wrongBearer}`, ...extraSecretHeaders() }, body: chatBody() }), 401);
    assert.equal(await send("wrong x-api-key", "/v1/chat/completions", { headers: { "x-api-key": canaries.wrongXApiKey }, body: chatBody() }), 401);
    assert.equal(await send("wrong x-goog-api-key", "/v1/chat/completions", { headers: { "x-goog-api-key": canaries.wrongGoogKey }, body: chatBody() }), 401);
    const queryOnly = await send("query key only", `/v1/chat/completions?key=${canaries.queryKey}`, { body: chatBody() });
    assert.ok([200, 401].includes(queryOnly), `?key= alone answered ${queryOnly}`);
    // Gemini-shaped paths carry ?key= by convention; whatever they answer, the query must not be logged.
    await send("gemini path", `/v1beta/models/gemini-2.0-flash:generateContent?key=${canaries.geminiQueryKey}`, { body: chatBody() });
    await send("models", `/v1/models?key=${canaries.queryKey}`, { headers: validAuth() });
    // Dashboard and /api paths go to Next; the query must not surface there either.
    await send("health", `/api/health?key=${canaries.queryKey}`);
    await send("dashboard", `/dashboard?key=${canaries.queryKey}`, { headers: { cookie: `auth_token=${canaries.cookie}` } });

    // Request errors: invalid JSON (with canaries inside), unknown model, a key pasted into the model field.
    assert.equal(await send("bad json", "/v1/chat/completions", { headers: validAuth(), body: `{"model":"openai/gpt-4o","messages":[{"content":"${canaries.bodySk} ${canaries.bodyAiza}"` }), 400);
    assert.equal(await send("unknown model", `/v1/chat/completions?key=${canaries.queryKey}`, { headers: validAuth(), body: chatBody({ model: "nope/unknown-model" }) }), 400);
    const pastedKey = await send("key as model", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ model: canaries.modelField }) });
    assert.ok(pastedKey >= 400 && pastedKey < 500);
    // A key pasted into x-request-id: ids are echoed, logged and stored, so a key-shaped one is replaced.
    assert.equal(await send("key as request id", "/v1/chat/completions", { headers: { ...validAuth(), "x-request-id": canaries.requestIdHeader }, body: chatBody() }), 200);

    // Upstream failures: an echoing 400 (as OpenAI does for bad keys), 401, 500, a stall past the timeout.
    mock.enqueue({ kind: "status", status: 400, body: { error: { message: `Incorrect API key provided: ${canaries.providerKey}. Body had ${canaries.bodySk}`, type: "invalid_request_error", code: null } } });
    assert.equal(await send("upstream 400 echo", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ model: "echo/gpt-4o" }) }), 400);
    mock.enqueue({ kind: "status", status: 401, body: { error: { message: `Incorrect API key provided: ${canaries.providerKey}`, type: "invalid_request_error", code: "invalid_api_key" } } });
    assert.equal(await send("upstream 401", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ model: "revoked/gpt-4o" }) }), 502);
    mock.enqueue({ kind: "status", status: 500, body: `internal failure for key ${canaries.providerKey}` });
    assert.equal(await send("upstream 500", "/v1/chat/completions", { headers: validAuth(), body: chatBody() }), 502);
    mock.enqueue({ kind: "stall" });
    assert.equal(await send("upstream timeout", "/v1/chat/completions", { headers: validAuth(), body: chatBody() }), 504);
    // A dead first combo member (ECONNREFUSED), then the live one.
    assert.equal(await send("network failure then fallback", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ model: "dead-then-live" }) }), 200);
    assert.ok((await send("network failure", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ model: "dead/m" }) })) >= 500);
    // Mid-stream: the upstream goes silent after two chunks (idle timeout), and a client that walks away.
    mock.enqueue({ kind: "stall", afterChunks: 2 });
    assert.equal(await send("stream idle timeout", "/v1/chat/completions", { headers: validAuth(), body: chatBody({ stream: true }) }), 200);
    mock.enqueue({ kind: "stream", chunks: 30, delayMs: 40 });
    await send("client abort", `/v1/chat/completions?key=${canaries.queryKey}`, { headers: { ...validAuth(), ...extraSecretHeaders() }, body: chatBody({ stream: true }), abortAfterFirstChunk: true });
    await mock.waitFor((requests) => requests.every((recorded) => recorded.outcome !== "pending"), 5_000);

    // The upstream did get the provider key (so the canary really went through the request path)…
    assert.ok(mock.requests.some((recorded) => recorded.headers.authorization === `Bearer ${canaries.providerKey}`));
    // …and never a client credential or the query string.
    for (const recorded of mock.requests) {
      const seen = `${recorded.path} ${JSON.stringify(recorded.headers)}`;
      for (const name of ["clientKey", "apiKeyHeader", "cookie", "queryKey"] as const) {
        assert.ok(!seen.includes(canaries[name]), `the upstream received the client's ${name}`);
      }
    }
  });

  it("leaves zero canaries in stdout, stderr, db.json, SQLite, -wal, backups and logs", async () => {
    // A clean stop flushes the usage batch and the log buffer, so the files hold everything they ever will.
    assert.equal(await gateway.stop(), 0);
    const haystacks: { where: string; bytes: Buffer }[] = [
      { where: "stdout", bytes: Buffer.from(gateway.stdout()) },
      { where: "stderr", bytes: Buffer.from(gateway.stderr()) },
    ];
    const files = filesUnder(gateway.dataDir);
    for (const file of files) haystacks.push({ where: relative(gateway.dataDir, file), bytes: readFileSync(file) });
    assert.ok(files.some((file) => file.endsWith("db.json")) && files.some((file) => file.endsWith(".sqlite")));
    assert.ok(files.some((file) => file.includes(`logs`) && statSync(file).size > 0), "the request log was written");

    const leaks: string[] = [];
    for (const [name, value] of Object.entries(canaries) as [CanaryName, string][]) {
      const needles = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
      for (const { where, bytes } of haystacks) {
        if (needles.some((needle) => bytes.includes(needle))) leaks.push(`${name} in ${where}`);
      }
    }
    assert.deepEqual(leaks, [], "canaries found");

    // ?key= never reaches a log line: the request lines carry the path without its query.
    const logText = haystacks.filter(({ where }) => where.startsWith("logs")).map(({ bytes }) => bytes.toString()).join("");
    const requestLines = logText.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { msg: string; path?: string }).filter((line) => line.msg === "request");
    assert.ok(requestLines.length >= 15, `${requestLines.length} request lines logged`);
    for (const line of requestLines) assert.ok(!line.path?.includes("?") && !line.path?.includes("key="), `logged path ${line.path}`);
    assert.doesNotMatch(gateway.stdout() + gateway.stderr(), /[?&]key=/);
    for (const row of readUsageRows(gateway.dataDir)) assert.ok(!JSON.stringify(row).includes("?"), `usage row ${row.request_id} carries a query`);
  });

  it("answers clients without the provider key or upstream URL, on every path", () => {
    const upstreamHost = new URL(mock.url).host;
    for (const response of responses) {
      const seen = `${response.headers} ${response.text}`;
      assert.ok(!seen.includes(canaries.providerKey), `${response.label}: the provider key reached the client`);
      assert.ok(!seen.includes(canaries.deadProviderKey), `${response.label}: a provider key reached the client`);
      assert.ok(!seen.includes(upstreamHost), `${response.label}: the upstream URL reached the client`);
      assert.ok(!seen.includes(canaries.clientKey), `${response.label}: the client key was echoed`);
    }
  });
});
