import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { createGateway, type Gateway } from "../../open-sse/src/gateway";
import type { AccountRuntime, ComboRuntime, GatewaySnapshot, ProviderRuntime } from "../../open-sse/src/ports";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startHttpProxy, type TestHttpProxy } from "../proxies/http-proxy";
import { startSocks5Server, type TestSocks5Server } from "../proxies/socks5-server";

// The outbound-proxy precedence (account → combo → provider/global → environment) proved with real local proxies:
// each level gets its own HTTP proxy, and a test asserts which one carried the request and that no other did.
// The engine runs in-process so each level can be set directly on the runtime objects and the environment can
// differ per gateway (it is read once, when a gateway is made). The host's part — stored proxies and the global
// one becoming `proxyUrl` — is covered by proxy-settings-api.test.ts against the real server.

const PROXY_PASSWORD = "pr0xy-canary-9f31";
const proxies: Record<"account" | "combo" | "provider" | "env" | "locked", TestHttpProxy> = {} as never;
let socks: TestSocks5Server;
let mock: OpenAiMock;
let downProxyUrl: string;
const logged: string[] = [];
const servers: { gateway: Gateway; server: Server }[] = [];

function account(id: string, proxyUrl?: string): AccountRuntime {
  return { id, name: id, apiKey: `sk-${id}`, baseUrl: mock.url, priority: 0, ...(proxyUrl !== undefined ? { proxyUrl } : {}) };
}

function provider(id: string, options: { proxyUrl?: string; accountProxyUrl?: string } = {}): ProviderRuntime {
  return {
    id,
    displayName: id,
    apiFormat: "openai-chat",
    models: ["m", "text-embedding-3-small"],
    strategy: "priority",
    accounts: [account(`${id}-key`, options.accountProxyUrl)],
    ...(options.proxyUrl !== undefined ? { proxyUrl: options.proxyUrl } : {}),
  };
}

function snapshot(): GatewaySnapshot {
  const providers = [
    provider("with-account-proxy", { accountProxyUrl: proxies.account.url, proxyUrl: proxies.provider.url }),
    provider("with-provider-proxy", { proxyUrl: proxies.provider.url }),
    provider("direct"),
    provider("proxy-down", { proxyUrl: downProxyUrl }),
    provider("socks", { proxyUrl: socks.url }),
    provider("locked", { accountProxyUrl: proxies.locked.urlWithCredentials() }),
    provider("locked-wrong", { accountProxyUrl: proxies.locked.urlWithCredentials().replace(encodeURIComponent(PROXY_PASSWORD), "wrong") }),
  ];
  const combos = new Map<string, ComboRuntime>([
    ["via-combo", { models: ["direct/m"], strategy: "priority", proxyUrl: proxies.combo.url }],
    ["combo-over-provider", { models: ["with-provider-proxy/m"], strategy: "priority", proxyUrl: proxies.combo.url }],
    ["account-over-combo", { models: ["with-account-proxy/m"], strategy: "priority", proxyUrl: proxies.combo.url }],
  ]);
  return {
    settings: { requireApiKey: false, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 3_000, idleTimeoutMs: 3_000 },
    providers: new Map(providers.map((entry) => [entry.id, entry])),
    clientKeys: [],
    combos,
  };
}

/** A gateway made while `env` is the process environment (it is read once, at creation). */
async function startGateway(env: Record<string, string>): Promise<string> {
  const saved = { ...process.env };
  for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy", "ENABLE_SOCKS5_PROXY"]) delete process.env[key];
  Object.assign(process.env, env);
  const config = snapshot();
  const gateway = createGateway({
    config: { getSnapshot: () => config },
    usage: { record: (row) => logged.push(JSON.stringify({ ...row, estimateInputTokens: undefined })) },
    logger: {
      request: (line) => logged.push(JSON.stringify(line)),
      warn: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
      error: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
    },
  });
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  const server = createServer((request, response) => gateway.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ gateway, server });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let plain: string;
let withEnvProxy: string;
let withEnvAndNoProxy: string;
let withSocks: string;

before(async () => {
  mock = await startOpenAiMock();
  proxies.account = await startHttpProxy();
  proxies.combo = await startHttpProxy();
  proxies.provider = await startHttpProxy();
  proxies.env = await startHttpProxy();
  proxies.locked = await startHttpProxy({ credentials: { username: "gw", password: PROXY_PASSWORD } });
  socks = await startSocks5Server();
  const down = await startHttpProxy();
  downProxyUrl = down.url;
  await down.close();
  plain = await startGateway({});
  withEnvProxy = await startGateway({ HTTP_PROXY: proxies.env.url, HTTPS_PROXY: proxies.env.url });
  withEnvAndNoProxy = await startGateway({ http_proxy: proxies.env.url, no_proxy: "localhost,127.0.0.1" });
  withSocks = await startGateway({ ENABLE_SOCKS5_PROXY: "true" });
});

after(async () => {
  for (const { gateway, server } of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gateway.close();
  }
  await Promise.all([...Object.values(proxies).map((proxy) => proxy.close()), socks.close(), mock.close()]);
});

beforeEach(() => {
  mock.reset();
  socks.reset();
  for (const proxy of Object.values(proxies)) proxy.reset();
  logged.length = 0;
});

async function embed(gateway: string, model: string) {
  const response = await fetch(`${gateway}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, input: "route me" }),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function chat(gateway: string, model: string) {
  const response = await fetch(`${gateway}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, text: await response.text() };
}

/** Which proxies carried anything (by name), and what the SOCKS server tunnelled. */
function carriers(): string[] {
  const used = Object.entries(proxies)
    .filter(([, proxy]) => proxy.exchanges.length > 0)
    .map(([name]) => name);
  if (socks.bytesRelayed > 0) used.push("socks");
  return used;
}

function onlyThrough(name: string | null, upstreamCalls = 1): void {
  assert.deepEqual(carriers(), name === null ? [] : [name]);
  assert.equal(mock.requests.length, upstreamCalls, "the mock upstream saw the call");
  if (name !== null && name !== "socks") {
    const exchanges = proxies[name as keyof typeof proxies].exchanges;
    assert.ok(exchanges.every((exchange) => exchange.kind === "forward" && exchange.target.startsWith(mock.origin)), JSON.stringify(exchanges));
  }
}

for (const [label, send] of [
  ["embeddings", embed],
  ["chat", chat],
] as const) {
  describe(`outbound proxy precedence (${label})`, () => {
    it("the account's own proxy comes first (before the provider's)", async () => {
      assert.equal((await send(plain, "with-account-proxy/m")).status, 200);
      onlyThrough("account");
    });

    it("then the combo's (before the provider's)", async () => {
      assert.equal((await send(plain, "via-combo")).status, 200);
      onlyThrough("combo");
      proxies.combo.reset();
      mock.reset();
      assert.equal((await send(plain, "combo-over-provider")).status, 200);
      onlyThrough("combo");
    });

    it("an account's proxy beats its combo's", async () => {
      assert.equal((await send(plain, "account-over-combo")).status, 200);
      onlyThrough("account");
    });

    it("then the provider's (where the host also puts the global proxy)", async () => {
      assert.equal((await send(plain, "with-provider-proxy/m")).status, 200);
      onlyThrough("provider");
    });

    it("then the environment's HTTP_PROXY; a configured proxy still wins over it", async () => {
      assert.equal((await send(withEnvProxy, "direct/m")).status, 200);
      onlyThrough("env");
      proxies.env.reset();
      mock.reset();
      assert.equal((await send(withEnvProxy, "with-provider-proxy/m")).status, 200);
      onlyThrough("provider");
    });

    it("NO_PROXY sends matching targets direct; nothing configured is direct", async () => {
      assert.equal((await send(withEnvAndNoProxy, "direct/m")).status, 200);
      onlyThrough(null);
      mock.reset();
      assert.equal((await send(plain, "direct/m")).status, 200);
      onlyThrough(null);
    });

    it("fails closed: a proxy that is down is a 502 proxy_failed and the upstream sees nothing", async () => {
      const answer = await send(plain, "proxy-down/m");
      assert.equal(answer.status, 502);
      const error = JSON.parse(answer.text).error;
      assert.equal(error.code, "proxy_failed");
      assert.match(error.message, new RegExp(downProxyUrl.replace(/[.:/]/g, "\\$&")));
      assert.match(error.message, /not sent directly/);
      assert.equal(mock.requests.length, 0);
    });

    it("SOCKS5 only with ENABLE_SOCKS5_PROXY=true; otherwise a 502 and nothing sent", async () => {
      const refused = await send(plain, "socks/m");
      assert.equal(refused.status, 502);
      assert.match(JSON.parse(refused.text).error.message, /SOCKS5 proxies are disabled/);
      assert.equal(mock.requests.length, 0);
      assert.equal(socks.bytesRelayed, 0);
      assert.equal((await send(withSocks, "socks/m")).status, 200);
      onlyThrough("socks");
      // The tunnel is kept alive and reused by later requests, so at most one was opened, to the mock.
      assert.ok(socks.tunnels.every((tunnel) => tunnel.host === "127.0.0.1" && tunnel.port === mock.port));
    });

    it("sends proxy credentials as Proxy-Authorization, never upstream, never in a log line or an answer", async () => {
      const answer = await send(plain, "locked/m");
      assert.equal(answer.status, 200);
      assert.deepEqual(proxies.locked.exchanges.map((exchange) => exchange.authorized), [true]);
      assert.equal(mock.requests[0]?.headers["proxy-authorization"], undefined);
      const refused = await send(plain, "locked-wrong/m");
      assert.equal(refused.status, 502);
      assert.match(JSON.parse(refused.text).error.message, /the proxy answered 407/);
      for (const text of [answer.text, refused.text, ...logged]) {
        assert.doesNotMatch(text, new RegExp(PROXY_PASSWORD), "the proxy password leaked");
        assert.doesNotMatch(text, /gw:/, "the proxy user:password pair leaked");
      }
    });
  });
}

describe("outbound proxy: images", () => {
  it("image generation goes through the same precedence", async () => {
    const response = await fetch(`${plain}/v1/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "via-combo", prompt: "a lighthouse" }),
    });
    assert.equal(response.status, 200);
    onlyThrough("combo");
  });
});
