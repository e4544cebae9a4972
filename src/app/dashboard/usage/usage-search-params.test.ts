import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_USAGE_PARAMS, parseUsageSearchParams, usageHref } from "./usage-search-params";

describe("usage search params", () => {
  it("reads known values and falls back to the defaults for anything else", () => {
    assert.deepEqual(parseUsageSearchParams({ range: "30d", groupBy: "key", metric: "tokens", month: "2026-02" }), { range: "30d", groupBy: "key", metric: "tokens", month: "2026-02" });
    assert.deepEqual(parseUsageSearchParams({ range: "5y", groupBy: "none", metric: ["requests", "cost"], month: "2026-13" }), { ...DEFAULT_USAGE_PARAMS, metric: "requests" });
  });

  it("builds short URLs: defaults are left out", () => {
    assert.equal(usageHref(DEFAULT_USAGE_PARAMS, {}), "/dashboard/usage");
    assert.equal(usageHref(DEFAULT_USAGE_PARAMS, { groupBy: "model", month: "2026-10" }), "/dashboard/usage?groupBy=model&month=2026-10");
    assert.equal(usageHref({ ...DEFAULT_USAGE_PARAMS, range: "30d" }, { range: "7d" }), "/dashboard/usage");
  });
});
