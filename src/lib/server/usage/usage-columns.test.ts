import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { USAGE_COLUMNS, usageRowToValues } from "./usage-columns";

const row = (model: string | null, upstreamModel: string | null = null): UsageRow => ({
  requestId: "r1",
  startedAt: 1,
  endpoint: "/v1/chat/completions",
  clientFormat: "openai-chat",
  provider: null,
  model,
  upstreamModel,
  account: null,
  apiKeyName: null,
  stream: false,
  status: "error",
  httpStatus: 400,
  errorCode: "model_not_found",
  latencyMs: 1,
  ttfbMs: null,
  inputTokens: null,
  outputTokens: null,
  cacheReadTokens: null,
  cacheWriteTokens: null,
  reasoningTokens: null,
});

const column = (values: unknown[], name: (typeof USAGE_COLUMNS)[number]) => values[USAGE_COLUMNS.indexOf(name)];

describe("usageRowToValues", () => {
  it("keeps ordinary model names as they are", () => {
    const values = usageRowToValues(row("openai/gpt-4o", "gpt-4o"));
    assert.equal(column(values, "model"), "openai/gpt-4o");
    assert.equal(column(values, "upstream_model"), "gpt-4o");
    assert.equal(column(usageRowToValues(row(null)), "model"), null);
  });

  it("does not store a key a client pasted into the model field", () => {
    const values = usageRowToValues(row("sk-proj-canary1234567890", "x/AIzaSyCanary1234567890abcdefgh"));
    assert.ok(!String(column(values, "model")).includes("canary1234567890"));
    assert.ok(!String(column(values, "upstream_model")).includes("Canary1234567890"));
    assert.match(String(column(values, "model")), /\[redacted\]/);
  });
});
