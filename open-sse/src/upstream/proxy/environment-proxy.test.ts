import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EnvironmentProxies } from "./environment-proxy";

describe("EnvironmentProxies", () => {
  it("uses HTTPS_PROXY for https targets and HTTP_PROXY for http ones", () => {
    const env = new EnvironmentProxies({ HTTPS_PROXY: "http://secure-proxy:3128", HTTP_PROXY: "http://plain-proxy:3128" });
    assert.equal(env.proxyFor("https://api.openai.com/v1"), "http://secure-proxy:3128");
    assert.equal(env.proxyFor("http://10.0.0.5:11434/v1"), "http://plain-proxy:3128");
  });

  it("prefers the lower-case spelling, and falls back to ALL_PROXY", () => {
    const env = new EnvironmentProxies({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2", ALL_PROXY: "socks5://all:1080" });
    assert.equal(env.proxyFor("https://api.x.ai/v1"), "http://lower:1");
    assert.equal(env.proxyFor("http://example.com"), "socks5://all:1080");
    const allOnly = new EnvironmentProxies({ all_proxy: "http://all-lower:9", ALL_PROXY: "http://all-upper:9" });
    assert.equal(allOnly.proxyFor("https://api.x.ai/v1"), "http://all-lower:9");
  });

  it("honours NO_PROXY (lower-case first) and its ports", () => {
    const env = new EnvironmentProxies({ HTTPS_PROXY: "http://p:1", HTTP_PROXY: "http://p:1", NO_PROXY: "internal.example, 127.0.0.1:9000", no_proxy: "" });
    assert.equal(env.proxyFor("https://llm.internal.example/v1"), undefined);
    assert.equal(env.proxyFor("http://127.0.0.1:9000/v1"), undefined);
    assert.equal(env.proxyFor("http://127.0.0.1:9001/v1"), "http://p:1");
    assert.equal(env.proxyFor("https://api.openai.com"), "http://p:1");
    const lower = new EnvironmentProxies({ HTTPS_PROXY: "http://p:1", no_proxy: "openai.com", NO_PROXY: "*" });
    assert.equal(lower.proxyFor("https://api.openai.com"), undefined);
    assert.equal(lower.proxyFor("https://api.x.ai"), "http://p:1");
  });

  it("counts the default port of the scheme for NO_PROXY entries with a port", () => {
    const env = new EnvironmentProxies({ HTTPS_PROXY: "http://p:1", NO_PROXY: "api.openai.com:443" });
    assert.equal(env.proxyFor("https://api.openai.com/v1"), undefined);
    assert.equal(env.proxyFor("https://api.openai.com:8443/v1"), "http://p:1");
  });

  it("reads a proxy without a scheme as an HTTP proxy, and ignores blank variables", () => {
    const env = new EnvironmentProxies({ HTTPS_PROXY: "proxy.corp:3128", HTTP_PROXY: "   " });
    assert.equal(env.proxyFor("https://api.openai.com"), "http://proxy.corp:3128");
    assert.equal(env.proxyFor("http://api.openai.com"), undefined);
    assert.equal(new EnvironmentProxies({}).configured, false);
  });

  it("reads the environment once: later changes to the object do not matter", () => {
    const raw: Record<string, string | undefined> = { HTTPS_PROXY: "http://first:1" };
    const env = new EnvironmentProxies(raw);
    raw.HTTPS_PROXY = "http://second:2";
    assert.equal(env.proxyFor("https://a.example"), "http://first:1");
  });
});
