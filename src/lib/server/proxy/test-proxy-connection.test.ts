import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { startHttpProxy, type TestHttpProxy } from "../../../../tester/proxies/http-proxy";
import { testProxyConnection } from "./test-proxy-connection";

let target: http.Server;
let targetUrl: string;
let proxy: TestHttpProxy;

before(async () => {
  target = http.createServer((_request, response) => {
    response.writeHead(401, { "content-type": "application/json" });
    response.end('{"error":"secret internal body"}');
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/v1/models`;
  proxy = await startHttpProxy({ credentials: { username: "u", password: "proxy-pw" } });
});

after(async () => {
  await proxy.close();
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
});

describe("testProxyConnection", () => {
  it("reaches the target through the proxy, with latency, never echoing the target's body or the password", async () => {
    proxy.reset();
    const result = await testProxyConnection({ proxyUrl: proxy.urlWithCredentials(), targetUrl, allowLocal: true, socks5Enabled: false });
    assert.equal(result.ok, true);
    assert.ok(result.latencyMs >= 0);
    assert.match(result.message, /HTTP 401/);
    assert.doesNotMatch(result.message, /secret internal body|proxy-pw/);
    assert.deepEqual(proxy.exchanges.map((exchange) => exchange.authorized), [true]);
  });

  it("says the proxy refused the credentials", async () => {
    const result = await testProxyConnection({ proxyUrl: proxy.url, targetUrl, allowLocal: true, socks5Enabled: false });
    assert.equal(result.ok, false);
    assert.match(result.message, /proxy answered 407/);
  });

  it("says the proxy is unreachable", async () => {
    const down = await startHttpProxy();
    await down.close();
    const result = await testProxyConnection({ proxyUrl: down.url, targetUrl, allowLocal: true, socks5Enabled: false });
    assert.equal(result.ok, false);
    assert.match(result.message, /ECONNREFUSED/);
  });

  it("sends the target through the SSRF guard: metadata always, private targets without allowLocalUpstreams", async () => {
    proxy.reset();
    const metadata = await testProxyConnection({ proxyUrl: proxy.urlWithCredentials(), targetUrl: "http://169.254.169.254/latest/meta-data", allowLocal: true, socks5Enabled: false });
    assert.equal(metadata.ok, false);
    assert.match(metadata.message, /metadata-address/);
    const local = await testProxyConnection({ proxyUrl: proxy.urlWithCredentials(), targetUrl, allowLocal: false, socks5Enabled: false });
    assert.match(local.message, /local-address/);
    const localName = await testProxyConnection({ proxyUrl: proxy.urlWithCredentials(), targetUrl: "http://localhost:9/x", allowLocal: false, socks5Enabled: false });
    assert.match(localName.message, /local-address/);
    assert.equal(proxy.exchanges.length, 0, "nothing went out");
  });

  it("refuses a metadata proxy host and SOCKS5 while it is disabled", async () => {
    assert.match((await testProxyConnection({ proxyUrl: "http://169.254.169.254:80", targetUrl, allowLocal: true, socks5Enabled: false })).message, /proxy address is refused/);
    assert.match((await testProxyConnection({ proxyUrl: "socks5://127.0.0.1:1080", targetUrl, allowLocal: true, socks5Enabled: false })).message, /SOCKS5 proxies are disabled/);
  });
});
