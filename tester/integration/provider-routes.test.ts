// The dedicated per-provider routes through the real server: POST /v1/providers/{provider}/chat/completions |
// embeddings | images/generations add the provider's prefix when the model lacks it, refuse a model of another
// provider with a clear 400 (OpenAI's error format, nothing sent upstream), and otherwise behave like the
// combined routes (same handlers, same usage rows).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { readUsageRows } from "../lib/read-usage-rows";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const CLIENT_KEY = "omr-provider-routes-key-0123456789";

let mock: OpenAiMock;
let gateway: OmnirouteProcess;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      apiKeys: [{ name: "ci", key: CLIENT_KEY }],
      providers: ["openai", "mistral", "xai", "groq", "together"].map((id) => ({ id, accounts: [{ name: `${id}-main`, apiKey: `sk-${id}`, baseUrl: mock.url }] })),
      combos: [{ name: "mixed", models: ["openai/gpt-4o", "xai/grok-4.3"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function post(path: string, body: unknown) {
  const response = await request(`${gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary JSON
  return { status: response.statusCode, headers: response.headers, json: JSON.parse(text) as any };
}

const upstreamModels = () => mock.requests.map((entry) => (entry.json as { model?: string }).model);

describe("POST /v1/providers/{provider}/…", () => {
  it("chat: the prefix is added when missing, kept when present; the answer is the generation handler's", async () => {
    const bare = await post("/v1/providers/openai/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    assert.equal(bare.status, 200);
    assert.equal(bare.headers["x-omniroute-provider"], "openai");
    assert.equal(bare.json.object, "chat.completion");
    const prefixed = await post("/v1/providers/openai/chat/completions", { model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] });
    assert.equal(prefixed.status, 200);
    assert.deepEqual(upstreamModels(), ["gpt-4o", "gpt-4o"]);
    assert.equal(mock.requests[0]?.path, "/v1/chat/completions");
  });

  it("chat streams too, and ids containing a slash are the provider's own", async () => {
    const response = await request(`${gateway.url}/v1/providers/groq/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
      body: JSON.stringify({ model: "openai/gpt-oss-120b", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(response.statusCode, 200);
    assert.match(await response.body.text(), /data: \[DONE\]/);
    assert.deepEqual(upstreamModels(), ["openai/gpt-oss-120b"]);
  });

  it("embeddings and images get the prefix the same way", async () => {
    const embedded = await post("/v1/providers/mistral/embeddings", { model: "mistral-embed", input: "x" });
    assert.equal(embedded.status, 200);
    assert.equal(embedded.headers["x-omniroute-model"], "mistral/mistral-embed");
    const image = await post("/v1/providers/xai/images/generations", { model: "grok-imagine-image", prompt: "a fox" });
    assert.equal(image.status, 200);
    assert.deepEqual(upstreamModels(), ["mistral-embed", "grok-imagine-image"]);
    const together = await post("/v1/providers/together/embeddings", { model: "BAAI/bge-base-en-v1.5", input: "x" });
    assert.equal(together.status, 200);
    assert.equal(together.headers["x-omniroute-model"], "together/BAAI/bge-base-en-v1.5");
  });

  it("a model of another provider (or a combo) is a 400 naming both, and nothing is sent", async () => {
    const cases = [
      ["/v1/providers/openai/chat/completions", { model: "xai/grok-4.3", messages: [{ role: "user", content: "hi" }] }, /belongs to provider 'xai'.*only serves 'openai'/],
      ["/v1/providers/openai/embeddings", { model: "mistral/mistral-embed", input: "x" }, /belongs to provider 'mistral'/],
      ["/v1/providers/xai/images/generations", { model: "openai/gpt-image-1", prompt: "x" }, /belongs to provider 'openai'/],
      ["/v1/providers/openai/chat/completions", { model: "mixed", messages: [{ role: "user", content: "hi" }] }, /'mixed' is a combo/],
      ["/v1/providers/cohere/chat/completions", { model: "command-a", messages: [{ role: "user", content: "hi" }] }, /'cohere' is not configured/],
    ] as const;
    for (const [path, body, message] of cases) {
      const answer = await post(path, body);
      assert.equal(answer.status, 400, path);
      assert.equal(answer.json.error.type, "invalid_request_error");
      assert.equal(answer.json.error.param, "model");
      assert.match(answer.json.error.message, message);
    }
    assert.equal(mock.requests.length, 0);
  });

  it("other methods and paths are refused", async () => {
    const get = await request(`${gateway.url}/v1/providers/openai/chat/completions`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    assert.equal(get.statusCode, 405);
    await get.body.dump();
    const unknown = await post("/v1/providers/openai/audio/speech", { model: "tts-1" });
    assert.equal(unknown.status, 404);
  });

  it("each request is one usage row with the qualified model", async () => {
    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir);
      return found.length >= 11 ? found : undefined;
    }, 10_000);
    const models = rows.map((row) => row.model);
    for (const model of ["openai/gpt-4o", "groq/openai/gpt-oss-120b", "mistral/mistral-embed", "xai/grok-imagine-image"]) assert.ok(models.includes(model), model);
    assert.equal(rows.filter((row) => row.status === "error" && row.http_status === 400).length, 5);
  });
});
