import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { ProviderConflictError, ProviderInputError, ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { deleteAlias } from "./delete-alias";
import { listAliases } from "./list-aliases";
import { setAlias } from "./set-alias";

const root = mkdtempSync(join(tmpdir(), "omniroute-aliases-"));
after(() => rmSync(root, { recursive: true, force: true }));
const storageKey = randomBytes(32);

async function setup(): Promise<ProvidersDependencies> {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  await configDb.update((draft) => {
    draft.combos.push({ name: "my-stack", models: ["openai/gpt-4o"] });
    draft.routing = { aliases: {}, defaultRoute: "my-stack" };
  });
  return { configDb, storageKey, env: {} };
}

describe("model aliases", () => {
  it("sets, re-points, lists and deletes aliases that the engine resolves; keeps the default route", async () => {
    const dependencies = await setup();
    assert.deepEqual(await setAlias(dependencies, { alias: "claude-opus-4-8", target: "my-stack" }), { alias: "claude-opus-4-8", target: "my-stack" });
    await setAlias(dependencies, { alias: "fast", target: "groq/llama-3.3-70b-versatile" });
    await setAlias(dependencies, { alias: "claude-opus-4-8", target: "anthropic/claude-sonnet-4-5" });
    assert.deepEqual(listAliases(dependencies), [
      { alias: "claude-opus-4-8", target: "anthropic/claude-sonnet-4-5" },
      { alias: "fast", target: "groq/llama-3.3-70b-versatile" },
    ]);
    const snapshot = buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false });
    assert.equal(snapshot.aliases?.get("fast"), "groq/llama-3.3-70b-versatile");
    assert.equal(dependencies.configDb.read().routing?.defaultRoute, "my-stack");
    await deleteAlias(dependencies, { alias: "fast" });
    assert.deepEqual(listAliases(dependencies).map((entry) => entry.alias), ["claude-opus-4-8"]);
    await assert.rejects(deleteAlias(dependencies, { alias: "fast" }), ProviderNotFoundError);
  });

  it("refuses unroutable targets, chains, combo names and bad names", async () => {
    const dependencies = await setup();
    await setAlias(dependencies, { alias: "a", target: "my-stack" });
    await assert.rejects(setAlias(dependencies, { alias: "x", target: "nope/model" }), ProviderInputError);
    await assert.rejects(setAlias(dependencies, { alias: "x", target: "gpt-4o" }), ProviderInputError, "bare ids are not targets");
    await assert.rejects(setAlias(dependencies, { alias: "x", target: "a" }), /aliases do not chain/);
    await assert.rejects(setAlias(dependencies, { alias: "x", target: "x" }), ProviderInputError);
    await assert.rejects(setAlias(dependencies, { alias: "my-stack", target: "openai/gpt-4o" }), (error) => error instanceof ProviderConflictError && error.code === "alias_taken");
    for (const alias of ["has space", "__proto__", ""]) {
      await assert.rejects(setAlias(dependencies, { alias, target: "openai/gpt-4o" }), ProviderInputError, alias);
    }
  });
});
