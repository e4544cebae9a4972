import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// TESTPLAN 11: timeouts must not add up across a combo; one routing deadline bounds every attempt together.
let mock: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  mock = await startOpenAiMock();
  mock.setDefault({ kind: "stall" });
  const stalling = (id: string) => ({ id, type: "openai-compatible", baseUrl: mock.url, models: ["m"], accounts: [{ name: id, apiKey: `sk-${id}-000000` }] });
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      limits: { firstByteTimeoutMs: 1_000, routingDeadlineMs: 1_500 },
      providers: [stalling("s1"), stalling("s2"), stalling("s3")],
      combos: [{ name: "all-stalling", models: ["s1/m", "s2/m", "s3/m"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

describe("routing deadline", () => {
  it("three stalling targets with a 1 s first-byte timeout answer 504 within the 1.5 s deadline, not after 3 s", async () => {
    const started = Date.now();
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "all-stalling", messages: [{ role: "user", content: "x" }] }),
    });
    const text = await response.body.text();
    const elapsed = Date.now() - started;
    assert.equal(response.statusCode, 504, text);
    assert.ok(elapsed < 2_300, `took ${elapsed} ms`);
    assert.equal(JSON.parse(text).error.code, "upstream_timeout");
    assert.ok(mock.requests.length <= 2, `${mock.requests.length} upstream calls`);
  });
});
