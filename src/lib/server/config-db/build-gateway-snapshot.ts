import type {
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
import type { ConfigDocument, StoredProvider, StoredSystemPrompt, StoredThinking } from "./config-db-schema";
import type { ConfigDb } from "./open-config-db";

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

type SnapshotInputs = Pick<SnapshotStoreOptions, "storageKey" | "defaultRequireApiKey" | "firstByteTimeoutMs" | "idleTimeoutMs">;

export function buildGatewaySnapshot(
  document: ConfigDocument,
  options: SnapshotInputs,
  warn: (message: string, fields?: Record<string, unknown>) => void = () => undefined,
): GatewaySnapshot {
  const providers = new Map<string, ProviderRuntime>();
  for (const stored of document.providers) {
    const runtime = buildProvider(stored, document.settings.allowLocalUpstreams, options.storageKey, warn);
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
    }),
    providers,
    clientKeys: Object.freeze(clientKeys),
    combos: buildCombos(document),
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

/** Disabled combos are left out: to the engine they do not exist (the model is unknown). */
function buildCombos(document: ConfigDocument): Map<string, ComboRuntime> {
  const combos = new Map<string, ComboRuntime>();
  for (const combo of document.combos) {
    if (combo.enabled === false) continue;
    const weights = combo.weights !== undefined && combo.weights.length === combo.models.length ? Object.freeze([...combo.weights]) : undefined;
    combos.set(
      combo.name,
      Object.freeze({
        models: Object.freeze([...combo.models]),
        strategy: combo.strategy ?? "priority",
        ...(weights === undefined ? {} : { weights }),
      }),
    );
  }
  return combos;
}

/** An unparseable stored expiry counts as already expired: fail closed. */
function expiryMillis(expiresAt: string | null): number | null {
  if (expiresAt === null) return null;
  const millis = Date.parse(expiresAt);
  return Number.isNaN(millis) ? 0 : millis;
}

function buildProvider(
  stored: StoredProvider,
  allowLocal: boolean,
  storageKey: Buffer,
  warn: (message: string, fields?: Record<string, unknown>) => void,
): ProviderRuntime | undefined {
  const builtIn = stored.type === "built-in" ? getBuiltInProvider(stored.id) : undefined;
  if (stored.type === "built-in" && builtIn === undefined) {
    warn("provider skipped: no longer a built-in provider", { provider: stored.id });
    return undefined;
  }
  const providerBaseUrl = stored.baseUrl ?? builtIn?.baseUrl;
  const accounts: AccountRuntime[] = [];
  for (const account of stored.accounts) {
    const fields = { provider: stored.id, account: account.name };
    const baseUrl = account.baseUrl ?? providerBaseUrl;
    if (baseUrl === undefined) {
      warn("account skipped: no base URL", fields);
      continue;
    }
    // Defence in depth: the URL was checked when saved, but allowLocalUpstreams may have been switched off since.
    const check = checkUpstreamUrl(baseUrl, { allowLocal });
    if (!check.ok) {
      warn(`account skipped: base URL refused (${check.reason})`, fields);
      continue;
    }
    let apiKey: string;
    try {
      apiKey = decryptSecret(account.apiKeyEncrypted, storageKey);
    } catch {
      warn("account skipped: its key cannot be decrypted with the current storage key", fields);
      continue;
    }
    accounts.push(
      Object.freeze({
        id: account.id,
        name: account.name,
        apiKey,
        baseUrl,
        priority: account.priority,
        ...(account.maxConcurrent !== undefined ? { maxConcurrent: account.maxConcurrent } : {}),
        ...(account.requestsPerMinute !== undefined ? { requestsPerMinute: account.requestsPerMinute } : {}),
      }),
    );
  }
  const models = [...new Set([...(builtIn?.models ?? []), ...stored.models])];
  return Object.freeze({
    id: stored.id,
    displayName: stored.displayName,
    apiFormat: builtIn?.apiFormat ?? stored.apiFormat,
    models,
    strategy: stored.strategy,
    accounts: Object.freeze(accounts) as AccountRuntime[],
    ...(stored.timeouts !== undefined ? { timeouts: Object.freeze({ ...stored.timeouts }) } : {}),
  });
}

const CLIENT_FORMATS: readonly WireFormat[] = ["openai-chat", "openai-responses", "anthropic-messages", "gemini", "ollama"];
