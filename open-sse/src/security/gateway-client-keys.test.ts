import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createGateway, type Gateway } from "../gateway";
import type { ClientKeyRuntime, GatewayPorts, GatewaySnapshot, ProviderRuntime } from "../ports";
import { createClientKeyDigester } from "./client-key-digest";
import { clientKeyLookupPrefix, generateClientKey } from "./client-key-format";

// Engine-level checks of client keys: authenticate → onClientKeyUsed → allowlist, with an upstream that
// must never be reached (its base URL is a closed port), so a 403 proves the refusal came first.
const digest = createClientKeyDigester(Buffer.alloc(32, 9));
const keys = { open: generateClientKey(), limited: generateClientKey(), disabled: generateClientKey(), expired: generateClientKey() };

function runtimeKey(name: keyof typeof keys, overrides: Partial<ClientKeyRuntime> = {}): ClientKeyRuntime {
  return { id: `id-${name}`, name, prefix: clientKeyLookupPrefix(keys[name]), digest: digest(keys[name]), enabled: true, expiresAt: null, allowedModels: null, ...overrides };
}

const provider: ProviderRuntime = {
  id: "openai",
  displayName: "OpenAI",
  apiFormat: "openai-chat",
  models: ["gpt-4o", "gpt-4o-mini"],
  strategy: "round-robin",
  accounts: [{ id: "a", name: "a", apiKey: "sk-x", baseUrl: "http://127.0.0.1:9/v1", priority: 0 }],
};

const snapshot: GatewaySnapshot = {
  settings: { requireApiKey: true, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 2_000, idleTimeoutMs: 2_000 },
  providers: new Map([["openai", provider]]),
  clientKeys: [
    runtimeKey("open"),
    runtimeKey("limited", { allowedModels: ["gpt-4o-mini", "cheap"] }),
    runtimeKey("disabled", { enabled: false }),
    runtimeKey("expired", { expiresAt: Date.now() - 1 }),
  ],
  combos: new Map([
    ["cheap", { models: ["openai/gpt-4o-mini"], strategy: "priority" }],
    ["big", { models: ["openai/gpt-4o"], strategy: "priority" }],
  ]),
};

const used: string[] = [];
let throwOnUse = false;
let gateway: Gateway;
let server: Server;
let baseUrl: string;

before(async () => {
  const ports: GatewayPorts = {
    config: { getSnapshot: () => snapshot },
    usage: { record: () => undefined },
    logger: { request: () => undefined, warn: () => undefined, error: () => undefined },
    digestClientKey: digest,
    onClientKeyUsed(keyId) {
      if (throwOnUse) throw new Error("bookkeeping broke");
      used.push(keyId);
    },
  };
  gateway = createGateway(ports);
  server = createServer((request, response) => gateway.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await gateway.close();
});

async function chat(key: string, model: string) {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "x" }] }),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; type: string } } };
}

async function listed(key: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/v1/models`, { headers: { "x-api-key": key } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { data: { id: string }[] }).data.map((entry) => entry.id).sort();
}

describe("gateway client keys", () => {
  it("refuses disabled and expired keys with 401", async () => {
    for (const name of ["disabled", "expired"] as const) {
      const result = await chat(keys[name], "openai/gpt-4o");
      assert.equal(result.status, 401, name);
      assert.equal(result.body.error?.code, "invalid_api_key");
    }
  });

  it("refuses a model outside the allowlist with an OpenAI-shaped 403 before any upstream call", async () => {
    for (const model of ["openai/gpt-4o", "gpt-4o", "big", "unknown-provider/x"]) {
      const result = await chat(keys.limited, model);
      if (model === "unknown-provider/x") {
        assert.equal(result.status, 400, "an unknown model stays a 400");
        continue;
      }
      assert.equal(result.status, 403, model);
      assert.equal(result.body.error?.code, "model_not_allowed");
    }
    // Allowed models go on to the (unreachable) upstream: not a 403.
    assert.notEqual((await chat(keys.limited, "gpt-4o-mini")).status, 403);
    assert.notEqual((await chat(keys.limited, "cheap")).status, 403);
  });

  it("lists only what the key may use", async () => {
    assert.deepEqual(await listed(keys.limited), ["cheap", "openai/gpt-4o-mini"]);
    assert.deepEqual(await listed(keys.open), ["big", "cheap", "openai/gpt-4o", "openai/gpt-4o-mini"]);
    const hidden = await fetch(`${baseUrl}/v1/models/big`, { headers: { "x-api-key": keys.limited } });
    await hidden.body?.cancel();
    assert.equal(hidden.status, 404);
  });

  it("reports each authenticated use by key id, and a failing reporter does not fail the request", async () => {
    used.length = 0;
    await listed(keys.open);
    await chat(keys.disabled, "openai/gpt-4o");
    assert.deepEqual(used, ["id-open"]);
    throwOnUse = true;
    try {
      assert.deepEqual(await listed(keys.open), ["big", "cheap", "openai/gpt-4o", "openai/gpt-4o-mini"]);
    } finally {
      throwOnUse = false;
    }
  });
});
