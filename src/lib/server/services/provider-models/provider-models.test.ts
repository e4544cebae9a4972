import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { listModelsBody } from "../../../../../open-sse/src/handlers/list-models";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { createNode } from "../provider-nodes/create-node";
import { createConnection } from "../providers/create-connection";
import { ProviderConflictError, ProviderInputError, ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { updateProvider } from "../providers/update-provider";
import { addCustomModel } from "./add-custom-model";
import { buildProviderCatalog } from "./build-provider-catalog";
import { deleteCustomModel } from "./delete-custom-model";
import { listCustomModels } from "./list-custom-models";

const root = mkdtempSync(join(tmpdir(), "omniroute-custom-models-"));
after(() => rmSync(root, { recursive: true, force: true }));
const storageKey = randomBytes(32);

async function setup(): Promise<ProvidersDependencies> {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  return { configDb, storageKey, env: {} };
}

const snapshotOf = (dependencies: ProvidersDependencies) => buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false });

describe("custom models", () => {
  it("adds typed models that /v1/models lists with custom: true once the provider is active, updates and deletes them", async () => {
    const dependencies = await setup();
    const added = await addCustomModel(dependencies, { provider: "openai", modelId: "gpt-4.5-preview", modelName: "GPT-4.5 Preview" });
    assert.deepEqual(added, { created: true, model: { provider: "openai", id: "gpt-4.5-preview", qualifiedId: "openai/gpt-4.5-preview", name: "GPT-4.5 Preview", type: "chat" } });
    await addCustomModel(dependencies, { provider: "openai", modelId: "my-embedder", type: "embedding" });
    const again = await addCustomModel(dependencies, { provider: "openai", modelId: "my-embedder", modelName: "Mine", type: "embedding" });
    assert.deepEqual([again.created, again.model.name], [false, "Mine"]);
    assert.deepEqual(listCustomModels(dependencies, { provider: "openai" }).map((model) => model.qualifiedId), ["openai/gpt-4.5-preview", "openai/my-embedder"]);

    // Listed only when the provider has an active connection.
    const idle = JSON.parse(listModelsBody(snapshotOf(dependencies), 1)) as { data: { id: string }[] };
    assert.equal(idle.data.some((entry) => entry.id === "openai/gpt-4.5-preview"), false);
    await createConnection(dependencies, { provider: "openai", name: "k", apiKey: "sk-key-0000000000000000000" });
    const listed = (JSON.parse(listModelsBody(snapshotOf(dependencies), 1)) as { data: Record<string, unknown>[] }).data;
    assert.deepEqual(listed.find((entry) => entry.id === "openai/gpt-4.5-preview"), { id: "openai/gpt-4.5-preview", object: "model", created: 1, owned_by: "openai", custom: true });
    assert.deepEqual(listed.find((entry) => entry.id === "openai/my-embedder"), { id: "openai/my-embedder", object: "model", created: 1, owned_by: "openai", type: "embedding", custom: true });

    await deleteCustomModel(dependencies, { provider: "openai", model: "gpt-4.5-preview" });
    assert.deepEqual(listCustomModels(dependencies, {}).map((model) => model.id), ["my-embedder"]);
    await assert.rejects(deleteCustomModel(dependencies, { provider: "openai", model: "gpt-4.5-preview" }), ProviderNotFoundError);
  });

  it("refuses catalog ids, unknown providers and bad input", async () => {
    const dependencies = await setup();
    await assert.rejects(addCustomModel(dependencies, { provider: "openai", modelId: "gpt-4o" }), (error) => error instanceof ProviderConflictError && error.code === "model_exists");
    await assert.rejects(addCustomModel(dependencies, { provider: "nope", modelId: "m" }), ProviderNotFoundError);
    await assert.rejects(addCustomModel(dependencies, { provider: "openai", modelId: "has space", type: "audio" }), (error) => {
      assert.ok(error instanceof ProviderInputError);
      assert.match(error.problems.join("\n"), /^modelId: /m);
      assert.match(error.problems.join("\n"), /^type: /m);
      return true;
    });
    assert.throws(() => listCustomModels(dependencies, { provider: "nope" }), ProviderNotFoundError);
    assert.deepEqual(listCustomModels(dependencies, { provider: "groq" }), []);
    await assert.rejects(deleteCustomModel(dependencies, { provider: "openai" }), ProviderInputError);
  });
});

describe("buildProviderCatalog", () => {
  it("answers {catalog: {prefix: {provider, active, models: [{id, name, type, custom}]}}} with custom models named and typed", async () => {
    const dependencies = await setup();
    await createConnection(dependencies, { provider: "openai", name: "k", apiKey: "sk-key-0000000000000000000" });
    await addCustomModel(dependencies, { provider: "openai", modelId: "gpt-4.5-preview", modelName: "GPT-4.5 Preview" });
    await addCustomModel(dependencies, { provider: "groq", modelId: "painter", modelName: "Painter", type: "image" });
    await dependencies.configDb.update((draft) => {
      draft.settings.allowLocalUpstreams = true;
    });
    await createNode(dependencies, { name: "Off node", prefix: "off-node", apiFormat: "openai-chat", baseUrl: "http://127.0.0.1:9/v1", apiKey: "node-key-000000000000" });
    await addCustomModel(dependencies, { provider: "off-node", modelId: "m1", type: "embedding" });
    await updateProvider(dependencies, "off-node", { enabled: false });

    const { catalog } = buildProviderCatalog(dependencies.configDb.read(), snapshotOf(dependencies));
    assert.deepEqual(Object.keys(catalog.openai!).sort(), ["active", "models", "provider"]);
    assert.equal(catalog.openai!.active, true);
    assert.equal(catalog.openai!.provider, "OpenAI");
    assert.deepEqual(catalog.openai!.models.find((model) => model.id === "openai/gpt-4o"), { id: "openai/gpt-4o", name: "GPT-4o", type: "chat", custom: false });
    assert.deepEqual(catalog.openai!.models.find((model) => model.id === "openai/gpt-4.5-preview"), { id: "openai/gpt-4.5-preview", name: "GPT-4.5 Preview", type: "chat", custom: true });
    assert.equal(catalog.groq!.active, false);
    assert.deepEqual(catalog.groq!.models.find((model) => model.custom), { id: "groq/painter", name: "Painter", type: "image", custom: true });
    assert.deepEqual(catalog["off-node"], { provider: "Off node", active: false, models: [{ id: "off-node/m1", name: "m1", type: "embedding", custom: true }] });
    assert.equal(catalog.anthropic!.active, false, "every built-in is listed");
  });
});
