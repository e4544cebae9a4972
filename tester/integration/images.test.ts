// POST /v1/images/generations and GET /v1/images/generations through the real server: OpenAI, xAI, Together FLUX and
// Fireworks FLUX each in their own protocol (the exact request the mock received is asserted), all answered in
// OpenAI's images response; custom nodes forward as sent; 400s before any upstream call; one usage row per request
// with the image count priced per image (or by the tokens GPT image models report).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI from "openai";
import { request } from "undici";
import { readUsageRows } from "../lib/read-usage-rows";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { TINY_PNG } from "../mock-upstream/operation-payloads";

const CLIENT_KEY = "omr-images-test-key-0123456789";
const upstreamKey = (provider: string) => `sk-${provider}-images-upstream`;

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
        ...["openai", "xai", "together", "fireworks", "nvidia"].map((id) => ({ id, accounts: [{ name: `${id}-main`, apiKey: upstreamKey(id), baseUrl: mock.url }] })),
        { id: "local-images", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.url, models: ["sdxl"], accounts: [{ name: "node", apiKey: upstreamKey("node") }] },
      ],
      combos: [{ name: "image-stack", models: ["xai/grok-imagine-image", "together/black-forest-labs/FLUX.1-schnell"] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function generate(body: unknown) {
  sent++;
  const response = await request(`${gateway.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk arbitrary JSON
  return { status: response.statusCode, headers: response.headers, json: JSON.parse(text) as any };
}

function upstreamRequest() {
  assert.equal(mock.requests.length, 1, "exactly one upstream call");
  const [only] = mock.requests;
  return { path: only!.path, authorization: only!.headers.authorization, accept: only!.headers.accept, body: only!.json as Record<string, unknown> };
}

describe("POST /v1/images/generations", () => {
  it("OpenAI: the client's body as sent, the answer as OpenAI gave it (token usage included)", async () => {
    const answer = await generate({ model: "openai/gpt-image-1", prompt: "a red fox", size: "1024x1536", quality: "low" });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest(), {
      path: "/v1/images/generations",
      authorization: `Bearer ${upstreamKey("openai")}`,
      accept: "application/json",
      body: { model: "gpt-image-1", prompt: "a red fox", size: "1024x1536", quality: "low" },
    });
    assert.equal(answer.json.data[0].b64_json, TINY_PNG.toString("base64"));
    assert.equal(answer.json.usage.output_tokens, 272);
  });

  it("xAI: its own fields, size turned into an aspect ratio", async () => {
    const answer = await generate({ model: "xai/grok-imagine-image", prompt: "a lighthouse", n: 2, size: "1792x1024", response_format: "url" });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest().body, { model: "grok-imagine-image", prompt: "a lighthouse", n: 2, response_format: "url", aspect_ratio: "16:9" });
    assert.equal(answer.json.data.length, 2);
    assert.match(answer.json.data[0].url, /^https:\/\/images\.mock\.invalid\//);
    assert.equal(typeof answer.json.created, "number");
  });

  it("Together FLUX: width/height, base64 spelled its way, normalised to b64_json", async () => {
    const answer = await generate({ model: "together/black-forest-labs/FLUX.1-schnell", prompt: "a cabin", size: "1024x768", response_format: "b64_json", steps: 4 });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest().body, {
      model: "black-forest-labs/FLUX.1-schnell",
      prompt: "a cabin",
      n: 1,
      width: 1024,
      height: 768,
      steps: 4,
      response_format: "base64",
    });
    assert.deepEqual(answer.json.data, [{ b64_json: TINY_PNG.toString("base64") }]);
  });

  it("Fireworks FLUX: the workflow endpoint, the image bytes turned into b64_json (or a data URL)", async () => {
    const answer = await generate({ model: "fireworks/accounts/fireworks/models/flux-1-schnell-fp8", prompt: "a meadow", size: "1536x1024", seed: 7 });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest(), {
      path: "/v1/workflows/accounts/fireworks/models/flux-1-schnell-fp8/text_to_image",
      authorization: `Bearer ${upstreamKey("fireworks")}`,
      accept: "image/png",
      body: { prompt: "a meadow", aspect_ratio: "3:2", seed: 7 },
    });
    assert.deepEqual(answer.json.data, [{ b64_json: TINY_PNG.toString("base64") }]);
    mock.reset();
    const asUrl = await generate({ model: "fireworks/flux-1-dev-fp8", prompt: "a meadow", response_format: "url" });
    assert.equal(asUrl.json.data[0].url, `data:image/png;base64,${TINY_PNG.toString("base64")}`);
    assert.equal(upstreamRequest().path, "/v1/workflows/accounts/fireworks/models/flux-1-dev-fp8/text_to_image");
  });

  it("the official OpenAI SDK reads every provider's answer", async () => {
    const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    for (const model of ["openai/dall-e-2", "together/black-forest-labs/FLUX.1-schnell", "fireworks/accounts/fireworks/models/flux-1-schnell-fp8"]) {
      sent++;
      const result = await client.images.generate({ model, prompt: "a kite", response_format: "b64_json" });
      assert.equal(result.data?.[0]?.b64_json, TINY_PNG.toString("base64"), model);
    }
  });

  it("a combo falls back to its next model", async () => {
    mock.enqueue({ kind: "status", status: 500 });
    const answer = await generate({ model: "image-stack", prompt: "fallback" });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["x-omniroute-provider"], "together");
    assert.deepEqual(
      mock.requests.map((entry) => (entry.json as { model: string }).model),
      ["grok-imagine-image", "black-forest-labs/FLUX.1-schnell"],
    );
  });

  it("a custom OpenAI-compatible node forwards image requests as sent", async () => {
    const answer = await generate({ model: "local-images/sdxl", prompt: "x", n: 2, response_format: "b64_json", style: "vivid" });
    assert.equal(answer.status, 200);
    assert.deepEqual(upstreamRequest().body, { model: "sdxl", prompt: "x", n: 2, response_format: "b64_json", style: "vivid" });
    assert.equal(answer.json.data.length, 2);
  });

  it("refuses bad input and what the provider cannot do with 400 before any upstream call", async () => {
    const cases: [unknown, string][] = [
      [{ prompt: "x" }, "model"],
      [{ model: "openai/gpt-image-1" }, "prompt"],
      [{ model: "openai/gpt-image-1", prompt: "x", n: 11 }, "n"],
      [{ model: "openai/gpt-image-1", prompt: "x", size: "huge" }, "size"],
      [{ model: "openai/gpt-image-1", prompt: "x", stream: true }, "stream"],
      [{ model: "xai/grok-imagine-image", prompt: "x", quality: "hd" }, "quality"],
      [{ model: "fireworks/flux-1-schnell-fp8", prompt: "x", n: 2 }, "n"],
      [{ model: "together/black-forest-labs/FLUX.1-schnell", prompt: "x".repeat(32_001) }, "prompt"],
    ];
    for (const [body, param] of cases) {
      const answer = await generate(body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 200));
      assert.equal(answer.json.error.param, param);
    }
    assert.equal(mock.requests.length, 0);
  });

  it("a provider whose image API is not served is refused clearly", async () => {
    const answer = await generate({ model: "nvidia/black-forest-labs/flux_1-schnell", prompt: "x" });
    assert.equal(answer.status, 501);
    assert.match(answer.json.error.message, /Image generation through provider 'nvidia' is not supported/);
    assert.equal(mock.requests.length, 0);
  });
});

describe("GET /v1/images/generations", () => {
  it("lists image models only", async () => {
    const response = await request(`${gateway.url}/v1/images/generations`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
    assert.equal(response.statusCode, 200);
    const list = (await response.body.json()) as { data: { id: string; type: string }[] };
    const ids = list.data.map((entry) => entry.id);
    for (const id of ["openai/gpt-image-1", "openai/dall-e-3", "xai/grok-imagine-image", "together/black-forest-labs/FLUX.1-schnell", "fireworks/accounts/fireworks/models/flux-1-schnell-fp8"]) {
      assert.ok(ids.includes(id), id);
    }
    assert.ok(list.data.every((entry) => entry.type === "image"));
  });
});

describe("usage rows", () => {
  it("one row per request, images priced per image, GPT image models by their tokens", async () => {
    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir);
      return found.length >= sent ? found : undefined;
    }, 10_000);
    assert.equal(rows.length, sent);
    const xai = rows.find((row) => row.model === "xai/grok-imagine-image" && row.status === "ok");
    // Two images at $0.02.
    assert.equal(xai?.cost_usd, 0.04);
    const gptImage = rows.find((row) => row.model === "openai/gpt-image-1" && row.status === "ok");
    assert.equal(gptImage?.input_tokens, 12);
    assert.equal(gptImage?.output_tokens, 272);
    // 12 × $5/M + 272 × $40/M.
    assert.ok(Math.abs((gptImage?.cost_usd ?? 0) - (12 * 5 + 272 * 40) / 1_000_000) < 1e-12);
    assert.ok(rows.filter((row) => row.status === "error" && row.http_status === 400).length >= 8);
  });
});

describe("usage rows: operation", () => {
  it("an image request is stored as operation 'image' with its image count", async () => {
    const answer = await generate({ model: "xai/grok-imagine-image", prompt: "a lighthouse", n: 3 });
    assert.equal(answer.status, 200, JSON.stringify(answer.json).slice(0, 300));
    assert.equal(answer.json.data.length, 3);
    const requestId = String(answer.headers["x-request-id"]);
    // Columns of schema v6, beyond what read-usage-rows.ts types (it reads `usage.*`).
    type Row = ReturnType<typeof readUsageRows>[number] & { endpoint: string; operation: string | null; image_count: number | null };
    const rows = await eventually(() => {
      const found = readUsageRows(gateway.dataDir) as Row[];
      return found.some((row) => row.request_id === requestId) ? found : undefined;
    }, 10_000);
    const row = rows.find((candidate) => candidate.request_id === requestId)!;
    // Three images at $0.02.
    assert.deepEqual([row.operation, row.image_count, row.endpoint, row.cost_usd], ["image", 3, "/v1/images/generations", 0.06]);
    // Every request of this file was an image request; a refused one has no image count.
    assert.deepEqual([...new Set(rows.map((candidate) => candidate.operation))], ["image"]);
    assert.ok(rows.filter((candidate) => candidate.status === "error").every((candidate) => candidate.image_count === null));
  });
});
