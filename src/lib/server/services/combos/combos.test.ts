import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { ComboInputError, ComboNameTakenError, ComboNotFoundError } from "./combo-errors";
import { createCombo } from "./create-combo";
import { deleteCombo } from "./delete-combo";
import { getCombo } from "./get-combo";
import { listCombos } from "./list-combos";
import { updateCombo } from "./update-combo";

const root = mkdtempSync(join(tmpdir(), "omniroute-combos-"));
after(() => rmSync(root, { recursive: true, force: true }));

async function setup() {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  await configDb.update((draft) => {
    draft.providers.push(
      { id: "openai", type: "built-in", apiFormat: "openai-chat", displayName: "OpenAI", baseUrl: null, models: [], strategy: "round-robin", accounts: [], enabled: true, customModels: [] },
      { id: "mine", type: "openai-compatible", apiFormat: "openai-chat", displayName: "Mine", baseUrl: "https://x.example/v1", models: ["local-llama"], strategy: "round-robin", accounts: [], enabled: true, customModels: [] },
    );
  });
  return { configDb, now: () => new Date("2026-06-01T00:00:00Z") };
}

async function problemsOf(action: Promise<unknown>): Promise<readonly string[]> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ComboInputError) return error.problems;
    throw error;
  }
  assert.fail("expected a ComboInputError");
}

describe("combo services", () => {
  it("creates, lists, gets, updates and deletes a combo, with defaults and timestamps", async () => {
    const dependencies = await setup();
    const created = await createCombo(dependencies, { name: "stack", models: ["openai/gpt-4o", "local-llama", "gpt-4o-mini"] });
    assert.deepEqual(created, {
      name: "stack",
      models: ["openai/gpt-4o", "local-llama", "gpt-4o-mini"],
      strategy: "priority",
      weights: null,
      enabled: true,
      createdAt: "2026-06-01T00:00:00.000Z",
      updatedAt: "2026-06-01T00:00:00.000Z",
    });
    assert.deepEqual(listCombos(dependencies).map((combo) => combo.name), ["stack"]);
    assert.equal(getCombo(dependencies, "stack").strategy, "priority");

    const later = { ...dependencies, now: () => new Date("2026-06-02T00:00:00Z") };
    const updated = await updateCombo(later, "stack", { strategy: "round-robin", weights: [3, 1, 1] });
    assert.equal(updated.strategy, "round-robin");
    assert.deepEqual(updated.weights, [3, 1, 1]);
    assert.equal(updated.updatedAt, "2026-06-02T00:00:00.000Z");
    assert.equal(updated.createdAt, "2026-06-01T00:00:00.000Z");
    assert.deepEqual(
      buildGatewaySnapshot(dependencies.configDb.read(), { storageKey: randomBytes(32), defaultRequireApiKey: false }).combos.get("stack"),
      { models: ["openai/gpt-4o", "local-llama", "gpt-4o-mini"], strategy: "round-robin", weights: [3, 1, 1] },
    );

    assert.equal((await updateCombo(dependencies, "stack", { weights: null })).weights, null);
    await deleteCombo(dependencies, "stack");
    assert.deepEqual(listCombos(dependencies), []);
    assert.throws(() => getCombo(dependencies, "stack"), ComboNotFoundError);
    await assert.rejects(deleteCombo(dependencies, "stack"), ComboNotFoundError);
    await assert.rejects(updateCombo(dependencies, "stack", { enabled: false }), ComboNotFoundError);
  });

  it("leaves disabled combos out of the snapshot", async () => {
    const dependencies = await setup();
    await createCombo(dependencies, { name: "off", models: ["openai/gpt-4o"], enabled: false });
    await createCombo(dependencies, { name: "on", models: ["openai/gpt-4o"] });
    const snapshot = buildGatewaySnapshot(dependencies.configDb.read(), { storageKey: randomBytes(32), defaultRequireApiKey: false });
    assert.deepEqual([...snapshot.combos.keys()], ["on"]);
    assert.equal(listCombos(dependencies).length, 2);
  });

  it("names the index of a member that routes nowhere", async () => {
    const dependencies = await setup();
    const problems = await problemsOf(createCombo(dependencies, { name: "c", models: ["openai/gpt-4o", "mine/x", "nope/x", "mystery"] }));
    assert.deepEqual(problems, [
      "models[2]: unknown provider 'nope'",
      "models[3]: unknown model 'mystery': use '<provider>/<model>' or a model id a configured provider lists",
    ]);
  });

  it("refuses a combo inside a combo, including itself", async () => {
    const dependencies = await setup();
    await createCombo(dependencies, { name: "inner", models: ["openai/gpt-4o"] });
    assert.deepEqual(await problemsOf(createCombo(dependencies, { name: "outer", models: ["inner"] })), [
      "models[0]: 'inner' is a combo; combos cannot contain combos (nesting is not supported yet)",
    ]);
    assert.deepEqual(await problemsOf(updateCombo(dependencies, "inner", { models: ["openai/gpt-4o", "inner"] })), [
      "models[1]: a combo cannot contain itself",
    ]);
  });

  it("validates shape with zod path messages and weights against the models", async () => {
    const dependencies = await setup();
    assert.deepEqual(await problemsOf(createCombo(dependencies, { name: "bad name!", models: [], weights: [0], extra: 1 })), [
      "name: must start with a letter or digit and contain only letters, digits, -, _ and .",
      "models: must list at least one model",
      "weights[0]: must be positive",
      "extra: unknown key",
    ]);
    assert.deepEqual(await problemsOf(createCombo(dependencies, { name: "c", models: ["openai/gpt-4o"], weights: [1, 2] })), [
      "weights: must have one weight per model",
    ]);
    await createCombo(dependencies, { name: "c", models: ["openai/gpt-4o"], strategy: "round-robin", weights: [2] });
    // New members need new weights: checked after the merge.
    assert.deepEqual(await problemsOf(updateCombo(dependencies, "c", { models: ["openai/gpt-4o", "mine/m"] })), [
      "weights: must have one weight per model",
    ]);
    assert.deepEqual(await problemsOf(updateCombo(dependencies, "c", { name: "d" })), ["name: unknown key"]);
  });

  it("refuses names taken by another combo or a provider (configured or built-in)", async () => {
    const dependencies = await setup();
    await createCombo(dependencies, { name: "stack", models: ["openai/gpt-4o"] });
    await assert.rejects(createCombo(dependencies, { name: "Stack", models: ["openai/gpt-4o"] }), ComboNameTakenError);
    await assert.rejects(createCombo(dependencies, { name: "mine", models: ["openai/gpt-4o"] }), /'mine' is already a provider id/);
    await assert.rejects(createCombo(dependencies, { name: "anthropic", models: ["openai/gpt-4o"] }), ComboNameTakenError);
  });
});
