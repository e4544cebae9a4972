import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHostAllowlist, hostnameOfHostHeader, parseAllowedHostsEnv } from "./host-allowlist";

describe("hostnameOfHostHeader", () => {
  it("normalizes names, ports, brackets and a trailing dot", () => {
    assert.equal(hostnameOfHostHeader("LocalHost:20128"), "localhost");
    assert.equal(hostnameOfHostHeader("[::1]:8080"), "::1");
    assert.equal(hostnameOfHostHeader("[::1]"), "::1");
    assert.equal(hostnameOfHostHeader("example.com."), "example.com");
  });
  it("refuses malformed values", () => {
    for (const value of ["", "a b", "user@localhost", "localhost/x", "localhost:abc", "[::1", "[nothex]:1", "::1", ":80"]) {
      assert.equal(hostnameOfHostHeader(value), undefined, value);
    }
  });
});

describe("parseAllowedHostsEnv", () => {
  it("splits, trims and drops ports", () => {
    assert.deepEqual(parseAllowedHostsEnv(" a.example, B.example:8080 ,,"), ["a.example", "b.example"]);
    assert.deepEqual(parseAllowedHostsEnv(undefined), []);
  });
});

describe("createHostAllowlist", () => {
  it("is strict on a loopback bind, for the dashboard and /v1, on any port", () => {
    const hosts = createHostAllowlist({ bindHost: "127.0.0.1", configuredNames: [] });
    for (const scope of ["dashboard", "gateway"] as const) {
      assert.equal(hosts.isAllowed("localhost:20128", scope), true);
      assert.equal(hosts.isAllowed("127.0.0.1:1", scope), true);
      assert.equal(hosts.isAllowed("[::1]:20128", scope), true);
      assert.equal(hosts.isAllowed("evil.example", scope), false);
      assert.equal(hosts.isAllowed("evil.example:20128", scope), false);
      assert.equal(hosts.isAllowed("localhost.evil.example", scope), false);
      assert.equal(hosts.isAllowed("192.168.1.5", scope), false);
      assert.equal(hosts.isAllowed(undefined, scope), false);
    }
    assert.equal(hosts.acceptsAnyHost, false);
  });

  it("adds configured names", () => {
    const hosts = createHostAllowlist({ bindHost: "127.0.0.1", configuredNames: ["omni.lan", "Proxy.Example:443"] });
    assert.equal(hosts.isAllowed("omni.lan:20128", "dashboard"), true);
    assert.equal(hosts.isAllowed("proxy.example", "dashboard"), true);
    assert.equal(hosts.isAllowed("evil.example", "dashboard"), false);
  });

  it("on a specific LAN address: that address for the dashboard, anything for /v1", () => {
    const hosts = createHostAllowlist({ bindHost: "192.168.1.5", configuredNames: [] });
    assert.equal(hosts.isAllowed("192.168.1.5:20128", "dashboard"), true);
    assert.equal(hosts.isAllowed("localhost", "dashboard"), true);
    assert.equal(hosts.isAllowed("evil.example", "dashboard"), false);
    assert.equal(hosts.isAllowed("evil.example", "gateway"), true);
  });

  it("on a wildcard bind without names: any Host, flagged for a startup note", () => {
    const hosts = createHostAllowlist({ bindHost: "0.0.0.0", configuredNames: [] });
    assert.equal(hosts.acceptsAnyHost, true);
    assert.equal(hosts.isAllowed("mybox.local", "dashboard"), true);
  });

  it("on a wildcard bind with names: those names and IP literals", () => {
    const hosts = createHostAllowlist({ bindHost: "::", configuredNames: ["mybox.local"] });
    assert.equal(hosts.acceptsAnyHost, false);
    assert.equal(hosts.isAllowed("mybox.local:20128", "dashboard"), true);
    assert.equal(hosts.isAllowed("10.0.0.7:20128", "dashboard"), true);
    assert.equal(hosts.isAllowed("[fe80::1]:20128", "dashboard"), true);
    assert.equal(hosts.isAllowed("evil.example", "dashboard"), false);
    assert.equal(hosts.isAllowed("evil.example", "gateway"), true);
  });
});
