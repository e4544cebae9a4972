import type {
  AccountCredentials,
  AccountRuntime,
  ClientKeyRuntime,
  ComboRuntime,
  ConfigStore,
  GatewaySnapshot,
  ProviderRuntime,
  SystemPromptPolicy,
  ThinkingSettings,
  WireFormat,
} from "../../../../open-sse/src/ports";
import { getBuiltInProvider } from "../../../../open-sse/src/providers/built-in-providers";
import { createClientKeyDigester } from "../../../../open-sse/src/security/client-key-digest";
import { checkUpstreamUrl } from "../../../../open-sse/src/security/upstream-url-guard";
import { lookupPrefixFromStored } from "../../../../open-sse/src/security/client-key-format";
import { decryptSecret } from "../secrets/encrypt-secret";
import type { ConfigDocument, StoredAccount, StoredProvider, StoredProxy, StoredSystemPrompt, StoredThinking } from "./config-db-schema";
import type { ConfigDb } from "./open-config-db";
import { storedProxyUrl } from "./stored-proxy-url";

/** Long enough for a non-streamed answer from a reasoning model, whose first byte is the whole response. */
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 120_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Long enough for a combo of thinking models to each get their first-byte time, short enough to end a hang. */
const DEFAULT_ROUTING_DEADLINE_MS = 300_000;

export interface SnapshotStoreOptions {
  configDb: ConfigDb;
  storageKey: Buffer;
  /**
   * What `settings.requireApiKey: null` means: the server decides by bind (true on a non-loopback bind).
   * Required so that this security decision is never defaulted silently.
   */
  defaultRequireApiKey: boolean;
  /** When given, the store also offers `digestClientKey` for `GatewayPorts.digestClientKey`. */
  apiKeySecret?: Buffer;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Accounts that cannot be used (undecryptable key, refused URL) are left out and reported here. */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * The host's token manager for OAuth accounts (src/lib/server/oauth). Absent, or answering undefined: OAuth
   * accounts are left out with a warning (they have no usable credential).
   */
  credentialsFor?: (providerId: string, accountId: string) => AccountCredentials | undefined;
}

export interface SnapshotStore extends ConfigStore {
  /** Rebuilds the snapshot now (the store already does so on every config change). */
  refresh(): void;
  /** HMAC digester matching the stored client key digests; present when `apiKeySecret` was given. */
  digestClientKey?: (key: string) => Buffer;
  /** Stops following config changes. */
  close(): void;
}

/**
 * The engine's in-memory view of db.json. `getSnapshot` returns the same object until the document
 * changes; the rebuild happens on the change, off the request path.
 */
export function createSnapshotStore(options: SnapshotStoreOptions): SnapshotStore {
  const warn = options.warn ?? ((message, fields) => console.warn(message, fields ?? ""));
  let snapshot = buildGatewaySnapshot(options.configDb.read(), options, warn);
  const unsubscribe = options.configDb.onChange((document) => {
    snapshot = buildGatewaySnapshot(document, options, warn);
  });
  return {
    getSnapshot: () => snapshot,
    refresh() {
      snapshot = buildGatewaySnapshot(options.configDb.read(), options, warn);
    },
    ...(options.apiKeySecret === undefined ? {} : { digestClientKey: createClientKeyDigester(options.apiKeySecret) }),
    close: unsubscribe,
  };
}

type SnapshotInputs = Pick<SnapshotStoreOptions, "storageKey" | "defaultRequireApiKey" | "firstByteTimeoutMs" | "idleTimeoutMs" | "credentialsFor">;

type Warn = (message: string, fields?: Record<string, unknown>) => void;

export function buildGatewaySnapshot(
  document: ConfigDocument,
  options: SnapshotInputs,
  warn: (message: string, fields?: Record<string, unknown>) => void = () => undefined,
): GatewaySnapshot {
  const providers = new Map<string, ProviderRuntime>();
  const context: ProviderContext = {
    allowLocal: document.settings.allowLocalUpstreams,
    storageKey: options.storageKey,
    globalProxy: document.settings.proxy?.global ?? undefined,
    credentialsFor: options.credentialsFor,
    warn,
  };
  for (const stored of document.providers) {
    // Disabled providers are kept in db.json but do not exist for the engine: never called, never listed.
    if (!stored.enabled) continue;
    const runtime = buildProvider(stored, context);
    if (runtime !== undefined) providers.set(runtime.id, runtime);
  }
  const clientKeys: ClientKeyRuntime[] = document.apiKeys.map((apiKey) =>
    Object.freeze({
      id: apiKey.id,
      name: apiKey.name,
      prefix: lookupPrefixFromStored(apiKey.prefix),
      // The stored hash is already the HMAC the engine's digester computes (client-key-digest.ts).
      digest: Buffer.from(apiKey.hash, "hex"),
      enabled: apiKey.enabled,
      expiresAt: expiryMillis(apiKey.expiresAt),
      allowedModels: apiKey.allowedModels === null ? null : Object.freeze([...apiKey.allowedModels]),
    }),
  );
  return Object.freeze({
    settings: Object.freeze({
      requireApiKey: document.settings.requireApiKey ?? options.defaultRequireApiKey,
      maxBodyBytes: document.settings.maxBodyBytes,
      firstByteTimeoutMs: document.settings.firstByteTimeoutMs ?? options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: document.settings.idleTimeoutMs ?? options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      routingDeadlineMs: document.settings.routingDeadlineMs ?? DEFAULT_ROUTING_DEADLINE_MS,
      ...(document.settings.sessionIdleMs !== undefined ? { sessionIdleMs: document.settings.sessionIdleMs } : {}),
      ...buildSystemPrompt(document.settings.systemPrompt),
      ...buildThinking(document.settings.thinking),
      allowLocalUpstreams: document.settings.allowLocalUpstreams === true,
    }),
    providers,
    clientKeys: Object.freeze(clientKeys),
    combos: buildCombos(document, options.storageKey, warn),
    aliases: new Map(Object.entries(document.routing?.aliases ?? {})),
    // One default route for every client format (Claude Code, Codex and Gemini CLI send their own model names);
    // the map is per format so that formats can be given different defaults later.
    defaultRoutes: new Map(
      document.routing?.defaultRoute ? CLIENT_FORMATS.map((format) => [format, document.routing!.defaultRoute!] as const) : [],
    ),
  });
}

/** The engine sees a system prompt only when it would add something: enabled and not blank. */
function buildSystemPrompt(stored: StoredSystemPrompt | undefined): { systemPrompt?: SystemPromptPolicy } {
  if (stored === undefined || !stored.enabled || stored.text.trim() === "") return {};
  return { systemPrompt: Object.freeze({ text: stored.text, position: stored.position }) };
}

/** Left out when every policy is passthrough, so the request path does no per-request lookup for nothing. */
function buildThinking(stored: StoredThinking | undefined): { thinking?: ThinkingSettings } {
  if (stored === undefined) return {};
  const perModel = new Map(Object.entries(stored.perModel).map(([model, policy]) => [model, Object.freeze({ ...policy })]));
  const allPassthrough = stored.global.mode === "passthrough" && [...perModel.values()].every((policy) => policy.mode === "passthrough");
  if (allPassthrough) return {};
  return { thinking: Object.freeze({ global: Object.freeze({ ...stored.global }), perModel }) };
}

/**
 * Disabled combos are left out: to the engine they do not exist (the model is unknown). So is a combo whose proxy
 * password cannot be decrypted: its calls would otherwise go out without the proxy the user configured.
 */
function buildCombos(document: ConfigDocument, storageKey: Buffer, warn: Warn): Map<string, ComboRuntime> {
  const combos = new Map<string, ComboRuntime>();
  for (const combo of document.combos) {
    if (combo.enabled === false) continue;
    const weights = combo.weights !== undefined && combo.weights.length === combo.models.length ? Object.freeze([...combo.weights]) : undefined;
    const proxy = proxyUrlOf(combo.proxy, storageKey);
    if (proxy === null) {
      warn("combo skipped: its proxy password cannot be decrypted with the current storage key", { combo: combo.name });
      continue;
    }
    combos.set(
      combo.name,
      Object.freeze({
        models: Object.freeze([...combo.models]),
        strategy: combo.strategy ?? "priority",
        ...(weights === undefined ? {} : { weights }),
        ...(proxy === undefined ? {} : { proxyUrl: proxy }),
      }),
    );
  }
  return combos;
}

/** The proxy's URL; undefined when there is none; null when it cannot be built (undecryptable password). */
function proxyUrlOf(proxy: StoredProxy | null | undefined, storageKey: Buffer): string | undefined | null {
  if (proxy === undefined || proxy === null) return undefined;
  try {
    return storedProxyUrl(proxy, storageKey);
  } catch {
    return null;
  }
}

/** An unparseable stored expiry counts as already expired: fail closed. */
function expiryMillis(expiresAt: string | null): number | null {
  if (expiresAt === null) return null;
  const millis = Date.parse(expiresAt);
  return Number.isNaN(millis) ? 0 : millis;
}

interface ProviderContext {
  allowLocal: boolean;
  storageKey: Buffer;
  globalProxy: StoredProxy | undefined;
  credentialsFor: SnapshotStoreOptions["credentialsFor"];
  warn: Warn;
}

function buildProvider(stored: StoredProvider, context: ProviderContext): ProviderRuntime | undefined {
  const { warn } = context;
  const builtIn = stored.type === "built-in" ? getBuiltInProvider(stored.id) : undefined;
  if (stored.type === "built-in" && builtIn === undefined) {
    warn("provider skipped: no longer a built-in provider", { provider: stored.id });
    return undefined;
  }
  // The provider's own proxy, else the global one. One that cannot be built fails closed: the provider is left out
  // rather than called directly.
  const proxyUrl = proxyUrlOf(stored.proxy ?? context.globalProxy, context.storageKey);
  if (proxyUrl === null) {
    warn("provider skipped: its proxy (or the global proxy) password cannot be decrypted with the current storage key", { provider: stored.id });
    return undefined;
  }
  const providerBaseUrl = stored.baseUrl ?? builtIn?.baseUrl;
  const accounts: AccountRuntime[] = [];
  for (const account of stored.accounts) {
    if (!account.enabled) continue;
    const runtime = buildAccount(stored.id, account, providerBaseUrl, context);
    if (runtime !== undefined) accounts.push(runtime);
  }
  const customModelIds = stored.customModels.map((model) => model.id);
  const models = [...new Set([...(builtIn?.models ?? []), ...stored.models, ...customModelIds])];

  // Types the embedding and image endpoints route by; chat is the default and is not listed.
  const modelTypes = new Map<string, "chat" | "embedding" | "image">();
  const contextWindows = new Map<string, number>();
  for (const model of builtIn?.catalog ?? []) {
    if (model.type !== "chat") modelTypes.set(model.id, model.type);
    if (model.contextWindow !== undefined) contextWindows.set(model.id, model.contextWindow);
  }
  // A custom model the user typed wins over the catalog (it is the user's statement about that id).
  for (const model of stored.customModels) {
    if (model.type === "chat") modelTypes.delete(model.id);
    else modelTypes.set(model.id, model.type);
  }

  return Object.freeze({
    id: stored.id,
    displayName: stored.displayName,
    apiFormat: builtIn?.apiFormat ?? stored.apiFormat,
    models,
    strategy: stored.strategy,
    accounts: Object.freeze(accounts) as AccountRuntime[],
    ...(stored.timeouts !== undefined ? { timeouts: Object.freeze({ ...stored.timeouts }) } : {}),
    ...(builtIn?.executor !== undefined ? { executor: builtIn.executor } : {}),
    ...(proxyUrl !== undefined ? { proxyUrl } : {}),
    ...(modelTypes.size > 0 ? { modelTypes } : {}),
    ...(contextWindows.size > 0 ? { contextWindows } : {}),
    ...(stored.hideFromModelList === true ? { hiddenFromModelList: true } : {}),
  });
}

/** The engine's view of one enabled account, or undefined (with a warning that names no secret) when it cannot be used. */
function buildAccount(providerId: string, account: StoredAccount, providerBaseUrl: string | undefined, context: ProviderContext): AccountRuntime | undefined {
  const { warn } = context;
  const fields = { provider: providerId, account: account.name };
  const baseUrl = account.baseUrl ?? providerBaseUrl;
  if (baseUrl === undefined) {
    warn("account skipped: no base URL", fields);
    return undefined;
  }
  // Defence in depth: the URL was checked when saved, but allowLocalUpstreams may have been switched off since.
  const check = checkUpstreamUrl(baseUrl, { allowLocal: context.allowLocal });
  if (!check.ok) {
    warn(`account skipped: base URL refused (${check.reason})`, fields);
    return undefined;
  }
  const proxyUrl = proxyUrlOf(account.proxy, context.storageKey);
  if (proxyUrl === null) {
    warn("account skipped: its proxy password cannot be decrypted with the current storage key", fields);
    return undefined;
  }

  let apiKey = "";
  let credentials: AccountCredentials | undefined;
  if (account.oauth !== undefined) {
    if (account.oauth.status === "auth-failed") {
      warn("account skipped: its OAuth login was refused; reconnect it", fields);
      return undefined;
    }
    credentials = context.credentialsFor?.(providerId, account.id);
    if (credentials === undefined) {
      warn("account skipped: no token manager for OAuth accounts", fields);
      return undefined;
    }
  } else {
    try {
      apiKey = decryptSecret(account.apiKeyEncrypted ?? "", context.storageKey);
    } catch {
      warn("account skipped: its key cannot be decrypted with the current storage key", fields);
      return undefined;
    }
  }
  return Object.freeze({
    id: account.id,
    name: account.name,
    apiKey,
    baseUrl,
    priority: account.priority,
    ...(credentials !== undefined ? { credentials } : {}),
    ...(proxyUrl !== undefined ? { proxyUrl } : {}),
    ...(account.maxConcurrent !== undefined ? { maxConcurrent: account.maxConcurrent } : {}),
    ...(account.requestsPerMinute !== undefined ? { requestsPerMinute: account.requestsPerMinute } : {}),
  });
}

const CLIENT_FORMATS: readonly WireFormat[] = ["openai-chat", "openai-responses", "anthropic-messages", "gemini", "ollama"];
