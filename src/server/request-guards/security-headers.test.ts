import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  it("production: a CSP without eval, framing forbidden, nosniff, no referrer", () => {
    const headers = securityHeaders({ dev: false });
    const csp = headers["content-security-policy"]!;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /base-uri 'self'/);
    assert.match(csp, /form-action 'self'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(csp, /\*/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["referrer-policy"], "no-referrer");
    assert.equal(headers["x-frame-options"], "DENY");
    assert.ok(headers["permissions-policy"]);
  });
  it("development adds only what hot reloading needs", () => {
    assert.match(contentSecurityPolicy({ dev: true }), /'unsafe-eval'/);
  });
});
