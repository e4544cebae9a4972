import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { matchClientKey } from "../../../../open-sse/src/security/client-auth";
import { applyConfigFile } from "../config-file/apply-config-file";
import type { ConfigFile } from "../config-file/config-file-schema";
import { encryptSecret } from "../secrets/encrypt-secret";
import { createSnapshotStore, DEFAULT_FIRST_BYTE_TIMEOUT_MS } from "./build-gateway-snapshot";
import { openConfigDb } from "./open-config-db";

const root = mkdtempSync(join(tmpdir(), "omniroute-snapshot-"));
after(() => rmSync(root, { recursive: true, force: true }));

const secrets = { apiKeySecret: randomBytes(32), storageKey: randomBytes(32) };

const config: ConfigFile = {
  security: { allowLocalUpstreams: true },
  apiKeys: [{ name: "ci", key: "omr-test-key-123" }],
  providers: [
    { id: "openai", models: ["my-fine-tune", "gpt-4o"], accounts: [{ name: "mock", apiKey: "sk-a", baseUrl: "http://127.0.0.1:9001/v1" }, { name: "real", apiKey: "sk-b" }] },
    { id: "anthropic", baseUrl: "http://127.0.0.1:9002", accounts: [{ apiKey: "sk-c" }] },
    { id: "my-node", type: "openai-compatible", apiFormat: "responses", baseUrl: "http://127.0.0.1:9003/v1", models: ["m1"], strategy: "priority", accounts: [{ apiKey: "x" }, { apiKey: "y", baseUrl: "http://127.0.0.1:9005/v1" }] },
  ],
  combos: [{ name: "my-stack", models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"] }],
};

async function storeWith(file: ConfigFile, extra: { defaultRequireApiKey?: boolean } = {}) {
  const dataDir = mkdtempSync(join(root, "data-"));
  const db = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  await applyConfigFile(db, file, secrets);
  const warnings: string[] = [];
  const store = createSnapshotStore({
    configDb: db,
    storageKey: secrets.storageKey,
    apiKeySecret: secrets.apiKeySecret,
    defaultRequireApiKey: extra.defaultRequireApiKey ?? false,
    warn: (message) => warnings.push(message),
  });
  after(() => store.close());
  return { db, store, warnings };
}

describe("createSnapshotStore", () => {
  it("decrypts account keys and resolves base URLs, formats and models", async () => {
    const { store, warnings } = await storeWith(config);
    const snapshot = store.getSnapshot();
    const openai = snapshot.providers.get("openai");
    assert.deepEqual(openai?.accounts.map(({ name, apiKey, baseUrl }) => ({ name, apiKey, baseUrl })), [
      { name: "mock", apiKey: "sk-a", baseUrl: "http://127.0.0.1:9001/v1" },
      { name: "real", apiKey: "sk-b", baseUrl: "https://api.openai.com/v1" },
    ]);
    assert.equal(openai?.apiFormat, "openai-chat");
    assert.equal(openai?.displayName, "OpenAI");
    assert.ok(openai?.models.includes("gpt-4o-mini"), "built-in models listed");
    assert.ok(openai?.models.includes("my-fine-tune"), "configured extras listed");
    assert.equal(openai?.models.filter((model) => model === "gpt-4o").length, 1);

    const anthropic = snapshot.providers.get("anthropic");
    assert.equal(anthropic?.apiFormat, "anthropic-messages");
    assert.equal(anthropic?.accounts[0]?.baseUrl, "http://127.0.0.1:9002", "provider base URL overrides the built-in one");
    assert.equal(anthropic?.accounts[0]?.name, "account-1");

    const node = snapshot.providers.get("my-node");
    assert.equal(node?.apiFormat, "openai-responses");
    assert.equal(node?.strategy, "priority");
    assert.deepEqual(node?.models, ["m1"]);
    assert.deepEqual(node?.accounts.map((account) => account.baseUrl), ["http://127.0.0.1:9003/v1", "http://127.0.0.1:9005/v1"]);

    assert.deepEqual(snapshot.combos.get("my-stack"), { models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"], strategy: "priority" });
    assert.equal(snapshot.settings.firstByteTimeoutMs, DEFAULT_FIRST_BYTE_TIMEOUT_MS);
    assert.deepEqual(warnings, []);
  });

  it("lets the engine match a presented client key with the exported digester", async () => {
    const { store } = await storeWith(config);
    const digest = store.digestClientKey;
    assert.ok(digest);
    const keys = store.getSnapshot().clientKeys;
    assert.equal(matchClientKey("omr-test-key-123", keys, digest)?.name, "ci");
    assert.equal(matchClientKey("omr-test-key-124", keys, digest), undefined);
  });

  it("returns the same object until the document changes, then rebuilds", async () => {
    const { db, store } = await storeWith(config);
    const first = store.getSnapshot();
    assert.equal(store.getSnapshot(), first);
    await db.update((draft) => {
      draft.combos.push({ name: "another", models: ["openai/gpt-4o"] });
    });
    const second = store.getSnapshot();
    assert.notEqual(second, first);
    assert.deepEqual(second.combos.get("another"), { models: ["openai/gpt-4o"], strategy: "priority" });
  });

  it("decides requireApiKey by bind only when the store leaves it null", async () => {
    assert.equal((await storeWith({}, { defaultRequireApiKey: true })).store.getSnapshot().settings.requireApiKey, true);
    assert.equal((await storeWith({}, { defaultRequireApiKey: false })).store.getSnapshot().settings.requireApiKey, false);
    const explicit = await storeWith({ server: { requireApiKey: false } }, { defaultRequireApiKey: true });
    assert.equal(explicit.store.getSnapshot().settings.requireApiKey, false);
  });

  it("has no system prompt and no thinking policy by default", async () => {
    const settings = (await storeWith({})).store.getSnapshot().settings;
    assert.equal(settings.systemPrompt, undefined);
    assert.equal(settings.thinking, undefined);
  });

  it("passes the system prompt on only while it is enabled and not blank", async () => {
    const { db, store } = await storeWith({});
    await db.update((draft) => {
      draft.settings.systemPrompt = { enabled: true, text: "Answer in French.", position: "prepend" };
    });
    assert.deepEqual(store.getSnapshot().settings.systemPrompt, { text: "Answer in French.", position: "prepend" });
    await db.update((draft) => {
      draft.settings.systemPrompt = { enabled: false, text: "Answer in French.", position: "prepend" };
    });
    assert.equal(store.getSnapshot().settings.systemPrompt, undefined);
    await db.update((draft) => {
      draft.settings.systemPrompt = { enabled: true, text: " \n ", position: "append" };
    });
    assert.equal(store.getSnapshot().settings.systemPrompt, undefined);
  });

  it("maps the thinking policies, leaving them out when every one is passthrough", async () => {
    const { db, store } = await storeWith({});
    await db.update((draft) => {
      draft.settings.thinking = {
        global: { mode: "effort", effort: "low" },
        perModel: { "anthropic/claude-sonnet-4-5": { mode: "budget", budgetTokens: 8_000 }, "gpt-4o": { mode: "passthrough" } },
      };
    });
    const thinking = store.getSnapshot().settings.thinking;
    assert.deepEqual(thinking?.global, { mode: "effort", effort: "low" });
    assert.deepEqual(
      [...(thinking?.perModel ?? new Map())],
      [
        ["anthropic/claude-sonnet-4-5", { mode: "budget", budgetTokens: 8_000 }],
        ["gpt-4o", { mode: "passthrough" }],
      ],
    );

    // A per-model policy alone is enough to need the settings.
    await db.update((draft) => {
      draft.settings.thinking = { global: { mode: "passthrough" }, perModel: { o3: { mode: "effort", effort: "high" } } };
    });
    assert.deepEqual(store.getSnapshot().settings.thinking?.perModel.get("o3"), { mode: "effort", effort: "high" });

    await db.update((draft) => {
      draft.settings.thinking = { global: { mode: "passthrough" }, perModel: { o3: { mode: "passthrough" } } };
    });
    assert.equal(store.getSnapshot().settings.thinking, undefined);
  });

  it("refuses stored thinking and prompt values out of bounds", async () => {
    const { db } = await storeWith({});
    await assert.rejects(
      db.update((draft) => {
        draft.settings.thinking = { global: { mode: "budget", budgetTokens: 128_001 }, perModel: {} };
      }),
      /budgetTokens/,
    );
    await assert.rejects(
      db.update((draft) => {
        draft.settings.systemPrompt = { enabled: true, text: "x".repeat(100 * 1024 + 1), position: "append" };
      }),
      /systemPrompt\.text/,
    );
  });

  it("leaves out accounts it cannot use, with a warning that holds no secret", async () => {
    const { db, store, warnings } = await storeWith(config);
    await db.update((draft) => {
      const openai = draft.providers.find((provider) => provider.id === "openai");
      const account = openai?.accounts[1];
      if (account) account.apiKeyEncrypted = encryptSecret("sk-b", randomBytes(32));
      draft.settings.allowLocalUpstreams = false;
    });
    const snapshot = store.getSnapshot();
    assert.deepEqual(snapshot.providers.get("openai")?.accounts, []);
    assert.deepEqual(snapshot.providers.get("my-node")?.accounts, []);
    assert.ok(warnings.some((warning) => /cannot be decrypted/.test(warning)));
    assert.ok(warnings.some((warning) => /local-address/.test(warning)));
    assert.ok(warnings.every((warning) => !warning.includes("sk-")));
  });
  it("passes account limits and the session idle time to the engine only where set", async () => {
    const { store } = await storeWith({
      security: { allowLocalUpstreams: true },
      limits: { sessionIdleMs: 900_000 },
      providers: [{ id: "openai", accounts: [{ name: "capped", apiKey: "sk-a", maxConcurrent: 2, requestsPerMinute: 90 }, { name: "free", apiKey: "sk-b" }] }],
    });
    const snapshot = store.getSnapshot();
    const [capped, free] = snapshot.providers.get("openai")!.accounts;
    assert.deepEqual([capped?.maxConcurrent, capped?.requestsPerMinute], [2, 90]);
    assert.ok(free !== undefined && !("maxConcurrent" in free) && !("requestsPerMinute" in free));
    assert.equal(snapshot.settings.sessionIdleMs, 900_000);
    const { store: plain } = await storeWith(config);
    assert.ok(!("sessionIdleMs" in plain.getSnapshot().settings), "absent: the engine default applies");
  });
});
