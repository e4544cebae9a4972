import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeProxy, ProxiedCallError, proxyFailure, unusableProxy } from "./proxy-failure";

describe("proxy failures", () => {
  it("describes a proxy without its user name or password", () => {
    assert.equal(describeProxy("http://alice:s3cr%40t@proxy.corp:8080"), "http://proxy.corp:8080");
    assert.equal(describeProxy("socks5://u:p@[::1]:1080"), "socks5://[::1]:1080");
    assert.equal(describeProxy("https://proxy.corp"), "https://proxy.corp");
    assert.equal(describeProxy("not a url"), "(unparseable proxy URL)");
  });

  it("turns a refused connection into a 502 proxy_failed naming the proxy and the code, never the secret", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = proxyFailure(new ProxiedCallError(refused, "http://bob:hunter2@127.0.0.1:9"), "openai");
    assert.equal(error.status, 502);
    assert.equal(error.code, "proxy_failed");
    assert.match(error.publicMessage, /http:\/\/127\.0\.0\.1:9/);
    assert.match(error.publicMessage, /ECONNREFUSED/);
    assert.match(error.publicMessage, /not sent directly/);
    assert.doesNotMatch(error.publicMessage, /hunter2|bob/);
  });

  it("reports the status a proxy answered a tunnel with", () => {
    const refusedTunnel = new Error("Proxy response (407) !== 200 when HTTP Tunneling");
    const error = proxyFailure(new ProxiedCallError(refusedTunnel, "http://proxy:3128"), "xai");
    assert.match(error.publicMessage, /the proxy answered 407/);
  });

  it("keeps the cause's code so that timeouts still classify as timeouts", () => {
    const timeout = Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" });
    assert.equal(new ProxiedCallError(timeout, "http://p:1").code, "UND_ERR_HEADERS_TIMEOUT");
  });

  it("names an unusable proxy without its password", () => {
    const error = unusableProxy("socks5://u:pw@proxy:1080", "SOCKS5 proxies are disabled (set ENABLE_SOCKS5_PROXY=true)");
    assert.equal(error.status, 502);
    assert.match(error.publicMessage, /socks5:\/\/proxy:1080 cannot be used: SOCKS5 proxies are disabled/);
    assert.doesNotMatch(error.publicMessage, /pw/);
  });
});
