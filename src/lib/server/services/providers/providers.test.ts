import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { decryptSecret, encryptSecret } from "../../secrets/encrypt-secret";
import { createConnection } from "./create-connection";
import { deleteConnection } from "./delete-connection";
import { deleteProvider } from "./delete-provider";
import { getConnection } from "./get-connection";
import { getProvider, listProviders } from "./list-providers";
import { listUpstreamModels } from "./list-upstream-models";
import { maskSecret } from "./mask-secret";
import { ProviderConflictError, ProviderInputError, ProviderNotFoundError, UpstreamAnswerError } from "./provider-errors";
import type { ProvidersDependencies } from "./providers-dependencies";
import { testConnection } from "./test-connection";
import { updateConnection } from "./update-connection";
import { updateProvider } from "./update-provider";
import { UpstreamUnreachableError, UpstreamUrlRefusedError, type UpstreamProbeRequest, type UpstreamProbeResponse } from "./upstream-transport";
import { validateConnection } from "./validate-connection";

const root = mkdtempSync(join(tmpdir(), "omniroute-providers-"));
after(() => rmSync(root, { recursive: true, force: true }));
const storageKey = randomBytes(32);
const KEY = "sk-proj-canary-0123456789abcdefWXYZ";

/** A fake upstream: records each probe and answers with the scripted response (or throws the scripted error). */
function fakeTransport(answer: (probe: UpstreamProbeRequest) => UpstreamProbeResponse | Error) {
  const probes: UpstreamProbeRequest[] = [];
  const transport = async (probe: UpstreamProbeRequest) => {
    probes.push(probe);
    const result = answer(probe);
    if (result instanceof Error) throw result;
    return result;
  };
  return { probes, transport };
}

const json = (status: number, body: unknown, privateTarget = false): UpstreamProbeResponse => ({ status, body: Buffer.from(JSON.stringify(body)), privateTarget });

async function setup(options: { allowLocal?: boolean; env?: Record<string, string>; transport?: ProvidersDependencies["transport"] } = {}) {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  await configDb.update((draft) => {
    draft.settings.allowLocalUpstreams = options.allowLocal ?? false;
  });
  const dependencies: ProvidersDependencies = {
    configDb,
    storageKey,
    env: options.env ?? {},
    now: () => new Date("2026-06-01T00:00:00Z"),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
  };
  return dependencies;
}

const problemsOf = (error: unknown) => {
  assert.ok(error instanceof ProviderInputError, String(error));
  return error.problems.join("\n");
};

describe("maskSecret", () => {
  it("shows the first three and last four characters of long keys only", () => {
    assert.equal(maskSecret(KEY), "sk-…WXYZ");
    assert.equal(maskSecret("short-key-12"), "…12");
    assert.equal(maskSecret("abc"), "…");
  });
});

describe("provider connections", () => {
  it("creates a connection (and the provider entry) with the key encrypted, masked in every view, and used by the engine", async () => {
    const dependencies = await setup();
    const created = await createConnection(dependencies, { provider: "openai", name: "Main Key", apiKey: KEY, maxConcurrent: 4 });
    assert.equal(created.id, "openai:main-key");
    assert.equal(created.apiKey, "sk-…WXYZ");
    assert.deepEqual([created.enabled, created.priority, created.maxConcurrent, created.requestsPerMinute, created.authType], [true, 0, 4, null, "api-key"]);
    assert.equal(created.createdAt, "2026-06-01T00:00:00.000Z");

    const onDisk = readFileSync(dependencies.configDb.file, "utf8");
    assert.equal(onDisk.includes(KEY), false);
    const stored = dependencies.configDb.read().providers[0]!;
    assert.deepEqual([stored.id, stored.type, stored.enabled, stored.customModels], ["openai", "built-in", true, []]);
    assert.equal(decryptSecret(stored.accounts[0]!.apiKeyEncrypted!, storageKey), KEY);

    const listed = listProviders(dependencies);
    assert.equal(JSON.stringify(listed).includes(KEY), false);
    const openai = listed.find((provider) => provider.id === "openai")!;
    assert.deepEqual([openai.configured, openai.active, openai.tier, openai.auth, openai.oauthFlow, openai.apiFormat], [true, true, "api-key", "api-key", null, "openai-chat"]);
    assert.deepEqual(openai.connections.map((connection) => connection.id), ["openai:main-key"]);
    const anthropic = listed.find((provider) => provider.id === "anthropic")!;
    assert.deepEqual([anthropic.configured, anthropic.active, anthropic.connections, anthropic.authHeader], [false, false, [], "x-api-key"]);

    const second = await createConnection(dependencies, { provider: "openai", apiKey: "sk-second-key-0000000000" });
    assert.deepEqual([second.id, second.name, second.priority], ["openai:account-2", "account-2", 1]);

    const snapshot = buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false });
    assert.deepEqual(snapshot.providers.get("openai")?.accounts.map((account) => [account.id, account.apiKey]), [
      ["main-key", KEY],
      ["account-2", "sk-second-key-0000000000"],
    ]);
  });

  it("updates name, key, limits, enabled and proxy (null clears), and deletes", async () => {
    const dependencies = await setup();
    await createConnection(dependencies, { provider: "groq", name: "g", apiKey: KEY, requestsPerMinute: 30 });
    const updated = await updateConnection(dependencies, "groq:g", {
      name: "renamed",
      apiKey: "sk-new-key-abcdefghijklmn1234",
      requestsPerMinute: null,
      maxConcurrent: 2,
      enabled: false,
      priority: 7,
      proxy: { type: "http", host: "proxy.local", port: 3128, username: "u", password: "proxy-pass" },
      quotaReservePercent: 15,
      quotaWindows: [{ name: "daily", kind: "daily", unit: "requests", limit: 1000, resetHour: 0 }],
    });
    assert.equal(updated.id, "groq:g", "the id stays");
    assert.deepEqual([updated.name, updated.apiKey, updated.requestsPerMinute, updated.maxConcurrent, updated.enabled, updated.priority], [
      "renamed",
      "sk-…1234",
      null,
      2,
      false,
      7,
    ]);
    assert.deepEqual(updated.proxy, { type: "http", host: "proxy.local", port: 3128, username: "u", hasPassword: true });
    assert.equal(JSON.stringify(updated).includes("proxy-pass"), false);
    assert.equal(readFileSync(dependencies.configDb.file, "utf8").includes("proxy-pass"), false);
    assert.deepEqual([updated.quotaReservePercent, updated.quotaWindows[0]?.limit], [15, 1000]);

    // A proxy re-sent without its password keeps it; null removes the proxy.
    const samePassword = dependencies.configDb.read().providers[0]!.accounts[0]!.proxy!.passwordEncrypted;
    await updateConnection(dependencies, "groq:g", { proxy: { type: "http", host: "proxy.local", port: 3128, username: "u" } });
    assert.equal(dependencies.configDb.read().providers[0]!.accounts[0]!.proxy?.passwordEncrypted, samePassword);
    assert.equal((await updateConnection(dependencies, "groq:g", { proxy: null, quotaWindows: null })).proxy, null);
    assert.deepEqual(getConnection(dependencies, "groq:g").quotaWindows, []);
    // Disabled: stored but not in the engine's snapshot.
    assert.deepEqual(buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: false }).providers.get("groq")?.accounts, []);

    await deleteConnection(dependencies, "groq:g");
    await assert.rejects(deleteConnection(dependencies, "groq:g"), ProviderNotFoundError);
    assert.deepEqual(getProvider(dependencies, "groq").connections, []);
  });

  it("refuses bad input by path, unknown and OAuth providers, taken names, SSRF targets and SOCKS5 unless enabled", async () => {
    const dependencies = await setup();
    await assert.rejects(createConnection(dependencies, { provider: "openai", apiKey: "has space", maxConcurrent: 0, extra: 1 }), (error) => {
      const problems = problemsOf(error);
      assert.match(problems, /^apiKey: /m);
      assert.match(problems, /^maxConcurrent: /m);
      assert.match(problems, /^extra: unknown key/m);
      return true;
    });
    await assert.rejects(createConnection(dependencies, { provider: "nope", apiKey: KEY }), ProviderNotFoundError);
    for (const baseUrl of ["http://169.254.169.254/v1", "http://[::ffff:169.254.169.254]/v1", "http://127.0.0.1:9/v1", "ftp://example.com"]) {
      await assert.rejects(createConnection(dependencies, { provider: "openai", apiKey: KEY, baseUrl }), (error) => {
        assert.match(problemsOf(error), /^baseUrl: (cloud metadata|loopback\/private|unsupported scheme)/);
        return true;
      });
    }
    await assert.rejects(createConnection(dependencies, { provider: "openai", apiKey: KEY, proxy: { type: "socks5", host: "127.0.0.1", port: 1080 } }), (error) => {
      assert.match(problemsOf(error), /^proxy\.type: socks5 proxies need ENABLE_SOCKS5_PROXY=true/);
      return true;
    });
    assert.equal(dependencies.configDb.read().providers.length, 0, "nothing was stored");

    await createConnection(dependencies, { provider: "openai", name: "a", apiKey: KEY });
    await assert.rejects(createConnection(dependencies, { provider: "openai", name: "A", apiKey: KEY }), (error) => error instanceof ProviderConflictError && error.code === "name_taken");
    await assert.rejects(updateConnection(dependencies, "openai:missing", { enabled: false }), ProviderNotFoundError);
    await assert.rejects(updateConnection(dependencies, "openai:a", { baseUrl: "http://metadata.google.internal/" }), ProviderInputError);

    const withSocks = await setup({ env: { ENABLE_SOCKS5_PROXY: "true" } });
    const socks = await createConnection(withSocks, { provider: "openai", apiKey: KEY, proxy: { type: "socks5", host: "[::1]", port: 1080 } });
    assert.deepEqual(socks.proxy, { type: "socks5", host: "::1", port: 1080, username: null, hasPassword: false });
  });

  it("shows OAuth connections with identity and status, and refuses a key for them", async () => {
    const dependencies = await setup();
    await dependencies.configDb.update((draft) => {
      draft.providers.push({
        id: "anthropic",
        type: "built-in",
        apiFormat: "anthropic-messages",
        displayName: "Anthropic",
        baseUrl: null,
        models: [],
        strategy: "round-robin",
        enabled: true,
        customModels: [],
        accounts: [
          {
            id: "me",
            name: "me",
            oauth: { credentialsEncrypted: encryptSecret('{"accessToken":"secret-token"}', storageKey), identity: { email: "me@example.com", plan: "max" }, status: "auth-failed", statusReason: "refresh refused" },
            baseUrl: null,
            priority: 0,
            enabled: true,
            createdAt: "t",
            updatedAt: "t",
          },
        ],
      });
    });
    const view = getConnection(dependencies, "anthropic:me");
    assert.deepEqual([view.authType, view.apiKey, view.oauth?.identity.email, view.oauth?.identity.plan, view.oauth?.status, view.oauth?.statusReason], [
      "oauth",
      null,
      "me@example.com",
      "max",
      "auth-failed",
      "refresh refused",
    ]);
    assert.equal(JSON.stringify(listProviders(dependencies)).includes("secret-token"), false);
    await assert.rejects(updateConnection(dependencies, "anthropic:me", { apiKey: KEY }), (error) => /OAuth/.test(problemsOf(error)));
    const tested = await testConnection(dependencies, "anthropic:me");
    assert.deepEqual([tested.ok, tested.verdict], [false, "error"]);
  });

  it("updates provider-level settings, creating a built-in's entry on first use; deletes everything stored for it", async () => {
    const dependencies = await setup();
    const view = await updateProvider(dependencies, "mistral", {
      enabled: false,
      strategy: "priority",
      hideFromModelList: true,
      timeouts: { firstByteMs: 5_000 },
      proxy: { type: "https", host: "p.example", port: 443 },
    });
    assert.deepEqual([view.configured, view.enabled, view.strategy, view.hideFromModelList, view.timeouts?.firstByteMs, view.proxy?.host], [
      true,
      false,
      "priority",
      true,
      5_000,
      "p.example",
    ]);
    const cleared = await updateProvider(dependencies, "mistral", { enabled: true, hideFromModelList: false, timeouts: null, proxy: null });
    assert.deepEqual([cleared.enabled, cleared.hideFromModelList, cleared.timeouts, cleared.proxy], [true, false, null, null]);
    await assert.rejects(updateProvider(dependencies, "nope", { enabled: false }), ProviderNotFoundError);
    await assert.rejects(updateProvider(dependencies, "mistral", { strategy: "random" }), ProviderInputError);
    await deleteProvider(dependencies, "mistral");
    assert.equal(getProvider(dependencies, "mistral").configured, false);
    await assert.rejects(deleteProvider(dependencies, "mistral"), ProviderNotFoundError);
  });
});

describe("probes: /test, /validate and /models", () => {
  it("tests a stored connection with its own key and maps statuses to verdicts", async () => {
    const answers: UpstreamProbeResponse[] = [
      json(200, { data: [] }),
      json(401, { error: { message: `Incorrect API key provided: ${KEY}` } }),
      json(429, { error: { message: "slow down" } }),
      json(500, { error: { message: "boom" } }),
      json(401, { error: { message: "internal detail from a private host" } }, true),
      json(301, {}),
    ];
    const { probes, transport } = fakeTransport(() => answers.shift()!);
    const dependencies = await setup({ transport });
    await createConnection(dependencies, { provider: "openai", name: "k", apiKey: KEY });

    const ok = await testConnection(dependencies, "openai:k");
    assert.deepEqual([ok.ok, ok.verdict, ok.status], [true, "ok", 200]);
    assert.ok(ok.latencyMs >= 0);
    assert.deepEqual([probes[0]?.method, probes[0]?.url, probes[0]?.headers.authorization, probes[0]?.timeoutMs], ["GET", "https://api.openai.com/v1/models", `Bearer ${KEY}`, 10_000]);

    const refused = await testConnection(dependencies, "openai:k");
    assert.deepEqual([refused.ok, refused.verdict, refused.status], [false, "auth-failed", 401]);
    assert.equal(refused.message.includes(KEY), false, "the key quoted by the upstream is cut out");
    assert.match(refused.message, /Incorrect API key provided: \[key\]/);
    assert.equal((await testConnection(dependencies, "openai:k")).verdict, "rate-limited");
    assert.equal((await testConnection(dependencies, "openai:k")).verdict, "error");
    const privateAnswer = await testConnection(dependencies, "openai:k");
    assert.equal(privateAnswer.verdict, "auth-failed");
    assert.equal(privateAnswer.message.includes("internal detail"), false, "never echoes a private target's body");
    assert.match((await testConnection(dependencies, "openai:k")).message, /redirects are not followed/);
  });

  it("reports unreachable upstreams and timeouts, and refuses guarded URLs before any call", async () => {
    const errors = [new UpstreamUnreachableError("ECONNREFUSED", false), new UpstreamUnreachableError("UND_ERR_HEADERS_TIMEOUT", true)];
    const { probes, transport } = fakeTransport(() => errors.shift()!);
    const dependencies = await setup({ transport });
    const unreachable = await validateConnection(dependencies, { provider: "openai", apiKey: KEY });
    assert.deepEqual([unreachable.ok, unreachable.verdict, unreachable.message], [false, "unreachable", "Could not reach the upstream (ECONNREFUSED)."]);
    assert.equal((await validateConnection(dependencies, { provider: "openai", apiKey: KEY })).message, "No answer within 10 s.");
    for (const baseUrl of ["http://169.254.169.254/v1", "http://[::ffff:169.254.169.254]/v1", "http://[::ffff:a9fe:a9fe]/", "http://10.0.0.1/v1"]) {
      await assert.rejects(validateConnection(dependencies, { provider: "openai", apiKey: KEY, baseUrl }), UpstreamUrlRefusedError);
    }
    assert.equal(probes.length, 2);
    assert.equal(dependencies.configDb.read().providers.length, 0, "validate stores nothing");
  });

  it("probes each protocol the way it documents: Anthropic messages, Gemini model list, OpenRouter key, nodes", async () => {
    const { probes, transport } = fakeTransport(() => json(200, {}));
    const dependencies = await setup({ transport, allowLocal: true });
    await validateConnection(dependencies, { provider: "anthropic", apiKey: "sk-ant-key-00000000000000" });
    await validateConnection(dependencies, { provider: "gemini", apiKey: "AIza-key-000000000000000" });
    await validateConnection(dependencies, { provider: "openrouter", apiKey: "sk-or-key-000000000000000" });
    await validateConnection(dependencies, { provider: "new-node", apiFormat: "anthropic-messages", baseUrl: "http://127.0.0.1:9/v1", apiKey: "node-key-0000000000000" });
    await assert.rejects(validateConnection(dependencies, { provider: "new-node", apiKey: "x" }), ProviderInputError);

    const [anthropic, gemini, openrouter, node] = probes;
    assert.equal(anthropic?.method, "POST");
    assert.equal(anthropic?.url, "https://api.anthropic.com/v1/messages");
    assert.equal(anthropic?.headers["x-api-key"], "sk-ant-key-00000000000000");
    assert.equal(anthropic?.headers["anthropic-version"], "2023-06-01");
    const body = JSON.parse(anthropic?.body ?? "{}") as { model: string; max_tokens: number };
    assert.equal(body.max_tokens, 1);
    assert.match(body.model, /^claude-/);
    assert.deepEqual([gemini?.method, gemini?.url, gemini?.headers["x-goog-api-key"]], ["GET", "https://generativelanguage.googleapis.com/v1beta/models?pageSize=1", "AIza-key-000000000000000"]);
    assert.deepEqual([openrouter?.url, openrouter?.headers.authorization], ["https://openrouter.ai/api/v1/key", "Bearer sk-or-key-000000000000000"]);
    assert.deepEqual([node?.method, node?.url], ["GET", "http://127.0.0.1:9/v1/models?limit=1"], "a node without models lists instead of generating");
  });

  it("probes along the connection's proxy path (account → provider → global), and never directly when it cannot", async () => {
    const { probes, transport } = fakeTransport(() => json(200, {}));
    const dependencies = await setup({ transport });
    await dependencies.configDb.update((draft) => {
      draft.settings.proxy = { global: { type: "http", host: "global.proxy", port: 3128 } };
    });
    await createConnection(dependencies, { provider: "openai", name: "own", apiKey: KEY, proxy: { type: "http", host: "account.proxy", port: 8080, username: "u", password: "p@ss" } });
    await createConnection(dependencies, { provider: "openai", name: "inherits", apiKey: KEY });
    await testConnection(dependencies, "openai:own");
    await testConnection(dependencies, "openai:inherits");
    await updateProvider(dependencies, "openai", { proxy: { type: "https", host: "provider.proxy", port: 443 } });
    await testConnection(dependencies, "openai:inherits");
    await validateConnection(dependencies, { provider: "groq", apiKey: KEY });
    assert.deepEqual(
      probes.map((probe) => probe.proxyUrl),
      ["http://u:p%40ss@account.proxy:8080", "http://global.proxy:3128", "https://provider.proxy:443", "http://global.proxy:3128"],
    );

    // The real transport without a proxy dispatcher sends nothing rather than going direct.
    const unwired = await setup();
    await createConnection(unwired, { provider: "openai", name: "own", apiKey: KEY, proxy: { type: "http", host: "127.0.0.1", port: 9 } });
    const result = await testConnection(unwired, "openai:own");
    assert.deepEqual([result.ok, result.verdict], [false, "unreachable"]);
    assert.match(result.message, /nothing was sent/);
  });

  it("lists the upstream's models normalised, with a connection or a provider's first enabled connection", async () => {
    const { probes, transport } = fakeTransport((probe) =>
      probe.url.includes("anthropic") ? json(200, { data: [{ id: "claude-x", display_name: "Claude X" }, { id: "claude-x" }, { nope: 1 }] }) : json(200, { object: "list", data: [{ id: "gpt-4o" }, { id: "o3", name: "o3" }] }),
    );
    const dependencies = await setup({ transport });
    await createConnection(dependencies, { provider: "openai", name: "off", apiKey: "sk-disabled-000000000000", enabled: false });
    await createConnection(dependencies, { provider: "openai", name: "on", apiKey: KEY });
    assert.deepEqual(await listUpstreamModels(dependencies, "openai"), { data: [{ id: "gpt-4o" }, { id: "o3", name: "o3" }] });
    assert.equal(probes[0]?.headers.authorization, `Bearer ${KEY}`);
    await createConnection(dependencies, { provider: "anthropic", name: "a", apiKey: KEY });
    assert.deepEqual(await listUpstreamModels(dependencies, "anthropic:a"), { data: [{ id: "claude-x", name: "Claude X" }] });
    assert.equal(probes[1]?.url, "https://api.anthropic.com/v1/models?limit=1000");
    await assert.rejects(listUpstreamModels(dependencies, "groq"), ProviderNotFoundError);

    const failing = await setup({ transport: fakeTransport(() => json(401, { error: { message: "bad key" } })).transport });
    await createConnection(failing, { provider: "openai", name: "k", apiKey: KEY });
    await assert.rejects(listUpstreamModels(failing, "openai:k"), (error) => error instanceof UpstreamAnswerError && error.status === 401 && /bad key/.test(error.message));
    const nonsense = await setup({ transport: fakeTransport(() => ({ status: 200, body: Buffer.from("<html>"), privateTarget: false })).transport });
    await createConnection(nonsense, { provider: "openai", name: "k", apiKey: KEY });
    await assert.rejects(listUpstreamModels(nonsense, "openai:k"), /not a model list/);
  });
});
