import assert from "node:assert/strict";
import type { BlockList } from "node:net";
import { describe, it } from "node:test";
import { buildBlockList, compileIpFilter, normalizeAddress, parseCidr, resolveClientAddress } from "./ip-filter";

describe("parseCidr", () => {
  it("parses v4, v6 and bare addresses", () => {
    assert.deepEqual(parseCidr("10.0.0.0/8"), { address: "10.0.0.0", prefix: 8, family: "ipv4" });
    assert.deepEqual(parseCidr("fd00::/8"), { address: "fd00::", prefix: 8, family: "ipv6" });
    assert.deepEqual(parseCidr("192.168.1.5"), { address: "192.168.1.5", prefix: 32, family: "ipv4" });
    assert.deepEqual(parseCidr("::1"), { address: "::1", prefix: 128, family: "ipv6" });
  });
  it("refuses malformed entries", () => {
    for (const value of ["", "10.0.0.0/33", "::/129", "10.0.0/8", "a.b.c.d", "10.0.0.0/8/1", "10.0.0.0/-1", "example.com"]) {
      assert.equal(parseCidr(value), undefined, value);
    }
  });
});

describe("normalizeAddress", () => {
  it("unwraps IPv4-mapped IPv6, brackets and zones", () => {
    assert.equal(normalizeAddress("::ffff:127.0.0.1"), "127.0.0.1");
    assert.equal(normalizeAddress("[::1]"), "::1");
    assert.equal(normalizeAddress("fe80::1%eth0"), "fe80::1");
  });
});

describe("compileIpFilter", () => {
  it("off allows everyone", () => {
    assert.equal(compileIpFilter({ mode: "off", cidrs: [], trustedProxies: [] }).allows("1.2.3.4"), true);
  });
  it("allow mode admits only listed ranges, v4 and v6, and fails closed on unknown", () => {
    const filter = compileIpFilter({ mode: "allow", cidrs: ["10.0.0.0/8", "fd00::/8"], trustedProxies: [] });
    assert.equal(filter.allows("10.1.2.3"), true);
    assert.equal(filter.allows("fd12::1"), true);
    assert.equal(filter.allows("127.0.0.1"), false);
    assert.equal(filter.allows(undefined), false);
  });
  it("block mode refuses listed ranges", () => {
    const filter = compileIpFilter({ mode: "block", cidrs: ["203.0.113.0/24"], trustedProxies: [] });
    assert.equal(filter.allows("203.0.113.9"), false);
    assert.equal(filter.allows("198.51.100.1"), true);
  });
  it("reports invalid entries instead of throwing", () => {
    assert.deepEqual(compileIpFilter({ mode: "block", cidrs: ["nope"], trustedProxies: ["10.0.0.1/99"] }).invalidEntries, ["nope", "10.0.0.1/99"]);
  });
});

describe("resolveClientAddress", () => {
  const proxies: BlockList = buildBlockList(["10.0.0.1", "10.0.0.2"]).list;
  it("uses the socket peer when it is not a trusted proxy, ignoring X-Forwarded-For", () => {
    assert.equal(resolveClientAddress("::ffff:203.0.113.7", "1.1.1.1", proxies), "203.0.113.7");
  });
  it("from a trusted proxy: the rightmost untrusted hop", () => {
    assert.equal(resolveClientAddress("10.0.0.1", "6.6.6.6, 198.51.100.4, 10.0.0.2", proxies), "198.51.100.4");
    assert.equal(resolveClientAddress("10.0.0.1", ["6.6.6.6", "198.51.100.4:5555"], proxies), "198.51.100.4");
    assert.equal(resolveClientAddress("10.0.0.1", undefined, proxies), "10.0.0.1");
  });
  it("all hops trusted: the leftmost", () => {
    assert.equal(resolveClientAddress("10.0.0.1", "10.0.0.2", proxies), "10.0.0.2");
  });
  it("garbage from a trusted proxy fails closed", () => {
    assert.equal(resolveClientAddress("10.0.0.1", "not-an-ip", proxies), undefined);
  });
});
