import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { SqliteRow } from "../sqlite/sqlite-database";
import { USAGE_COLUMNS, usageRowFromRecord, usageRowToValues } from "./usage-columns";

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

/** The record SQLite would hand back for these values (column name → value). */
const recordOf = (values: unknown[]): SqliteRow => Object.fromEntries(USAGE_COLUMNS.map((name, index) => [name, values[index]]));

describe("operation and image count", () => {
  it("stores embeddings and images as such, with the image count; generation as NULL", () => {
    const image = usageRowToValues({ ...row("openai/gpt-image-1"), endpoint: "/v1/images/generations", operation: "image", imageCount: 3 });
    assert.equal(column(image, "operation"), "image");
    assert.equal(column(image, "image_count"), 3);
    const embedding = usageRowToValues({ ...row("openai/text-embedding-3-small"), operation: "embedding", imageCount: null });
    assert.deepEqual([column(embedding, "operation"), column(embedding, "image_count")], ["embedding", null]);
    // A chat row leaves the fields out; an engine that spells generation out gets the same NULL.
    for (const generation of [row("openai/gpt-4o"), { ...row("openai/gpt-4o"), operation: "generation" as const }]) {
      const values = usageRowToValues(generation);
      assert.deepEqual([column(values, "operation"), column(values, "image_count")], [null, null]);
    }
    assert.equal(USAGE_COLUMNS.length, usageRowToValues(row(null)).length, "one value per column");
  });

  it("reads them back: NULL is generation, the image count as stored", () => {
    const image = usageRowFromRecord(recordOf(usageRowToValues({ ...row("xai/grok-imagine-image"), operation: "image", imageCount: 2 })));
    assert.deepEqual([image.operation, image.imageCount], ["image", 2]);
    const embedding = usageRowFromRecord(recordOf(usageRowToValues({ ...row("mistral/mistral-embed"), operation: "embedding" })));
    assert.deepEqual([embedding.operation, embedding.imageCount], ["embedding", null]);
    const chat = usageRowFromRecord(recordOf(usageRowToValues(row("openai/gpt-4o"))));
    assert.deepEqual([chat.operation, chat.imageCount], ["generation", null]);
    // A record read from a database before schema v6 has no such columns at all.
    const old = recordOf(usageRowToValues(row("openai/gpt-4o")));
    delete old.operation;
    delete old.image_count;
    assert.deepEqual([usageRowFromRecord(old).operation, usageRowFromRecord(old).imageCount], ["generation", null]);
  });
});
