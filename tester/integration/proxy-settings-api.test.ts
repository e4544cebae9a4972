// /api/settings/proxy (GET/PUT) and /api/settings/proxy/test (POST) through the real server, behind the dashboard
// session: the stored shape, the password encrypted and never returned or logged, SOCKS5 gated by
// ENABLE_SOCKS5_PROXY, the SSRF guard on test targets — and that what is saved is what the gateway then uses: the
// global proxy, a provider's own over it, and direct again once both are removed (real local proxies).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startHttpProxy, type TestHttpProxy } from "../proxies/http-proxy";
import { startSocks5Server, type TestSocks5Server } from "../proxies/socks5-server";

const PASSWORD = "proxy-settings-dashboard-password";
const CLIENT_KEY = "omr-proxy-settings-key-0123456789";
const PROXY_PASSWORD = "gl0bal-proxy-canary-77";

let mock: OpenAiMock;
let globalProxy: TestHttpProxy;
let providerProxy: TestHttpProxy;
let socks: TestSocks5Server;
let gateway: OmnirouteProcess;
let socksGateway: OmnirouteProcess;
let cookie: string;
let socksCookie: string;

function config() {
  return {
    server: { requireApiKey: true },
    security: { allowLocalUpstreams: true },
    apiKeys: [{ name: "ci", key: CLIENT_KEY }],
    providers: ["openai", "mistral"].map((id) => ({ id, accounts: [{ name: `${id}-main`, apiKey: `sk-${id}`, baseUrl: mock.url }] })),
  };
}

before(async () => {
  mock = await startOpenAiMock();
  globalProxy = await startHttpProxy({ credentials: { username: "team", password: PROXY_PASSWORD } });
  providerProxy = await startHttpProxy();
  socks = await startSocks5Server();
  gateway = await startOmniroute({ env: { INITIAL_PASSWORD: PASSWORD }, config: config() });
  socksGateway = await startOmniroute({ env: { INITIAL_PASSWORD: PASSWORD, ENABLE_SOCKS5_PROXY: "true" }, config: config() });
  cookie = await loginCookie(gateway.url, PASSWORD);
  socksCookie = await loginCookie(socksGateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await socksGateway?.dispose();
  await Promise.all([mock?.close(), globalProxy?.close(), providerProxy?.close(), socks?.close()]);
});

beforeEach(() => {
  mock.reset();
  globalProxy.reset();
  providerProxy.reset();
  socks.reset();
});

async function api(server: OmnirouteProcess, session: string | undefined, method: "GET" | "PUT" | "POST", path: string, body?: unknown) {
  const response = await request(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: server.url, ...(session !== undefined ? { cookie: session } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary JSON
  return { status: response.statusCode, text, json: (text === "" ? undefined : JSON.parse(text)) as any };
}

async function embed(server: OmnirouteProcess, model = "openai/text-embedding-3-small") {
  const response = await request(`${server.url}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify({ model, input: "through which proxy?" }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("/api/settings/proxy", () => {
  it("needs a dashboard session", async () => {
    assert.equal((await api(gateway, undefined, "GET", "/api/settings/proxy")).status, 401);
    assert.equal((await api(gateway, undefined, "PUT", "/api/settings/proxy", { global: null })).status, 401);
    assert.equal((await api(gateway, undefined, "POST", "/api/settings/proxy/test", { proxy: { type: "http", host: "x", port: 1 } })).status, 401);
  });

  it("starts empty", async () => {
    const answer = await api(gateway, cookie, "GET", "/api/settings/proxy");
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { global: null, providers: { openai: null, mistral: null }, socks5Enabled: false });
  });

  it("a saved global proxy carries every provider's calls; its password is stored encrypted and never shown", async () => {
    const saved = await api(gateway, cookie, "PUT", "/api/settings/proxy", {
      global: { type: "http", host: "127.0.0.1", port: globalProxy.port, username: "team", password: PROXY_PASSWORD },
    });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.json.global, { type: "http", host: "127.0.0.1", port: globalProxy.port, username: "team", hasPassword: true });
    assert.doesNotMatch(saved.text, new RegExp(PROXY_PASSWORD));
    assert.doesNotMatch((await api(gateway, cookie, "GET", "/api/settings/proxy")).text, new RegExp(PROXY_PASSWORD));

    for (const model of ["openai/text-embedding-3-small", "mistral/mistral-embed"]) {
      assert.equal((await embed(gateway, model)).status, 200, model);
    }
    assert.deepEqual(
      globalProxy.exchanges.map((exchange) => [exchange.kind, exchange.authorized]),
      [
        ["forward", true],
        ["forward", true],
      ],
    );
    assert.equal(mock.requests.length, 2);
    assert.equal(mock.requests[0]?.headers["proxy-authorization"], undefined);
    assert.equal(readFileSync(join(gateway.dataDir, "db.json"), "utf8").includes(PROXY_PASSWORD), false);
  });

  it("keeps the password when it is left out for the same proxy", async () => {
    const saved = await api(gateway, cookie, "PUT", "/api/settings/proxy", { global: { type: "http", host: "127.0.0.1", port: globalProxy.port, username: "team" } });
    assert.equal(saved.json.global.hasPassword, true);
    assert.equal((await embed(gateway)).status, 200);
    assert.deepEqual(globalProxy.exchanges.map((exchange) => exchange.authorized), [true]);
  });

  it("a provider's own proxy wins over the global one; removing both goes direct", async () => {
    const saved = await api(gateway, cookie, "PUT", "/api/settings/proxy", { providers: { openai: { type: "http", host: "127.0.0.1", port: providerProxy.port } } });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.json.providers.openai, { type: "http", host: "127.0.0.1", port: providerProxy.port, username: null, hasPassword: false });
    assert.equal((await embed(gateway, "openai/text-embedding-3-small")).status, 200);
    assert.equal((await embed(gateway, "mistral/mistral-embed")).status, 200);
    assert.equal(providerProxy.exchanges.length, 1, "openai through its own proxy");
    assert.equal(globalProxy.exchanges.length, 1, "mistral through the global one");

    await api(gateway, cookie, "PUT", "/api/settings/proxy", { global: null, providers: { openai: null } });
    providerProxy.reset();
    globalProxy.reset();
    assert.equal((await embed(gateway)).status, 200);
    assert.equal(providerProxy.exchanges.length + globalProxy.exchanges.length, 0);
    assert.equal(mock.requests.length, 3);
  });

  it("a connection test (/api/providers/{id}/test) goes through the provider's proxy too", async () => {
    await api(gateway, cookie, "PUT", "/api/settings/proxy", { providers: { openai: { type: "http", host: "127.0.0.1", port: providerProxy.port } } });
    const tested = await api(gateway, cookie, "POST", "/api/providers/openai:openai-main/test");
    assert.equal(tested.status, 200, tested.text);
    assert.equal(tested.json.verdict, "ok", tested.text);
    assert.equal(providerProxy.exchanges.length, 1, "the probe went through the provider's proxy");
    assert.equal(mock.requests.length, 1);
    await api(gateway, cookie, "PUT", "/api/settings/proxy", { providers: { openai: null } });
  });

  it("fails closed when the saved proxy is down: 502, nothing reaches the provider", async () => {
    const down = await startHttpProxy();
    await down.close();
    await api(gateway, cookie, "PUT", "/api/settings/proxy", { global: { type: "http", host: "127.0.0.1", port: down.port } });
    const answer = await embed(gateway);
    assert.equal(answer.status, 502);
    assert.equal(JSON.parse(answer.text).error.code, "proxy_failed");
    assert.equal(mock.requests.length, 0);
    await api(gateway, cookie, "PUT", "/api/settings/proxy", { global: null });
  });

  it("refuses bad input, unknown providers and (without ENABLE_SOCKS5_PROXY) SOCKS5 with 400", async () => {
    const cases = [
      { global: { type: "socks5", host: "127.0.0.1", port: socks.port } },
      { global: { type: "http", host: "http://proxy", port: 1 } },
      { global: { type: "http", host: "proxy", port: 70_000 } },
      { providers: { groq: { type: "http", host: "proxy", port: 1 } } },
      { unknown: true },
    ];
    for (const body of cases) {
      const answer = await api(gateway, cookie, "PUT", "/api/settings/proxy", body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json.error.code, "invalid_request");
    }
    assert.match((await api(gateway, cookie, "PUT", "/api/settings/proxy", cases[0])).json.error.message, /ENABLE_SOCKS5_PROXY/);
  });

  it("with ENABLE_SOCKS5_PROXY=true a SOCKS5 proxy is saved and used", async () => {
    const saved = await api(socksGateway, socksCookie, "PUT", "/api/settings/proxy", { global: { type: "socks5", host: "127.0.0.1", port: socks.port } });
    assert.equal(saved.status, 200);
    assert.equal(saved.json.socks5Enabled, true);
    assert.equal((await embed(socksGateway)).status, 200);
    assert.ok(socks.bytesRelayed > 0);
    assert.equal(mock.requests.length, 1);
  });
});

describe("/api/settings/proxy/test", () => {
  it("connects through the proxy to the URL and reports the latency", async () => {
    const answer = await api(gateway, cookie, "POST", "/api/settings/proxy/test", {
      proxy: { type: "http", host: "127.0.0.1", port: globalProxy.port, username: "team", password: PROXY_PASSWORD },
      url: `${mock.url}/models`,
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.ok, true);
    assert.equal(typeof answer.json.latencyMs, "number");
    assert.match(answer.json.message, /HTTP 200/);
    assert.doesNotMatch(answer.text, new RegExp(PROXY_PASSWORD));
    assert.doesNotMatch(answer.text, /"object":"list"/, "the target's body is never echoed");
    assert.deepEqual(globalProxy.exchanges.map((exchange) => exchange.authorized), [true]);
  });

  it("says when the proxy refuses the credentials or is down", async () => {
    const refused = await api(gateway, cookie, "POST", "/api/settings/proxy/test", { proxy: { type: "http", host: "127.0.0.1", port: globalProxy.port, username: "team", password: "wrong" }, url: `${mock.url}/models` });
    assert.equal(refused.json.ok, false);
    assert.match(refused.json.message, /407/);
    const down = await startHttpProxy();
    await down.close();
    const unreachable = await api(gateway, cookie, "POST", "/api/settings/proxy/test", { proxy: { type: "http", host: "127.0.0.1", port: down.port }, url: `${mock.url}/models` });
    assert.equal(unreachable.json.ok, false);
    assert.match(unreachable.json.message, /ECONNREFUSED/);
  });

  it("sends the target through the SSRF guard and SOCKS5 through the flag", async () => {
    const metadata = await api(gateway, cookie, "POST", "/api/settings/proxy/test", { proxy: { type: "http", host: "127.0.0.1", port: providerProxy.port }, url: "http://169.254.169.254/latest/meta-data/" });
    assert.equal(metadata.json.ok, false);
    assert.match(metadata.json.message, /metadata-address/);
    const notHttp = await api(gateway, cookie, "POST", "/api/settings/proxy/test", { proxy: { type: "http", host: "127.0.0.1", port: providerProxy.port }, url: "file:///etc/passwd" });
    assert.equal(notHttp.json.ok, false);
    assert.equal(providerProxy.exchanges.length, 0);
    const socksOff = await api(gateway, cookie, "POST", "/api/settings/proxy/test", { proxy: { type: "socks5", host: "127.0.0.1", port: socks.port }, url: `${mock.url}/models` });
    assert.equal(socksOff.json.ok, false);
    assert.match(socksOff.json.message, /SOCKS5 proxies are disabled/);
    const socksOn = await api(socksGateway, socksCookie, "POST", "/api/settings/proxy/test", { proxy: { type: "socks5", host: "127.0.0.1", port: socks.port }, url: `${mock.url}/models` });
    assert.equal(socksOn.json.ok, true, socksOn.text);
  });
});

describe("secrets", () => {
  it("the proxy password appears in no log, no output and no file but the encrypted store", async () => {
    for (const server of [gateway, socksGateway]) {
      assert.equal(server.stdout().includes(PROXY_PASSWORD), false, "stdout");
      assert.equal(server.stderr().includes(PROXY_PASSWORD), false, "stderr");
      for (const file of filesUnder(server.dataDir)) {
        if (file.endsWith(".sqlite") || file.endsWith("-wal") || file.endsWith("-shm") || file.includes(`${join("secrets", "")}`)) continue;
        assert.equal(readFileSync(file).includes(PROXY_PASSWORD), false, file);
      }
    }
  });
});
