import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { openConfigDb } from "../config-db/open-config-db";
import { createPricing } from "./pricing-sources";
import { getPricing, PricingInputError, updatePricing } from "./pricing-service";

const root = mkdtempSync(join(tmpdir(), "omniroute-pricing-"));
after(() => rmSync(root, { recursive: true, force: true }));

const row = (fields: Partial<UsageRow>): UsageRow => ({
  requestId: "r",
  startedAt: 0,
  endpoint: "/v1/chat/completions",
  clientFormat: "openai-chat",
  provider: "openai",
  model: "openai/gpt-4o",
  upstreamModel: "gpt-4o",
  account: "work",
  apiKeyName: null,
  stream: false,
  status: "ok",
  httpStatus: 200,
  errorCode: null,
  latencyMs: 1,
  ttfbMs: 1,
  inputTokens: 1_000_000,
  outputTokens: 1_000_000,
  cacheReadTokens: 0,
  cacheWriteTokens: null,
  reasoningTokens: null,
  ...fields,
});

describe("pricing service", () => {
  it("stores overrides, shows them with the defaults, and the row pricing follows at once", async () => {
    const configDb = await openConfigDb({ file: join(root, "db.json"), backupsDir: join(root, "backups") });
    const pricing = createPricing({ readDocument: () => configDb.read() });
    assert.equal(pricing.costOf(row({})).costUsd, 12.5, "shipped gpt-4o: $2.50 + $10");
    const view = await updatePricing(configDb, {
      models: { "openai/gpt-4o": { inputPerMillion: 2, outputPerMillion: 8 }, "my-node/m1": { inputPerMillion: 0.1, outputPerMillion: 0.2 } },
      billing: { "openai/team": "subscription", groq: "free" },
    });
    assert.equal(view.effective.find((entry) => entry.key === "openai/gpt-4o")?.source, "override");
    assert.equal(view.effective.find((entry) => entry.key === "openai/gpt-4.1")?.source, "default");
    assert.equal(pricing.costOf(row({})).costUsd, 10);
    assert.equal(pricing.costOf(row({ account: "team" })).costUsd, 0);
    assert.equal(pricing.costOf(row({ provider: "groq", upstreamModel: "llama-3.3-70b-versatile" })).costUsd, 0);
    assert.equal(pricing.costOf(row({ provider: "my-node", upstreamModel: "m1" })).costUsd, 0.3);
    // A row of a failed route has only the client's model name: it is looked up without the provider prefix.
    assert.equal(pricing.costOf(row({ upstreamModel: null })).basis.key, "openai/gpt-4o");
    // Billing only: the models stay.
    await updatePricing(configDb, { billing: {} });
    assert.deepEqual(Object.keys(getPricing(configDb).overrides.models).sort(), ["my-node/m1", "openai/gpt-4o"]);
    assert.equal(pricing.costOf(row({ account: "team" })).costUsd, 10);
  });

  it("rejects invalid input naming each field, and stores nothing", async () => {
    const configDb = await openConfigDb({ file: join(root, "db2.json"), backupsDir: join(root, "backups2") });
    await assert.rejects(
      updatePricing(configDb, { models: { "no-slash": { inputPerMillion: 1, outputPerMillion: 1 }, "a/b": { inputPerMillion: -1, outputPerMillion: 1, bogus: 2 } }, billing: { a: "sometimes" }, other: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof PricingInputError);
        const text = error.problems.join("\n");
        assert.match(text, /^models\.no-slash: /m);
        assert.match(text, /^models\.a\/b\.inputPerMillion: /m);
        assert.match(text, /^models\.a\/b\.bogus: unknown key/m);
        assert.match(text, /^billing\.a: /m);
        assert.match(text, /^other: unknown key/m);
        return true;
      },
    );
    assert.equal(configDb.read().pricing, undefined);
  });
});
