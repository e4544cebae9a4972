import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNoProxy } from "./no-proxy-list";

describe("parseNoProxy", () => {
  it("matches a name, its subdomains and nothing that merely ends with the same letters", () => {
    const list = parseNoProxy("example.com");
    assert.equal(list.bypasses("example.com", 443), true);
    assert.equal(list.bypasses("api.example.com", 443), true);
    assert.equal(list.bypasses("API.Example.COM.", 80), true);
    assert.equal(list.bypasses("badexample.com", 443), false);
    assert.equal(list.bypasses("example.org", 443), false);
  });

  it("reads `.example.com` and `*.example.com` as the same suffix rule", () => {
    for (const spelling of [".internal.net", "*.internal.net"]) {
      const list = parseNoProxy(spelling);
      assert.equal(list.bypasses("a.internal.net", 443), true, spelling);
      assert.equal(list.bypasses("internal.net", 443), true, spelling);
      assert.equal(list.bypasses("xinternal.net", 443), false, spelling);
    }
  });

  it("restricts an entry with a port to that port", () => {
    const list = parseNoProxy("localhost:8080, 127.0.0.1:9000");
    assert.equal(list.bypasses("localhost", 8080), true);
    assert.equal(list.bypasses("localhost", 8081), false);
    assert.equal(list.bypasses("127.0.0.1", 9000), true);
    assert.equal(list.bypasses("127.0.0.1", 80), false);
  });

  it("matches IP literals exactly, IPv6 with or without brackets", () => {
    const list = parseNoProxy("10.0.0.1,::1,[fd00::2]:8443");
    assert.equal(list.bypasses("10.0.0.1", 80), true);
    assert.equal(list.bypasses("110.0.0.1", 80), false);
    assert.equal(list.bypasses("[::1]", 443), true);
    assert.equal(list.bypasses("::1", 443), true);
    assert.equal(list.bypasses("[fd00::2]", 8443), true);
    assert.equal(list.bypasses("[fd00::2]", 443), false);
  });

  it("`*` bypasses everything; empty and blank lists bypass nothing", () => {
    assert.equal(parseNoProxy("*").bypasses("anything.example", 1), true);
    assert.equal(parseNoProxy("a.com, *").bypasses("b.com", 1), true);
    assert.equal(parseNoProxy("").bypasses("b.com", 1), false);
    assert.equal(parseNoProxy(" , ,").bypasses("b.com", 1), false);
    assert.equal(parseNoProxy(undefined).bypasses("b.com", 1), false);
  });

  it("accepts spaces as separators and ignores entries it cannot read (erring towards the proxy)", () => {
    const list = parseNoProxy("a.com b.com host:notaport 10.0.0.0/8");
    assert.equal(list.bypasses("b.com", 443), true);
    assert.equal(list.bypasses("host", 443), false);
    assert.equal(list.bypasses("10.1.2.3", 443), false);
  });
});
