import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeRedirectPath } from "./safe-redirect-path";

describe("safeRedirectPath", () => {
  it("keeps same-origin paths", () => {
    assert.equal(safeRedirectPath("/dashboard/keys?tab=1"), "/dashboard/keys?tab=1");
    assert.equal(safeRedirectPath("/"), "/");
  });
  it("replaces anything that could leave the origin", () => {
    for (const value of [undefined, null, "", "dashboard", "https://evil.example/", "//evil.example", "/\\evil.example", "/\tx", "javascript:alert(1)", "/a\\b"]) {
      assert.equal(safeRedirectPath(value), "/dashboard", String(value));
    }
  });
});
