import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { logsApiQuery, logsHref, parseLogsSearchParams } from "./logs-search-params";

describe("logs search params", () => {
  it("keeps valid filters and drops malformed ones", () => {
    const params = parseLogsSearchParams({ status: "error", provider: "openai", model: "gpt-4o", key: "k1", range: "7d", cursor: "1700000000000.42", session: "abc" });
    assert.deepEqual(params, { tab: "requests", status: "error", provider: "openai", model: "gpt-4o", key: "k1", session: "abc", range: "7d", cursor: "1700000000000.42" });
    const bad = parseLogsSearchParams({ status: "weird", range: "2y", cursor: "1.2.3", provider: "x".repeat(301), tab: "audit" });
    assert.deepEqual(bad, { tab: "audit", status: undefined, provider: undefined, model: undefined, key: undefined, session: undefined, range: "24h", cursor: undefined });
  });

  it("passes the filters on to /api/usage/logs and keeps page URLs short", () => {
    const params = parseLogsSearchParams({ status: "ok", key: "k1" });
    assert.equal(logsApiQuery(params).toString(), "range=24h&status=ok&key=k1");
    assert.equal(logsHref(params, {}), "/dashboard/logs?status=ok&key=k1");
    assert.equal(logsHref(params, { cursor: "5.6" }), "/dashboard/logs?status=ok&key=k1&cursor=5.6");
    assert.equal(logsHref(parseLogsSearchParams({ cursor: "5.6" }), {}), "/dashboard/logs", "other filters start again at the newest rows");
    assert.equal(logsHref(params, { tab: "audit" }), "/dashboard/logs?tab=audit");
  });
});
