import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../open-sse/src/core/gateway-error";
import { ClientAbort } from "../../open-sse/src/http/client-abort";
import { callUpstream, transportFailure, UpstreamPools } from "../../open-sse/src/upstream/upstream-http";
import { startHttpProxy, type TestHttpProxy } from "./http-proxy";
import { startSocks5Server, type TestSocks5Server } from "./socks5-server";

// The proxies against the engine's real proxied call path (upstream-http.ts → undici ProxyAgent / Socks5ProxyAgent).

let target: http.Server;
let targetUrl: string;
let hits = 0;
let openProxy: TestHttpProxy;
let lockedProxy: TestHttpProxy;
let socks: TestSocks5Server;
let lockedSocks: TestSocks5Server;

before(async () => {
  target = http.createServer((request, response) => {
    hits++;
    const body = JSON.stringify({ path: request.url, sawProxyAuth: request.headers["proxy-authorization"] !== undefined });
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/v1`;
  openProxy = await startHttpProxy();
  lockedProxy = await startHttpProxy({ credentials: { username: "alice", password: "pa:ss@word" } });
  socks = await startSocks5Server();
  lockedSocks = await startSocks5Server({ credentials: { username: "bob", password: "s0cks-secret" } });
});

after(async () => {
  await Promise.all([openProxy.close(), lockedProxy.close(), socks.close(), lockedSocks.close()]);
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
});

function call(pools: UpstreamPools, proxyUrl: string | undefined) {
  return callUpstream({
    pools,
    baseUrl: targetUrl,
    path: "/embeddings",
    headers: { "content-type": "application/json" },
    body: Buffer.from("{}"),
    abort: new ClientAbort(),
    firstByteTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    proxyUrl,
  });
}

describe("test proxies carrying the engine's proxied calls", () => {
  it("forwards http targets through the HTTP proxy (absolute URI), reusing one agent per proxy", async () => {
    const pools = new UpstreamPools({ env: {} });
    openProxy.reset();
    for (let index = 0; index < 3; index++) {
      const answer = await call(pools, openProxy.url);
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(await answer.body.json(), { path: "/v1/embeddings", sawProxyAuth: false });
    }
    assert.deepEqual(openProxy.exchanges.map((exchange) => [exchange.kind, exchange.target]), Array(3).fill(["forward", `${targetUrl}/embeddings`]));
    assert.equal(pools.proxied(openProxy.url), pools.proxied(openProxy.url));
    await pools.close();
  });

  it("sends credentials from the proxy URL as Proxy-Authorization, and never on to the target", async () => {
    const pools = new UpstreamPools({ env: {} });
    lockedProxy.reset();
    const answer = await call(pools, lockedProxy.urlWithCredentials());
    assert.deepEqual(await answer.body.json(), { path: "/v1/embeddings", sawProxyAuth: false });
    assert.deepEqual(lockedProxy.exchanges.map((exchange) => exchange.authorized), [true]);
    await pools.close();
  });

  it("fails closed with a 502 naming the proxy (not its password) when the proxy refuses the credentials", async () => {
    const pools = new UpstreamPools({ env: {} });
    const before = hits;
    const wrong = lockedProxy.urlWithCredentials().replace("pa%3Ass%40word", "nope");
    const error = await call(pools, wrong).then(
      () => assert.fail("expected a failure"),
      (failure: unknown) => transportFailure(failure, "openai"),
    );
    assert.equal(error.status, 502);
    assert.equal(error.code, "proxy_failed");
    assert.match(error.publicMessage, new RegExp(`http://127\\.0\\.0\\.1:${lockedProxy.port}`));
    assert.doesNotMatch(error.publicMessage, /alice|nope/);
    assert.equal(hits, before, "the target was never reached");
    await pools.close();
  });

  it("fails closed when the proxy is down: nothing reaches the target", async () => {
    const pools = new UpstreamPools({ env: {} });
    const down = await startHttpProxy();
    await down.close();
    const before = hits;
    const error = await call(pools, down.url).then(
      () => assert.fail("expected a failure"),
      (failure: unknown) => transportFailure(failure, "openai"),
    );
    assert.equal(error.code, "proxy_failed");
    assert.match(error.publicMessage, /ECONNREFUSED/);
    assert.equal(hits, before);
    await pools.close();
  });

  it("tunnels through SOCKS5 (with RFC 1929 auth) only when ENABLE_SOCKS5_PROXY=true", async () => {
    const enabled = new UpstreamPools({ env: { ENABLE_SOCKS5_PROXY: "true" } });
    socks.reset();
    lockedSocks.reset();
    assert.equal((await call(enabled, socks.url)).statusCode, 200);
    assert.equal((await call(enabled, lockedSocks.urlWithCredentials())).statusCode, 200);
    assert.deepEqual(socks.tunnels.map((tunnel) => [tunnel.host, tunnel.username]), [["127.0.0.1", null]]);
    assert.deepEqual(lockedSocks.tunnels.map((tunnel) => tunnel.username), ["bob"]);
    await enabled.close();

    const disabled = new UpstreamPools({ env: {} });
    const before = hits;
    const error = await call(disabled, socks.url).then(
      () => assert.fail("expected a failure"),
      (failure: unknown) => transportFailure(failure, "openai"),
    );
    assert.ok(GatewayError.isInstance(error));
    assert.equal(error.status, 502);
    assert.match(error.publicMessage, /SOCKS5 proxies are disabled/);
    assert.equal(hits, before);
    assert.equal(socks.tunnels.length, 1);
    await disabled.close();
  });
});
