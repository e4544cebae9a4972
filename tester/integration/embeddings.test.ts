// POST /v1/embeddings and GET /v1/embeddings through the real server: OpenAI's wire format in, each provider's own
// dialect out (asserted on the exact request the mock received), OpenAI's shape back — also through the official
// OpenAI SDK, which asks for base64 by default — combos with fallback, custom nodes, 400s before any upstream call,
// and exactly one usage row per request, failures and aborts included.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI from "openai";
import { request } from "undici";
import { readUsageRows } from "../lib/read-usage-rows";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { mockPromptTokens, mockVector } from "../mock-upstream/operation-payloads";

const CLIENT_KEY = "omr-embeddings-test-key-0123456789";
const upstreamKey = (provider: string) => `sk-${provider}-embeddings-upstream`;
const PROVIDERS = ["openai", "mistral", "together", "nvidia", "fireworks", "nebius"] as const;

let mock: OpenAiMock;
let gateway: OmnirouteProcess;
let sent = 0;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      apiKeys: [{ name: "ci", key: CLIENT_KEY }],
      providers: [
        ...PROVIDERS.map((id) => ({ id, accounts: [{ name: `${id}-main`, apiKey: upstreamKey(id), baseUrl: mock.url }] })),
        { id: "local-embed", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.url, models: ["my-embedder"], accounts: [{ name: "node", apiKey: upstreamKey("node") }] },
      ],
      combos: [{ name: "embed-stack", models: ["mistral/mistral-embed", "openai/text-embedding-3-small"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function embed(body: unknown) {
  sent++;
  const response = await request(`${gateway.url}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary JSON
  return { status: response.statusCode, headers: response.headers, json: JSON.parse(text) as any };
}

/** The one request the mock received, as JSON. */
function upstreamRequest() {
  assert.equal(mock.requests.length, 1, "exactly one upstream call");
  const [only] = mock.requests;
  return { path: only!.path, authorization: only!.headers.authorization, body: only!.json as Record<string, unknown> };
}

describe("POST /v1/embeddings", () => {
  it("OpenAI: the client's body goes as sent (model unprefixed), the answer comes back in OpenAI's shape", async () => {
    const answer = await embed({ model: "openai/text-embedding-3-small", input: ["alpha", "beta"], dimensions: 4 });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["x-omniroute-provider"], "openai");
    assert.deepEqual(upstreamRequest(), {
      path: "/v1/embeddings",
      authorization: `Bearer ${upstreamKey("openai")}`,
      body: { model: "text-embedding-3-small", input: ["alpha", "beta"], dimensions: 4 },
    });
    assert.equal(answer.json.object, "list");
    assert.deepEqual(
      answer.json.data.map((entry: { index: number; embedding: number[] }) => [entry.index, entry.embedding]),
      [
        [0, mockVector(0, 4)],
        [1, mockVector(1, 4)],
      ],
    );
    assert.equal(answer.json.usage.prompt_tokens, mockPromptTokens(["alpha", "beta"]));
  });

  it("each provider gets its own dialect", async () => {
    const cases = [
      {
        body: { model: "mistral/codestral-embed", input: "x", dimensions: 256, encoding_format: "base64", output_dtype: "float" },
        expected: { model: "codestral-embed", input: "x", encoding_format: "float", output_dimension: 256, output_dtype: "float" },
      },
      { body: { model: "together/BAAI/bge-base-en-v1.5", input: ["x"], user: "u1" }, expected: { model: "BAAI/bge-base-en-v1.5", input: ["x"] } },
      {
        body: { model: "nvidia/nvidia/nv-embedqa-e5-v5", input: ["x"], input_type: "query", truncate: "END" },
        expected: { model: "nvidia/nv-embedqa-e5-v5", input: ["x"], input_type: "query", truncate: "END" },
      },
      { body: { model: "fireworks/nomic-ai/nomic-embed-text-v1.5", input: "x", dimensions: 64 }, expected: { model: "nomic-ai/nomic-embed-text-v1.5", input: "x", dimensions: 64 } },
      { body: { model: "nebius/BAAI/bge-en-icl", input: "x", encoding_format: "float" }, expected: { model: "BAAI/bge-en-icl", input: "x", encoding_format: "float" } },
    ];
    for (const { body, expected } of cases) {
      mock.reset();
      const answer = await embed(body);
      assert.equal(answer.status, 200, JSON.stringify(answer.json));
      const provider = body.model.split("/")[0]!;
      assert.deepEqual(upstreamRequest(), { path: "/v1/embeddings", authorization: `Bearer ${upstreamKey(provider)}`, body: expected }, provider);
    }
  });

  it("the official OpenAI SDK (base64 by default) gets correct vectors, also from float-only providers", async () => {
    const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    // What each upstream was asked for: OpenAI the SDK's own base64; Mistral and Together floats (they have no
    // base64), which the gateway then encodes as OpenAI does.
    const upstreamFormats: Record<string, string | undefined> = {
      "openai/text-embedding-3-small": "base64",
      "mistral/mistral-embed": "float",
      "together/BAAI/bge-base-en-v1.5": undefined,
    };
    for (const [model, upstreamFormat] of Object.entries(upstreamFormats)) {
      mock.reset();
      sent++;
      const result = await client.embeddings.create({ model, input: ["one", "two"] });
      assert.deepEqual(
        result.data.map((entry) => entry.embedding),
        [mockVector(0, 8), mockVector(1, 8)],
        model,
      );
      assert.equal(result.usage.prompt_tokens, mockPromptTokens(["one", "two"]));
      assert.equal((mock.requests[0]?.json as { encoding_format?: string }).encoding_format, upstreamFormat, model);
    }
  });

  it("refuses bad input with 400 in OpenAI's error format before any upstream call", async () => {
    const cases: [unknown, string | null][] = [
      [{ input: "x" }, "model"],
      [{ model: "openai/text-embedding-3-small" }, "input"],
      [{ model: "openai/text-embedding-3-small", input: "" }, "input"],
      [{ model: "openai/text-embedding-3-small", input: [1, "a"] }, "input"],
      [{ model: "openai/text-embedding-3-small", input: "x", encoding_format: "int8" }, "encoding_format"],
      [{ model: "mistral/mistral-embed", input: "x", dimensions: 128 }, "dimensions"],
      [{ model: "openai/text-embedding-ada-002", input: "x", dimensions: 128 }, "dimensions"],
      [{ model: "nosuch/thing", input: "x" }, "model"],
    ];
    for (const [body, param] of cases) {
      const answer = await embed(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json.error.param, param, JSON.stringify(body));
      assert.equal(typeof answer.json.error.message, "string");
      assert.equal(answer.json.error.type, "invalid_request_error");
    }
    assert.equal(mock.requests.length, 0);
  });

  it("a combo falls back to its next model when the first fails", async () => {
    mock.enqueue({ kind: "status", status: 503 });
    const answer = await embed({ model: "embed-stack", input: "fallback" });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["x-omniroute-provider"], "openai");
    assert.equal(answer.headers["x-omniroute-attempts"], "2");
    assert.deepEqual(
      mock.requests.map((entry) => (entry.json as { model: string }).model),
      ["mistral-embed", "text-embedding-3-small"],
    );
  });

  it("a custom OpenAI-compatible node forwards embeddings as sent", async () => {
    const answer = await embed({ model: "local-embed/my-embedder", input: "x", encoding_format: "float", whatever: 1 });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest().body, { model: "my-embedder", input: "x", encoding_format: "float", whatever: 1 });
  });

  it("upstream errors reach the client in OpenAI's format", async () => {
    mock.enqueue({ kind: "status", status: 400, body: { error: { message: "Input too long for this model.", type: "invalid_request_error", code: null } } });
    const answer = await embed({ model: "openai/text-embedding-3-small", input: "x" });
    assert.equal(answer.status, 400);
    assert.match(answer.json.error.message, /Input too long/);
  });
});

describe("GET /v1/embeddings", () => {
  it("lists the embedding models of active providers, and no chat model", async () => {
    const response = await request(`${gateway.url}/v1/embeddings`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    assert.equal(response.statusCode, 200);
    const list = (await response.body.json()) as { object: string; data: { id: string; type: string; object: string }[] };
    assert.equal(list.object, "list");
    const ids = list.data.map((entry) => entry.id);
    for (const id of ["openai/text-embedding-3-small", "mistral/mistral-embed", "mistral/codestral-embed", "nvidia/baai/bge-m3", "nebius/Qwen/Qwen3-Embedding-8B"]) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes("openai/gpt-4o"));
    assert.ok(list.data.every((entry) => entry.type === "embedding" && entry.object === "model"));
  });
});

describe("usage rows", () => {
  it("one row per request (failures and aborts included), with the input tokens and the cost", async () => {
    // An abort: the upstream stalls and the client leaves.
    mock.enqueue({ kind: "stall" });
    const controller = new AbortController();
    sent++;
    const aborted = request(`${gateway.url}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
      body: JSON.stringify({ model: "openai/text-embedding-3-small", input: "leaving" }),
      signal: controller.signal,
    });
    await mock.waitFor((requests) => requests.length === 1);
    controller.abort();
    await aborted.catch(() => undefined);

    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir);
      return found.length >= sent && found.some((row) => row.status === "aborted") ? found : undefined;
    }, 10_000);
    assert.equal(rows.length, sent, "exactly one usage row per request");
    assert.equal(rows.filter((row) => row.status === "aborted").length, 1);
    assert.ok(rows.some((row) => row.status === "error" && row.http_status === 400));
    const first = rows.find((row) => row.model === "openai/text-embedding-3-small" && row.status === "ok" && row.input_tokens === mockPromptTokens(["alpha", "beta"]));
    assert.ok(first, "the first OpenAI request's row");
    assert.equal(first.provider, "openai");
    assert.equal(first.upstream_model, "text-embedding-3-small");
    assert.equal(first.output_tokens, 0);
    // text-embedding-3-small: $0.02 per million input tokens.
    assert.ok(Math.abs((first.cost_usd ?? 0) - (mockPromptTokens(["alpha", "beta"]) * 0.02) / 1_000_000) < 1e-15, String(first.cost_usd));
  });
});

describe("usage rows: operation", () => {
  it("an embeddings request is stored as operation 'embedding', without an image count", async () => {
    const answer = await embed({ model: "openai/text-embedding-3-small", input: ["operation", "column"] });
    assert.equal(answer.status, 200);
    const requestId = String(answer.headers["x-request-id"]);
    // Columns of schema v6, beyond what read-usage-rows.ts types (it reads `usage.*`).
    type Row = ReturnType<typeof readUsageRows>[number] & { endpoint: string; operation: string | null; image_count: number | null };
    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir) as Row[];
      return found.some((row) => row.request_id === requestId) ? found : undefined;
    }, 10_000);
    const row = rows.find((candidate) => candidate.request_id === requestId)!;
    assert.deepEqual([row.operation, row.image_count, row.endpoint, row.input_tokens], ["embedding", null, "/v1/embeddings", mockPromptTokens(["operation", "column"])]);
    // Every request of this file was an embeddings request, failures included.
    assert.deepEqual([...new Set(rows.map((candidate) => candidate.operation))], ["embedding"]);
  });
});
