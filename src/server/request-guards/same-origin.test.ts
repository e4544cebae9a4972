import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSameOrigin, originMatchesHost } from "./same-origin";

describe("originMatchesHost", () => {
  it("matches scheme, host and port", () => {
    assert.equal(originMatchesHost("http://localhost:20128", "localhost:20128"), true);
    assert.equal(originMatchesHost("https://omni.example", "omni.example"), true);
    assert.equal(originMatchesHost("http://omni.example", "omni.example:80"), true);
    assert.equal(originMatchesHost("http://[::1]:20128", "[::1]:20128"), true);
  });
  it("refuses other hosts, ports, schemes and opaque origins", () => {
    assert.equal(originMatchesHost("http://evil.example:20128", "localhost:20128"), false);
    assert.equal(originMatchesHost("http://localhost:3000", "localhost:20128"), false);
    assert.equal(originMatchesHost("http://localhost", "localhost:20128"), false);
    assert.equal(originMatchesHost("null", "localhost:20128"), false);
    assert.equal(originMatchesHost("file://", "localhost"), false);
    assert.equal(originMatchesHost("http://localhost:20128/path", "localhost:20128"), false);
    assert.equal(originMatchesHost("http://localhost:20128", "localhost:20128/x"), false);
  });
});

describe("checkSameOrigin", () => {
  const host = "127.0.0.1:20128";
  it("lets reads through without any header", () => {
    assert.deepEqual(checkSameOrigin("GET", { host }), { ok: true });
    assert.deepEqual(checkSameOrigin("HEAD", { host }), { ok: true });
    assert.deepEqual(checkSameOrigin("OPTIONS", { host }), { ok: true });
  });
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
    it(`${method}: needs a matching Origin or Sec-Fetch-Site: same-origin`, () => {
      assert.equal(checkSameOrigin(method, { host }).ok, false);
      assert.equal(checkSameOrigin(method, { host, origin: "http://127.0.0.1:20128" }).ok, true);
      assert.equal(checkSameOrigin(method, { host, origin: "http://evil.example" }).ok, false);
      assert.equal(checkSameOrigin(method, { host, "sec-fetch-site": "same-origin" }).ok, true);
      assert.equal(checkSameOrigin(method, { host, "sec-fetch-site": "cross-site" }).ok, false);
      assert.equal(checkSameOrigin(method, { host, "sec-fetch-site": "same-site" }).ok, false);
      // Origin is authoritative when present.
      assert.equal(checkSameOrigin(method, { host, origin: "http://evil.example", "sec-fetch-site": "same-origin" }).ok, false);
    });
  }
});
