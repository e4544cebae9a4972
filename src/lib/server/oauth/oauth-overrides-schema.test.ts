import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OAUTH_FLOWS } from "./flows/oauth-flows";
import { applyEndpointOverrides } from "./oauth-endpoints";
import { oauthOverridesSchema, parseOAuthOverridesEnv } from "./oauth-overrides-schema";

describe("OAuth overrides", () => {
  it("accepts any endpoint of a known provider", () => {
    const parsed = oauthOverridesSchema.parse({ cx: { callbackPort: 1457, tokenUrl: "http://127.0.0.1:9/token", scopes: ["openid"] }, gc: { clientId: "x" } });
    assert.equal(parsed.cx?.callbackPort, 1457);
  });

  it("refuses unknown providers, unknown fields and non-http URLs, naming the path", () => {
    const result = oauthOverridesSchema.safeParse({ zz: {}, cc: { tokenURL: "http://x" }, gc: { tokenUrl: "file:///etc/passwd" }, cx: { callbackPort: 70_000 } });
    assert.equal(result.success, false);
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
    assert.ok(paths.includes("zz"), paths.join(","));
    assert.ok(paths.some((path) => path.startsWith("cc")), paths.join(","));
    assert.ok(paths.includes("gc.tokenUrl"), paths.join(","));
    assert.ok(paths.includes("cx.callbackPort"), paths.join(","));
  });

  it("reads OMNIROUTE_OAUTH_OVERRIDES, and a bad value is an error naming the variable", () => {
    assert.equal(parseOAuthOverridesEnv(undefined), undefined);
    assert.equal(parseOAuthOverridesEnv("  "), undefined);
    assert.deepEqual(parseOAuthOverridesEnv('{"cc":{"callbackPort":21200}}'), { cc: { callbackPort: 21200 } });
    assert.throws(() => parseOAuthOverridesEnv("{"), /OMNIROUTE_OAUTH_OVERRIDES is not valid JSON/);
    assert.throws(() => parseOAuthOverridesEnv('{"cc":{"nope":1}}'), /OMNIROUTE_OAUTH_OVERRIDES is invalid: cc/);
  });

  it("layers field by field over the defaults, later layers winning", () => {
    const merged = applyEndpointOverrides(OAUTH_FLOWS.cx.endpoints, { callbackPort: 1457, tokenUrl: "http://file/token" }, { tokenUrl: "http://env/token" });
    assert.equal(merged.callbackPort, 1457);
    assert.equal(merged.tokenUrl, "http://env/token");
    assert.equal(merged.clientId, "app_EMoamEEZ73f0CkXaXp7hrann");
    assert.equal(OAUTH_FLOWS.cx.endpoints.callbackPort, 1455, "the defaults are not touched");
  });
});
