import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { createConnection } from "../providers/create-connection";
import { ProviderConflictError, ProviderInputError, ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { createNode } from "./create-node";
import { deleteNode } from "./delete-node";
import { getNode, listNodes } from "./list-nodes";
import { updateNode } from "./update-node";

const root = mkdtempSync(join(tmpdir(), "omniroute-nodes-"));
after(() => rmSync(root, { recursive: true, force: true }));
const storageKey = randomBytes(32);

async function setup(env: Record<string, string> = {}): Promise<ProvidersDependencies> {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  await configDb.update((draft) => {
    draft.settings.allowLocalUpstreams = true;
    draft.combos.push({ name: "my-stack", models: ["openai/gpt-4o"] });
  });
  return { configDb, storageKey, env, now: () => new Date("2026-06-01T00:00:00Z") };
}

const conflict = (code: string) => (error: unknown) => error instanceof ProviderConflictError && error.code === code;

describe("custom provider nodes", () => {
  it("creates an OpenAI- and an Anthropic-compatible node that the engine routes by prefix", async () => {
    const dependencies = await setup();
    const node = await createNode(dependencies, { name: "Local LLM", prefix: "local", apiFormat: "openai-chat", baseUrl: "http://127.0.0.1:1234/v1", apiKey: "node-key-1234567890abcdef" });
    assert.deepEqual([node.id, node.prefix, node.name, node.type, node.apiFormat, node.enabled], ["local", "local", "Local LLM", "openai-compatible", "openai-chat", true]);
    assert.deepEqual(node.connections.map((connection) => [connection.id, connection.apiKey]), [["local:default", "nod…cdef"]]);
    const claude = await createNode(dependencies, { name: "Claude proxy", prefix: "cproxy", apiFormat: "anthropic-messages", baseUrl: "https://claude.example" });
    assert.deepEqual([claude.type, claude.connections], ["anthropic-compatible", []]);
    assert.deepEqual(listNodes(dependencies).map((entry) => entry.id), ["local", "cproxy"]);

    const snapshot = buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false });
    const local = snapshot.providers.get("local");
    assert.deepEqual([local?.apiFormat, local?.displayName, local?.accounts[0]?.baseUrl, local?.accounts[0]?.apiKey], ["openai-chat", "Local LLM", "http://127.0.0.1:1234/v1", "node-key-1234567890abcdef"]);
    assert.equal(snapshot.providers.get("cproxy")?.apiFormat, "anthropic-messages");
  });

  it("refuses prefixes of built-ins, other nodes and combos, bad prefixes and refused URLs", async () => {
    const dependencies = await setup();
    await createNode(dependencies, { name: "n", prefix: "node-a", apiFormat: "openai-chat", baseUrl: "https://a.example/v1" });
    for (const prefix of ["openai", "OpenAI", "NODE-A", "my-stack"]) {
      await assert.rejects(createNode(dependencies, { name: "n", prefix, apiFormat: "openai-chat", baseUrl: "https://b.example/v1" }), conflict("prefix_taken"), prefix);
    }
    for (const prefix of ["a/b", "a:b", "-x", ""]) {
      await assert.rejects(createNode(dependencies, { name: "n", prefix, apiFormat: "openai-chat", baseUrl: "https://b.example/v1" }), ProviderInputError, prefix);
    }
    await assert.rejects(createNode(dependencies, { name: "n", prefix: "meta", apiFormat: "openai-chat", baseUrl: "http://169.254.169.254/" }), /cloud metadata/);
    await assert.rejects(createNode(dependencies, { name: "n", prefix: "g", apiFormat: "gemini", baseUrl: "https://b.example" }), ProviderInputError);
  });

  it("allows one connection per node unless ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true", async () => {
    const dependencies = await setup();
    await createNode(dependencies, { name: "n", prefix: "solo", apiFormat: "openai-chat", baseUrl: "https://a.example/v1", apiKey: "first-key-0000000000" });
    await assert.rejects(createConnection(dependencies, { provider: "solo", name: "second", apiKey: "second-key-000000000" }), (error: unknown) => {
      assert.ok(conflict("connection_limit")(error));
      assert.match((error as Error).message, /ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true/);
      return true;
    });
    const multi = await setup({ ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE: "true" });
    await createNode(multi, { name: "n", prefix: "pool", apiFormat: "openai-chat", baseUrl: "https://a.example/v1", apiKey: "first-key-0000000000" });
    await createConnection(multi, { provider: "pool", name: "second", apiKey: "second-key-000000000" });
    assert.equal(getNode(multi, "pool").connections.length, 2);
  });

  it("updates name, URL, format and enabled (the prefix stays) and deletes with everything it holds", async () => {
    const dependencies = await setup();
    await createNode(dependencies, { name: "n", prefix: "edit-me", apiFormat: "openai-chat", baseUrl: "https://a.example/v1", apiKey: "node-key-000000000000" });
    const updated = await updateNode(dependencies, "edit-me", { name: "Renamed", apiFormat: "anthropic-messages", baseUrl: "https://b.example", enabled: false });
    assert.deepEqual([updated.name, updated.type, updated.apiFormat, updated.baseUrl, updated.enabled], ["Renamed", "anthropic-compatible", "anthropic-messages", "https://b.example", false]);
    assert.equal(buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false }).providers.has("edit-me"), false, "disabled");
    await assert.rejects(updateNode(dependencies, "edit-me", { prefix: "other" }), ProviderInputError);
    await assert.rejects(updateNode(dependencies, "openai", { name: "x" }), ProviderNotFoundError, "built-ins are not nodes");
    await deleteNode(dependencies, "edit-me");
    assert.deepEqual(listNodes(dependencies), []);
    await assert.rejects(deleteNode(dependencies, "edit-me"), ProviderNotFoundError);
  });
});
