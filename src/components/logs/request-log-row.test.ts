import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeRequestRows, toRequestLogRow, type RequestLogRow } from "./request-log-row";

const entry = { requestId: "r1", startedAt: 1_000, status: "ok", httpStatus: 200, errorCode: null, endpoint: "/v1/messages", provider: "anthropic", model: "anthropic/claude-sonnet-4-5", upstreamModel: "claude-sonnet-4-5", account: "work", apiKeyName: "laptop", combo: null, stream: true, latencyMs: 812, ttfbMs: 240, inputTokens: 10, outputTokens: 5, costUsd: 0.001, attempts: 1 };

describe("request log rows", () => {
  it("reads an /api/usage/logs entry, preferring the model that answered", () => {
    const row = toRequestLogRow(entry);
    assert.equal(row?.model, "claude-sonnet-4-5");
    assert.equal(row?.latencyMs, 812);
    assert.equal(toRequestLogRow({ ...entry, upstreamModel: null })?.model, "anthropic/claude-sonnet-4-5");
  });

  it("skips what is not an entry", () => {
    assert.equal(toRequestLogRow(null), null);
    assert.equal(toRequestLogRow({ ...entry, status: "weird" }), null);
    assert.equal(toRequestLogRow({ ...entry, startedAt: "yesterday" }), null);
  });

  it("merges the live tail by id, newest first, and sorts a late-written long request into place", () => {
    const at = (requestId: string, startedAt: number) => ({ ...toRequestLogRow(entry)!, requestId, startedAt }) as RequestLogRow;
    const shown = [at("c", 300), at("b", 200)];
    const merged = mergeRequestRows(shown, [at("d", 400), at("long", 250), at("c", 300)], 4);
    assert.deepEqual(merged.map((row) => row.requestId), ["d", "c", "long", "b"]);
    assert.equal(mergeRequestRows(merged, [at("e", 500)], 4).at(-1)?.requestId, "long", "capped at the limit");
  });
});
