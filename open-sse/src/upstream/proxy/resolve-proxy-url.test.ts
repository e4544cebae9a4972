import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EnvironmentProxies } from "./environment-proxy";
import { resolveProxyUrl } from "./resolve-proxy-url";

const env = { HTTPS_PROXY: "http://env-proxy:3128", NO_PROXY: "direct.example" };

describe("resolveProxyUrl", () => {
  it("takes the account's proxy first, then the combo's, then the provider's (or global), then the environment's", () => {
    const base = { targetUrl: "https://api.openai.com/v1", env };
    assert.equal(
      resolveProxyUrl({ ...base, account: { proxyUrl: "http://account:1" }, combo: { proxyUrl: "http://combo:1" }, provider: { proxyUrl: "http://provider:1" } }),
      "http://account:1",
    );
    assert.equal(resolveProxyUrl({ ...base, account: {}, combo: { proxyUrl: "http://combo:1" }, provider: { proxyUrl: "http://provider:1" } }), "http://combo:1");
    assert.equal(resolveProxyUrl({ ...base, account: {}, combo: undefined, provider: { proxyUrl: "socks5://provider:1080" } }), "socks5://provider:1080");
    assert.equal(resolveProxyUrl({ ...base, account: {}, provider: {} }), "http://env-proxy:3128");
  });

  it("returns undefined (direct) only when nothing is configured and the environment names no proxy", () => {
    assert.equal(resolveProxyUrl({ targetUrl: "https://api.openai.com/v1", env: {} }), undefined);
    assert.equal(resolveProxyUrl({ targetUrl: "https://api.direct.example/v1", env }), undefined);
  });

  it("applies NO_PROXY only to the environment's proxy, never to a configured one", () => {
    assert.equal(resolveProxyUrl({ targetUrl: "https://direct.example/v1", env, provider: { proxyUrl: "http://provider:1" } }), "http://provider:1");
  });

  it("treats blank configured values as absent", () => {
    assert.equal(resolveProxyUrl({ targetUrl: "https://a.example", env: {}, account: { proxyUrl: " " }, combo: { proxyUrl: "http://combo:1" } }), "http://combo:1");
  });

  it("accepts a prepared EnvironmentProxies and reads a plain env object once", () => {
    const prepared = new EnvironmentProxies({ HTTP_PROXY: "http://prepared:1" });
    assert.equal(resolveProxyUrl({ targetUrl: "http://a.example", env: prepared }), "http://prepared:1");
    const raw: Record<string, string | undefined> = { HTTPS_PROXY: "http://once:1" };
    assert.equal(resolveProxyUrl({ targetUrl: "https://b.example", env: raw }), "http://once:1");
    raw.HTTPS_PROXY = "http://changed:1";
    assert.equal(resolveProxyUrl({ targetUrl: "https://b.example", env: raw }), "http://once:1");
  });
});
