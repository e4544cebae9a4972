import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// Model availability: a model the upstream says does not exist is skipped for a TTL (five minutes by default),
// not asked again on every request; the combo still answers from its next member.
const PASSWORD = "availability-password-1";
let gone: OpenAiMock;
let backup: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  [gone, backup] = await Promise.all([startOpenAiMock(), startOpenAiMock()]);
  gone.setDefault({
    kind: "status",
    status: 404,
    body: { error: { message: "The model `retired-model` does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" } },
  });
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [
        { id: "gone", type: "openai-compatible", baseUrl: gone.url, models: ["retired-model", "current-model"], accounts: [{ name: "g", apiKey: "sk-gone-0000000" }] },
        { id: "backup", type: "openai-compatible", baseUrl: backup.url, models: ["m"], accounts: [{ name: "b", apiKey: "sk-backup-00000" }] },
      ],
      combos: [{ name: "retired-then-backup", models: ["gone/retired-model", "backup/m"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await Promise.all([gone, backup].map((mock) => mock?.close()));
});

async function chat(model: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "x" }] }),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe("model availability", () => {
  it("a 404 model-not-found marks the model unavailable for its TTL: later requests skip it without a call", async () => {
    const started = Date.now();
    const first = await chat("retired-then-backup");
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers["x-omniroute-provider"], "backup");
    assert.equal(first.headers["x-omniroute-attempts"], "2");
    for (let index = 0; index < 3; index++) {
      const later = await chat("retired-then-backup");
      assert.equal(later.headers["x-omniroute-provider"], "backup");
      assert.equal(later.headers["x-omniroute-attempts"], "1");
    }
    assert.equal(gone.requests.length, 1, "the unavailable model was asked once");

    const cookie = await loginCookie(gateway.url, PASSWORD);
    const resilience = await request(`${gateway.url}/api/resilience`, { headers: { cookie } });
    const state = (await resilience.body.json()) as { cooldowns: { providerId: string; model?: string; reason: string; kind: string; until: number }[] };
    const record = state.cooldowns.find((entry) => entry.providerId === "gone");
    assert.ok(record, JSON.stringify(state));
    assert.deepEqual([record.model, record.reason, record.kind], ["retired-model", "model-unavailable", "model"]);
    const ttlMs = record.until - started;
    assert.ok(ttlMs > 4 * 60_000 && ttlMs <= 5 * 60_000 + 5_000, `TTL ${ttlMs} ms`);

    // The record is per model: the provider's other models are still asked.
    gone.setDefault(undefined);
    const other = await chat("gone/current-model");
    assert.equal(other.status, 200, other.text);
    assert.equal(gone.requests.length, 2);
  });
});
