import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { AccountCredentials } from "../../../../open-sse/src/ports";
import { getBuiltInProvider, listBuiltInProviders } from "../../../../open-sse/src/providers/built-in-providers";
import { matchClientKey } from "../../../../open-sse/src/security/client-auth";
import { applyConfigFile } from "../config-file/apply-config-file";
import type { ConfigFile } from "../config-file/config-file-schema";
import { encryptSecret } from "../secrets/encrypt-secret";
import { buildGatewaySnapshot, createSnapshotStore, DEFAULT_FIRST_BYTE_TIMEOUT_MS } from "./build-gateway-snapshot";
import { emptyConfigDocument, type ConfigDocument, type StoredAccount, type StoredProvider, type StoredProxy } from "./config-db-schema";
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

describe("buildGatewaySnapshot: provider management fields", () => {
  const storageKey = secrets.storageKey;
  const at = "2026-01-01T00:00:00.000Z";
  const apiKeyAccount = (id: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
    id,
    name: id,
    apiKeyEncrypted: encryptSecret(`sk-${id}`, storageKey),
    baseUrl: null,
    priority: 0,
    enabled: true,
    createdAt: at,
    updatedAt: at,
    ...extra,
  });
  const oauthAccount = (id: string, status: "active" | "auth-failed" = "active"): StoredAccount => ({
    id,
    name: id,
    oauth: { credentialsEncrypted: encryptSecret("{}", storageKey), identity: { email: `${id}@example.com` }, status },
    baseUrl: null,
    priority: 0,
    enabled: true,
    createdAt: at,
    updatedAt: at,
  });
  const provider = (id: string, accounts: StoredAccount[], extra: Partial<StoredProvider> = {}): StoredProvider => ({
    id,
    type: "built-in",
    apiFormat: "openai-chat",
    displayName: id,
    baseUrl: null,
    models: [],
    strategy: "round-robin",
    accounts,
    enabled: true,
    customModels: [],
    ...extra,
  });
  const documentWith = (providers: StoredProvider[], change: (document: ConfigDocument) => void = () => undefined): ConfigDocument => {
    const document = emptyConfigDocument();
    document.providers = providers;
    change(document);
    return document;
  };
  const build = (document: ConfigDocument, extra: Partial<Parameters<typeof buildGatewaySnapshot>[1]> = {}) => {
    const warnings: string[] = [];
    const snapshot = buildGatewaySnapshot(document, { storageKey, defaultRequireApiKey: false, ...extra }, (message) => warnings.push(message));
    return { snapshot, warnings };
  };
  const proxy = (host: string, password?: string, key: Buffer = storageKey): StoredProxy => ({
    type: "http",
    host,
    port: 3128,
    username: "user",
    ...(password === undefined ? {} : { passwordEncrypted: encryptSecret(password, key) }),
  });

  it("leaves disabled providers and accounts out entirely", () => {
    const { snapshot, warnings } = build(
      documentWith([provider("openai", [apiKeyAccount("on"), apiKeyAccount("off", { enabled: false })]), provider("groq", [apiKeyAccount("g")], { enabled: false })]),
    );
    assert.deepEqual(snapshot.providers.get("openai")?.accounts.map((account) => account.id), ["on"]);
    assert.equal(snapshot.providers.has("groq"), false);
    assert.deepEqual(warnings, []);
  });

  it("gives OAuth accounts an empty key and the token manager's credentials; skips refused logins and missing managers", () => {
    const credentials: AccountCredentials = {
      current: async () => ({ accessToken: "at", expiresAt: null, extras: {} }),
      refreshAfterRejection: async () => undefined,
    };
    const asked: string[] = [];
    const credentialsFor = (providerId: string, accountId: string) => {
      asked.push(`${providerId}:${accountId}`);
      return accountId === "unknown-to-manager" ? undefined : credentials;
    };
    const document = documentWith([provider("anthropic", [oauthAccount("sub"), oauthAccount("refused", "auth-failed"), oauthAccount("unknown-to-manager"), apiKeyAccount("key")])]);
    const { snapshot, warnings } = build(document, { credentialsFor });
    const accounts = snapshot.providers.get("anthropic")!.accounts;
    assert.deepEqual(
      accounts.map((account) => [account.id, account.apiKey, account.credentials === credentials]),
      [
        ["sub", "", true],
        ["key", "sk-key", false],
      ],
    );
    assert.ok(!("credentials" in accounts[1]!));
    assert.deepEqual(asked, ["anthropic:sub", "anthropic:unknown-to-manager"], "a refused login is not even asked for");
    assert.equal(warnings.filter((warning) => /OAuth login was refused/.test(warning)).length, 1);
    assert.equal(warnings.filter((warning) => /no token manager/.test(warning)).length, 1);

    const withoutManager = build(document);
    assert.deepEqual(withoutManager.snapshot.providers.get("anthropic")!.accounts.map((account) => account.id), ["key"]);
    assert.equal(withoutManager.warnings.filter((warning) => /no token manager/.test(warning)).length, 2);
  });

  it("builds proxy URLs: the account's own, the provider's or else the global one, and the combo's", () => {
    const document = documentWith(
      [
        provider("openai", [apiKeyAccount("proxied", { proxy: proxy("account.proxy", "p@ss") }), apiKeyAccount("plain", { proxy: null })], { proxy: proxy("provider.proxy") }),
        provider("groq", [apiKeyAccount("g")]),
      ],
      (draft) => {
        draft.settings.proxy = { global: { type: "socks5", host: "::1", port: 1080 } };
        draft.combos = [
          { name: "via-proxy", models: ["openai/gpt-4o"], proxy: proxy("combo.proxy") },
          { name: "direct", models: ["openai/gpt-4o"] },
        ];
      },
    );
    const { snapshot, warnings } = build(document);
    const openai = snapshot.providers.get("openai")!;
    assert.equal(openai.accounts[0]?.proxyUrl, "http://user:p%40ss@account.proxy:3128");
    assert.ok(!("proxyUrl" in openai.accounts[1]!));
    assert.equal(openai.proxyUrl, "http://user@provider.proxy:3128", "the provider's own wins over the global one");
    assert.equal(snapshot.providers.get("groq")?.proxyUrl, "socks5://[::1]:1080", "the global one fills in");
    assert.equal(snapshot.combos.get("via-proxy")?.proxyUrl, "http://user@combo.proxy:3128");
    assert.ok(!("proxyUrl" in snapshot.combos.get("direct")!));
    assert.deepEqual(warnings, []);
  });

  it("fails closed when a proxy password cannot be decrypted: the account, provider or combo is left out", () => {
    const foreign = randomBytes(32);
    const document = documentWith(
      [
        provider("openai", [apiKeyAccount("bad", { proxy: proxy("a", "pw", foreign) }), apiKeyAccount("good")]),
        provider("groq", [apiKeyAccount("g")], { proxy: proxy("p", "pw", foreign) }),
      ],
      (draft) => {
        draft.combos = [{ name: "c", models: ["openai/gpt-4o"], proxy: proxy("c", "pw", foreign) }];
      },
    );
    const { snapshot, warnings } = build(document);
    assert.deepEqual(snapshot.providers.get("openai")?.accounts.map((account) => account.id), ["good"]);
    assert.equal(snapshot.providers.has("groq"), false);
    assert.equal(snapshot.combos.has("c"), false);
    assert.equal(warnings.length, 3);
    assert.ok(warnings.every((warning) => !warning.includes("pw")));
  });

  it("fills contextWindows and non-chat modelTypes from the catalog, and adds typed custom models", () => {
    const document = documentWith([
      provider("openai", [apiKeyAccount("a")], {
        customModels: [
          { id: "gpt-4.5-preview", name: "GPT-4.5 Preview", type: "chat" },
          { id: "my-embedder", name: "Mine", type: "embedding" },
        ],
      }),
    ]);
    const openai = build(document).snapshot.providers.get("openai")!;
    const catalog = getBuiltInProvider("openai")!.catalog;
    const gpt4o = catalog.find((model) => model.id === "gpt-4o")!;
    assert.equal(openai.contextWindows?.get("gpt-4o"), gpt4o.contextWindow);
    assert.equal(openai.contextWindows?.get("gpt-4o"), 128_000);
    assert.equal(openai.modelTypes?.get("text-embedding-3-small"), "embedding");
    assert.equal(openai.modelTypes?.get("gpt-image-1"), "image");
    assert.equal(openai.modelTypes?.get("gpt-4o"), undefined, "chat is the default and is not listed");
    assert.equal(openai.modelTypes?.get("my-embedder"), "embedding");
    assert.ok(openai.models.includes("gpt-4.5-preview") && openai.models.includes("my-embedder"), "custom models are routable and listed");
    assert.equal(openai.hiddenFromModelList, undefined);
    assert.equal(openai.executor, getBuiltInProvider("openai")!.executor);
  });

  it("passes a built-in provider's executor on (subscription backends)", (context) => {
    const withExecutor = listBuiltInProviders().find((candidate) => candidate.executor !== undefined && candidate.apiFormat !== "ollama");
    if (withExecutor === undefined) {
      context.skip("no built-in provider has an executor in this build");
      return;
    }
    const stored = provider(withExecutor.id, [apiKeyAccount("a")], { apiFormat: withExecutor.apiFormat as StoredProvider["apiFormat"] });
    assert.equal(build(documentWith([stored])).snapshot.providers.get(withExecutor.id)?.executor, withExecutor.executor);
  });

  it("gives a custom node no catalog facts and passes hideFromModelList on", () => {
    const node = provider("my-node", [apiKeyAccount("n")], {
      type: "openai-compatible",
      baseUrl: "https://node.example/v1",
      nodeName: "My node",
      hideFromModelList: true,
      customModels: [{ id: "flux", name: "Flux", type: "image" }],
    });
    const runtime = build(documentWith([node])).snapshot.providers.get("my-node")!;
    assert.equal(runtime.hiddenFromModelList, true);
    assert.equal(runtime.contextWindows, undefined);
    assert.deepEqual([...(runtime.modelTypes ?? [])], [["flux", "image"]]);
    assert.deepEqual(runtime.models, ["flux"]);
    assert.equal(runtime.executor, undefined);
  });
});
