import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openConfigDb } from "../config-db/open-config-db";
import { resilienceProfilesOf } from "../config-db/stored-resilience-profiles";
import { decryptSecret } from "../secrets/encrypt-secret";
import { hashClientKey } from "../secrets/hash-client-key";
import { applyConfigFile } from "./apply-config-file";
import { configFileSchema, type ConfigFile } from "./config-file-schema";
import { formatZodIssues } from "./format-zod-issues";
import { ConfigFileError } from "./load-config-file";

const root = mkdtempSync(join(tmpdir(), "omniroute-apply-"));
after(() => rmSync(root, { recursive: true, force: true }));

const secrets = { apiKeySecret: randomBytes(32), storageKey: randomBytes(32) };
const canary = "sk-canary-apply-0123456789abcdef";

const config: ConfigFile = {
  server: { requireApiKey: true },
  security: { allowLocalUpstreams: true },
  limits: { maxBodyBytes: 5_000_000 },
  apiKeys: [{ name: "ci", key: "omr-test-key-123" }],
  providers: [
    { id: "openai", accounts: [{ name: "a1", apiKey: canary, baseUrl: "http://127.0.0.1:9001/v1" }, { apiKey: "sk-second" }] },
    { id: "my-node", type: "openai-compatible", apiFormat: "responses", baseUrl: "http://127.0.0.1:9003/v1", models: ["m1"], strategy: "priority", accounts: [{ apiKey: "x", priority: 5 }] },
    { id: "my-claude-node", type: "anthropic-compatible", baseUrl: "http://127.0.0.1:9004", accounts: [{ apiKey: "z" }] },
  ],
  combos: [{ name: "my-stack", models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"] }],
};

async function freshDb() {
  const dataDir = mkdtempSync(join(root, "data-"));
  const file = join(dataDir, "db.json");
  return { dataDir, file, db: await openConfigDb({ file, backupsDir: join(dataDir, "backups") }) };
}

describe("applyConfigFile", () => {
  it("stores providers, accounts, keys, combos and settings; secrets only in protected form", async () => {
    const { file, db } = await freshDb();
    const result = await applyConfigFile(db, config, secrets);
    assert.deepEqual(result, { providers: 3, accounts: 4, apiKeys: 1, combos: 1, changed: true });

    const document = db.read();
    assert.deepEqual(document.settings, { requireApiKey: true, allowLocalUpstreams: true, maxBodyBytes: 5_000_000 });
    const [openai, node, claudeNode] = document.providers;
    assert.equal(openai?.type, "built-in");
    assert.equal(openai?.apiFormat, "openai-chat");
    assert.equal(openai?.baseUrl, null);
    assert.deepEqual(openai?.accounts.map(({ id, name, baseUrl, priority }) => ({ id, name, baseUrl, priority })), [
      { id: "a1", name: "a1", baseUrl: "http://127.0.0.1:9001/v1", priority: 0 },
      { id: "account-2", name: "account-2", baseUrl: null, priority: 1 },
    ]);
    assert.equal(decryptSecret(openai?.accounts[0]?.apiKeyEncrypted ?? "", secrets.storageKey), canary);
    assert.deepEqual(
      { type: node?.type, apiFormat: node?.apiFormat, strategy: node?.strategy, models: node?.models, priority: node?.accounts[0]?.priority },
      { type: "openai-compatible", apiFormat: "openai-responses", strategy: "priority", models: ["m1"], priority: 5 },
    );
    assert.equal(claudeNode?.apiFormat, "anthropic-messages");
    assert.equal(document.apiKeys[0]?.hash, hashClientKey("omr-test-key-123", secrets.apiKeySecret));
    assert.equal(document.apiKeys[0]?.prefix, "omr-test…");
    assert.deepEqual(document.combos, [{ name: "my-stack", models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"] }]);

    const raw = readFileSync(file, "utf8");
    assert.ok(!raw.includes(canary), "provider key stored in plain text");
    assert.ok(!raw.includes("omr-test-key-123"), "client key stored in plain text");
    assert.match(raw, /enc:v1:/);
  });

  it("writes nothing when the same file is applied again", async () => {
    const { file, db, dataDir } = await freshDb();
    await applyConfigFile(db, config, secrets);
    const before = { mtime: statSync(file).mtimeMs, bytes: readFileSync(file) };
    await new Promise((resolve) => setTimeout(resolve, 25));
    let notified = 0;
    db.onChange(() => notified++);
    const again = await applyConfigFile(db, config, secrets);
    assert.equal(again.changed, false);
    assert.equal(notified, 0);
    assert.equal(statSync(file).mtimeMs, before.mtime);
    assert.deepEqual(readFileSync(file), before.bytes);
    assert.deepEqual(readdirSync(dataDir).sort(), ["db.json"]);
  });

  it("upserts: changes only what differs, keeps ids, and keeps entries the file does not mention", async () => {
    const { db } = await freshDb();
    await applyConfigFile(db, config, secrets);
    await db.update((draft) => {
      draft.combos.push({ name: "dashboard-combo", models: ["x/y"] });
    });
    const firstAccount = db.read().providers[0]?.accounts[0];
    const firstKey = db.read().apiKeys[0];
    const changed: ConfigFile = {
      ...config,
      apiKeys: [{ name: "ci", key: "omr-rotated-key" }],
      providers: [{ id: "openai", accounts: [{ name: "a1", apiKey: "sk-rotated" }] }],
    };
    const result = await applyConfigFile(db, changed, secrets);
    assert.equal(result.changed, true);
    const document = db.read();
    const account = document.providers[0]?.accounts[0];
    assert.equal(account?.id, firstAccount?.id);
    assert.equal(account?.createdAt, firstAccount?.createdAt);
    assert.equal(account?.baseUrl, null);
    assert.equal(decryptSecret(account?.apiKeyEncrypted ?? "", secrets.storageKey), "sk-rotated");
    assert.equal(document.providers[0]?.accounts.length, 2, "account-2 is kept");
    assert.equal(document.providers.length, 3, "unmentioned providers are kept");
    assert.equal(document.apiKeys[0]?.id, firstKey?.id);
    assert.equal(document.apiKeys[0]?.hash, hashClientKey("omr-rotated-key", secrets.apiKeySecret));
    assert.deepEqual(document.combos.map((combo) => combo.name), ["my-stack", "dashboard-combo"]);
  });

  it("stores a combo's strategy and weights when the file sets them, and the file wins on the next apply", async () => {
    const { db } = await freshDb();
    const weighted: ConfigFile = { combos: [{ name: "spread", models: ["openai/gpt-4o", "openai/gpt-4o-mini"], strategy: "round-robin", weights: [3, 1] }] };
    await applyConfigFile(db, weighted, { ...secrets, source: "omniroute.json" });
    assert.deepEqual(db.read().combos, [{ name: "spread", models: ["openai/gpt-4o", "openai/gpt-4o-mini"], strategy: "round-robin", weights: [3, 1] }]);
    await applyConfigFile(db, { combos: [{ name: "spread", models: ["openai/gpt-4o"] }] }, { ...secrets, source: "omniroute.json" });
    assert.deepEqual(db.read().combos, [{ name: "spread", models: ["openai/gpt-4o"], strategy: "priority" }]);
  });

  it("refuses local URLs when neither the file nor the store allows them, writing nothing", async () => {
    const { file, db } = await freshDb();
    const before = readFileSync(file);
    const local: ConfigFile = { providers: [{ id: "openai", accounts: [{ apiKey: canary, baseUrl: "http://localhost:9001/v1" }] }] };
    await assert.rejects(applyConfigFile(db, local, { ...secrets, source: "omniroute.json" }), (error: Error) => {
      assert.ok(error instanceof ConfigFileError);
      assert.equal(
        error.message,
        "providers[0].accounts[0].baseUrl: loopback/private address refused (set security.allowLocalUpstreams to true to allow local upstreams)",
      );
      assert.ok(!error.message.includes(canary));
      return true;
    });
    assert.deepEqual(readFileSync(file), before);

    await db.update((draft) => {
      draft.settings.allowLocalUpstreams = true;
    });
    assert.equal((await applyConfigFile(db, local, secrets)).changed, true, "the store's opt-in counts");
  });

  it("refuses metadata URLs even with allowLocalUpstreams", async () => {
    const { db } = await freshDb();
    const metadata: ConfigFile = {
      security: { allowLocalUpstreams: true },
      providers: [{ id: "my-node", type: "openai-compatible", baseUrl: "http://metadata.google.internal/v1", accounts: [{ apiKey: canary }] }],
    };
    await assert.rejects(applyConfigFile(db, metadata, secrets), /^ConfigFileError: providers\[0\]\.baseUrl: cloud metadata address refused$/);
  });

  it("stores the translation settings the file names, and the file wins for them on the next apply", async () => {
    const { db } = await freshDb();
    const translation: ConfigFile = {
      settings: {
        systemPrompt: { text: "Answer in French." },
        thinking: { global: { mode: "effort", effort: "low" }, perModel: { "anthropic/claude-sonnet-4-5": { mode: "budget", budgetTokens: 8_000 } } },
      },
    };
    await applyConfigFile(db, translation, secrets);
    assert.deepEqual(db.read().settings.systemPrompt, { enabled: true, text: "Answer in French.", position: "append" });
    assert.deepEqual(db.read().settings.thinking, {
      global: { mode: "effort", effort: "low" },
      perModel: { "anthropic/claude-sonnet-4-5": { mode: "budget", budgetTokens: 8_000 } },
    });
    assert.equal((await applyConfigFile(db, translation, secrets)).changed, false, "the same file writes nothing");

    // The dashboard changes them; a file that does not name them leaves the dashboard's values alone.
    await db.update((draft) => {
      draft.settings.systemPrompt = { enabled: true, text: "From the dashboard.", position: "prepend" };
    });
    await applyConfigFile(db, { limits: { maxBodyBytes: 1_000_000 } }, secrets);
    assert.equal(db.read().settings.systemPrompt?.text, "From the dashboard.");

    // A file that names them replaces them as a whole: omitted fields take their defaults.
    await applyConfigFile(db, { settings: { systemPrompt: { text: "Be brief.", position: "prepend", enabled: false }, thinking: { perModel: { o3: { mode: "effort", effort: "high" } } } } }, secrets);
    assert.deepEqual(db.read().settings.systemPrompt, { enabled: false, text: "Be brief.", position: "prepend" });
    assert.deepEqual(db.read().settings.thinking, { global: { mode: "passthrough" }, perModel: { o3: { mode: "effort", effort: "high" } } });
  });

  it("refuses bad translation settings with the path named", () => {
    for (const [input, expected] of [
      [{ settings: { thinking: { global: { mode: "budget", budgetTokens: 128_001 } } } }, "settings.thinking.global.budgetTokens: must be at most 128000"],
      [{ settings: { thinking: { global: { mode: "budget", budgetTokens: 1.5 } } } }, "settings.thinking.global.budgetTokens: expected int"],
      [{ settings: { thinking: { global: { mode: "effort", effort: "max" } } } }, 'settings.thinking.global.effort: expected one of "none", "minimal", "low", "medium", "high", "xhigh"'],
      [{ settings: { thinking: { perModel: { o3: { mode: "budget" } } } } }, "settings.thinking.perModel.o3.budgetTokens: required"],
      [{ settings: { systemPrompt: { text: "x".repeat(100 * 1024 + 1) } } }, "settings.systemPrompt.text: must be at most 102400 bytes"],
      [{ settings: { systemPrompt: { text: "a", position: "middle" } } }, 'settings.systemPrompt.position: expected one of "prepend", "append"'],
      [{ settings: { systemPrompt: { text: "a", cache: true } } }, "settings.systemPrompt.cache: unknown key"],
    ] as const) {
      const result = configFileSchema.safeParse(input);
      assert.equal(result.success, false, JSON.stringify(input).slice(0, 100));
      assert.deepEqual(formatZodIssues(result.error?.issues ?? [], input), [expected]);
    }
    const tooMany = Object.fromEntries(Array.from({ length: 501 }, (_, index) => [`model-${index}`, { mode: "passthrough" }]));
    assert.equal(configFileSchema.safeParse({ settings: { thinking: { perModel: tooMany } } }).success, false);
    assert.equal(configFileSchema.safeParse({ settings: { thinking: { perModel: { "two words": { mode: "passthrough" } } } } }).success, false);
  });

  it("stores the breaker profiles the file names, replaces them as a whole when named again, and is idempotent", async () => {
    const { db } = await freshDb();
    const tuned: ConfigFile = { resilience: { profiles: { apiKey: { failureThreshold: 2, openMs: 5_000 }, oauth: { failureThreshold: 1, ratioThreshold: 0.25 } } } };
    await applyConfigFile(db, tuned, secrets);
    assert.deepEqual(db.read().settings.resilience, { profiles: { apiKey: { failureThreshold: 2, openMs: 5_000 }, oauth: { failureThreshold: 1, ratioThreshold: 0.25 } } });
    assert.deepEqual(resilienceProfilesOf(db.read().settings.resilience), { "api-key": { failureThreshold: 2, openMs: 5_000 }, oauth: { failureThreshold: 1, ratioThreshold: 0.25 } });
    assert.equal((await applyConfigFile(db, tuned, secrets)).changed, false, "the same file writes nothing");

    // A file without the section leaves the stored profiles alone.
    await applyConfigFile(db, { limits: { maxBodyBytes: 1_000_000 } }, secrets);
    assert.equal(db.read().settings.resilience?.profiles.apiKey?.failureThreshold, 2);

    // Named again, the file wins as a whole: a profile it leaves out is the engine's default again.
    await applyConfigFile(db, { resilience: { profiles: { oauth: { probeTimeoutMs: 60_000 } } } }, secrets);
    assert.deepEqual(db.read().settings.resilience, { profiles: { oauth: { probeTimeoutMs: 60_000 } } });
    assert.deepEqual(resilienceProfilesOf(db.read().settings.resilience), { oauth: { probeTimeoutMs: 60_000 } });
    await applyConfigFile(db, { resilience: {} }, secrets);
    assert.equal(resilienceProfilesOf(db.read().settings.resilience), undefined, "nothing set: the engine defaults");
    assert.equal(resilienceProfilesOf(undefined), undefined);
  });

  it("refuses breaker profiles out of bounds or inconsistent, naming the path", () => {
    for (const [input, expected] of [
      [{ resilience: { profiles: { apiKey: { failureThreshold: 0 } } } }, "resilience.profiles.apiKey.failureThreshold: must be at least 1"],
      [{ resilience: { profiles: { oauth: { failureThreshold: 2.5 } } } }, "resilience.profiles.oauth.failureThreshold: expected int"],
      [{ resilience: { profiles: { oauth: { ratioThreshold: 0 } } } }, "resilience.profiles.oauth.ratioThreshold: must be greater than 0"],
      [{ resilience: { profiles: { oauth: { ratioThreshold: 1.5 } } } }, "resilience.profiles.oauth.ratioThreshold: must be at most 1"],
      [{ resilience: { profiles: { apiKey: { windowMs: 999 } } } }, "resilience.profiles.apiKey.windowMs: must be at least 1000"],
      [{ resilience: { profiles: { apiKey: { probeTimeoutMs: 3_600_001 } } } }, "resilience.profiles.apiKey.probeTimeoutMs: must be at most 3600000"],
      [{ resilience: { profiles: { apiKey: { openMs: 60_000, maxOpenMs: 30_000 } } } }, "resilience.profiles.apiKey.maxOpenMs: must be at least openMs (60000)"],
      [{ resilience: { profiles: { apiKey: { openMs: 700_000 } } } }, "resilience.profiles.apiKey.openMs: must be at most maxOpenMs (600000, the default; set maxOpenMs too)"],
      [{ resilience: { profiles: { apiKey: { threshold: 3 } } } }, "resilience.profiles.apiKey.threshold: unknown key"],
      [{ resilience: { profiles: { "api-key": { failureThreshold: 3 } } } }, "resilience.profiles.api-key: unknown key"],
    ] as const) {
      const result = configFileSchema.safeParse(input);
      assert.equal(result.success, false, JSON.stringify(input));
      assert.deepEqual(formatZodIssues(result.error?.issues ?? [], input), [expected]);
    }
    assert.equal(configFileSchema.safeParse({ resilience: { profiles: { oauth: { openMs: 700_000, maxOpenMs: 900_000 } } } }).success, true, "within the oauth default's longest wait");
  });

  it("re-encrypts a key that no longer decrypts under the current storage key", async () => {
    const { db } = await freshDb();
    await applyConfigFile(db, config, { ...secrets, storageKey: randomBytes(32) });
    assert.equal((await applyConfigFile(db, config, secrets)).changed, true);
    assert.equal(decryptSecret(db.read().providers[0]?.accounts[0]?.apiKeyEncrypted ?? "", secrets.storageKey), canary);
  });
  it("stores account limits and the session idle time the file sets, lifts limits it drops, and is idempotent", async () => {
    const { db } = await freshDb();
    const limited: ConfigFile = {
      security: { allowLocalUpstreams: true },
      limits: { sessionIdleMs: 600_000 },
      providers: [{ id: "openai", accounts: [{ name: "a1", apiKey: "sk-1", maxConcurrent: 4, requestsPerMinute: 60 }, { name: "a2", apiKey: "sk-2" }] }],
    };
    await applyConfigFile(db, limited, secrets);
    const stored = db.read();
    assert.equal(stored.settings.sessionIdleMs, 600_000);
    const [first, second] = stored.providers[0]!.accounts;
    assert.deepEqual([first?.maxConcurrent, first?.requestsPerMinute], [4, 60]);
    assert.ok(second !== undefined && !("maxConcurrent" in second) && !("requestsPerMinute" in second));
    assert.equal((await applyConfigFile(db, limited, secrets)).changed, false);

    const lifted: ConfigFile = { ...limited, providers: [{ id: "openai", accounts: [{ name: "a1", apiKey: "sk-1", requestsPerMinute: 30 }] }] };
    assert.equal((await applyConfigFile(db, lifted, secrets)).changed, true);
    const account = db.read().providers[0]!.accounts[0]!;
    assert.equal(account.requestsPerMinute, 30);
    assert.ok(!("maxConcurrent" in account), "a limit the file no longer names is lifted");
  });

  it("refuses account limits below one or fractional, naming the path", () => {
    const parsed = configFileSchema.safeParse({ providers: [{ id: "openai", accounts: [{ apiKey: "k", maxConcurrent: 0, requestsPerMinute: 1.5 }] }] });
    assert.equal(parsed.success, false);
    const messages = formatZodIssues(parsed.error!.issues);
    assert.ok(messages.some((message) => message.includes("providers[0].accounts[0].maxConcurrent")), messages.join("\n"));
    assert.ok(messages.some((message) => message.includes("providers[0].accounts[0].requestsPerMinute")), messages.join("\n"));
  });

  it("stores proxies encrypted, managed fields only when named, custom models typed, and stays idempotent", async () => {
    const { file, db } = await freshDb();
    const proxyPassword = "proxy-canary-secret-42";
    const withManaged: ConfigFile = {
      security: { allowLocalUpstreams: true },
      settings: { proxy: { global: { type: "http", host: "proxy.corp", port: 3128, username: "me", password: proxyPassword } }, requestLogs: { retentionDays: 3 } },
      providers: [
        {
          id: "openai",
          hideFromModelList: true,
          proxy: { type: "socks5", host: "[::1]", port: 1080 },
          customModels: [{ id: "gpt-4.5-preview", name: "GPT-4.5 Preview" }, { id: "emb", type: "embedding" }],
          accounts: [{ name: "a", apiKey: "sk-a", enabled: false, quotaReservePercent: 10, quotaWindows: [{ name: "day", kind: "daily", unit: "requests", limit: 100, resetHour: 0 }] }],
        },
      ],
      combos: [{ name: "c", models: ["openai/gpt-4o"], proxy: { type: "https", host: "combo.proxy", port: 443 } }],
    };
    const parsed = configFileSchema.parse(withManaged);
    await applyConfigFile(db, parsed, secrets);
    const document = db.read();
    const global = document.settings.proxy?.global;
    assert.deepEqual({ ...global, passwordEncrypted: undefined }, { type: "http", host: "proxy.corp", port: 3128, username: "me", passwordEncrypted: undefined });
    assert.equal(decryptSecret(global?.passwordEncrypted ?? "", secrets.storageKey), proxyPassword);
    assert.equal(readFileSync(file, "utf8").includes(proxyPassword), false);
    assert.deepEqual(document.settings.requestLogs, { enabled: true, retentionDays: 3, maxBytes: 512 * 1024 * 1024 });
    const [openai] = document.providers;
    assert.deepEqual(openai?.proxy, { type: "socks5", host: "::1", port: 1080 });
    assert.equal(openai?.hideFromModelList, true);
    assert.equal(openai?.enabled, true);
    assert.deepEqual(openai?.customModels, [
      { id: "gpt-4.5-preview", name: "GPT-4.5 Preview", type: "chat" },
      { id: "emb", name: "emb", type: "embedding" },
    ]);
    assert.deepEqual([openai?.accounts[0]?.enabled, openai?.accounts[0]?.quotaReservePercent, openai?.accounts[0]?.quotaWindows?.[0]?.limit], [false, 10, 100]);
    assert.deepEqual(document.combos[0]?.proxy, { type: "https", host: "combo.proxy", port: 443 });

    const before = readFileSync(file, "utf8");
    assert.equal((await applyConfigFile(db, parsed, secrets)).changed, false, "same passwords keep their ciphertext");
    assert.equal(readFileSync(file, "utf8"), before);

    // The dashboard turned the account back on and changed the custom models; a file that does not name them leaves that alone.
    await db.update((draft) => {
      draft.providers[0]!.accounts[0]!.enabled = true;
      draft.providers[0]!.customModels = [{ id: "x", name: "X", type: "image" }];
    });
    await applyConfigFile(db, { providers: [{ id: "openai", accounts: [{ name: "a", apiKey: "sk-a" }] }], settings: { proxy: { global: null } } }, secrets);
    const after = db.read();
    assert.equal(after.providers[0]?.accounts[0]?.enabled, true);
    assert.deepEqual(after.providers[0]?.customModels, [{ id: "x", name: "X", type: "image" }]);
    assert.deepEqual(after.providers[0]?.proxy, { type: "socks5", host: "::1", port: 1080 }, "a proxy the file does not name stays");
    assert.equal(after.settings.proxy?.global, null);
  });

  it("refuses bad proxies, quota windows and duplicate custom models with their paths", () => {
    const result = configFileSchema.safeParse({
      providers: [
        {
          id: "openai",
          proxy: { type: "ftp", host: "http://x", port: 0 },
          accounts: [{ apiKey: "k", quotaReservePercent: 120, quotaWindows: [{ name: "w", kind: "hourly", unit: "requests", resetDay: 31 }] }],
        },
      ],
    });
    assert.equal(result.success, false);
    const problems = formatZodIssues(result.error!.issues, {}).join("\n");
    for (const path of [
      "providers[0].proxy.type",
      "providers[0].proxy.host",
      "providers[0].proxy.port",
      "providers[0].accounts[0].quotaReservePercent",
      "providers[0].accounts[0].quotaWindows[0].kind",
      "providers[0].accounts[0].quotaWindows[0].resetDay",
    ]) {
      assert.ok(problems.includes(`${path}: `), `${path} in\n${problems}`);
    }
    // Cross-field rules run once the fields themselves are valid.
    const duplicate = configFileSchema.safeParse({ providers: [{ id: "openai", customModels: [{ id: "m" }, { id: "m" }] }] });
    assert.match(formatZodIssues(duplicate.error!.issues, {}).join("\n"), /^providers\[0\]\.customModels\[1\]\.id: duplicate model id "m"/m);
  });
});
