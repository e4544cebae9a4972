import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { createGateway, type Gateway } from "../../open-sse/src/gateway";
import type { GatewaySnapshot, ProviderRuntime } from "../../open-sse/src/ports";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

// Context-length errors advance only to targets with a larger context window (TESTPLAN 9). The provider catalog
// will fill `contextWindows`; until then only the engine sees them, so this runs the engine in-process.
const mocks: Record<string, OpenAiMock> = {};
let gateway: Gateway;
let server: Server;
let baseUrl: string;

const contextError = {
  kind: "status" as const,
  status: 400,
  body: { error: { message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", type: "invalid_request_error", code: "context_length_exceeded" } },
};

function provider(id: string, window?: number): ProviderRuntime {
  return {
    id,
    displayName: id,
    apiFormat: "openai-chat",
    models: ["m"],
    strategy: "round-robin",
    accounts: [{ id: `${id}-account`, name: `${id}-account`, apiKey: `sk-${id}`, baseUrl: mocks[id]!.url, priority: 0 }],
    ...(window !== undefined ? { contextWindows: new Map([["m", window]]) } : {}),
  };
}

before(async () => {
  for (const id of ["small", "same", "bigger", "unknown"]) mocks[id] = await startOpenAiMock();
  const snapshot: GatewaySnapshot = {
    settings: { requireApiKey: false, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 2_000, idleTimeoutMs: 2_000 },
    providers: new Map([
      ["small", provider("small", 8_192)],
      ["same", provider("same", 8_192)],
      ["bigger", provider("bigger", 200_000)],
      ["unknown", provider("unknown")],
    ]),
    clientKeys: [],
    combos: new Map([
      ["small-same-bigger", { models: ["small/m", "same/m", "bigger/m"], strategy: "priority" }],
      ["small-unknown", { models: ["small/m", "unknown/m"], strategy: "priority" }],
      ["small-same", { models: ["small/m", "same/m"], strategy: "priority" }],
    ]),
  };
  gateway = createGateway({
    config: { getSnapshot: () => snapshot },
    usage: { record: () => undefined },
    logger: { request: () => undefined, warn: () => undefined, error: () => undefined },
  });
  server = createServer((request, response) => gateway.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await gateway.close();
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
});

beforeEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
  mocks.small!.setDefault(contextError);
});

async function chat(model: string) {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "a very long prompt" }] }),
  });
  return { status: response.status, provider: response.headers.get("x-omniroute-provider"), attempts: response.headers.get("x-omniroute-attempts"), body: (await response.json()) as { error?: { message: string } } };
}

describe("context-length fallback (TESTPLAN 9)", () => {
  it("skips a target whose window is no larger than the one that refused, and tries a larger one", async () => {
    const result = await chat("small-same-bigger");
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.provider, "bigger");
    assert.equal(result.attempts, "2");
    assert.equal(mocks.same!.requests.length, 0, "the same-sized window is not asked");
  });

  it("advances normally to a target whose window is unknown", async () => {
    const result = await chat("small-unknown");
    assert.equal(result.status, 200);
    assert.equal(result.provider, "unknown");
  });

  it("with no larger window left, the client gets the first target's context-length error", async () => {
    const result = await chat("small-same");
    assert.equal(result.status, 400);
    assert.match(result.body.error?.message ?? "", /context length/i);
    assert.equal(mocks.same!.requests.length, 0);
    assert.equal(mocks.small!.requests.length, 1);
  });
});
