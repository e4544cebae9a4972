import { randomUUID } from "node:crypto";
import { getBuiltInProvider } from "../../../../open-sse/src/providers/built-in-providers";
import type { ConfigDb } from "../config-db/open-config-db";
import { DEFAULT_REQUEST_LOG_SETTINGS, type ConfigDocument, type StoredAccount, type StoredProvider, type StoredProxy } from "../config-db/config-db-schema";
import { decryptSecret, encryptSecret } from "../secrets/encrypt-secret";
import { storedClientKeyPrefix } from "../../../../open-sse/src/security/client-key-format";
import { hashClientKey } from "../secrets/hash-client-key";
import { effectiveAccountName, type ConfigFile, type ConfigFileProvider } from "./config-file-schema";
import { formatIssuePath } from "./format-zod-issues";
import { ConfigFileError } from "./load-config-file";
import { toStoredProxy, type ProxyFields } from "./proxy-fields";
import { uniqueAccountId } from "./unique-account-id";
import { upstreamUrlProblems } from "./upstream-url-problems";

export interface ApplyConfigFileSecrets {
  apiKeySecret: Buffer;
  storageKey: Buffer;
  /** Where the file came from, for error messages. */
  source?: string;
  now?: () => Date;
}

export interface ApplyConfigFileResult {
  /** How many of each the file declares (all upserted). */
  providers: number;
  accounts: number;
  apiKeys: number;
  combos: number;
  /** False when the store already matched the file and nothing was written. */
  changed: boolean;
}

/**
 * Upserts a validated config file into the store: providers by id, their accounts by name, client keys and
 * combos by name. Entries the file does not mention (added from the dashboard) are kept. For the entries it
 * does mention, the file is the truth: an omitted optional field takes its default.
 *
 * Idempotent: secrets are compared by value (decrypted / re-hashed), so re-applying the same file leaves
 * the document equal and the store writes nothing.
 */
export async function applyConfigFile(configDb: ConfigDb, file: ConfigFile, secrets: ApplyConfigFileSecrets): Promise<ApplyConfigFileResult> {
  const source = secrets.source ?? "config file";
  const allowLocal = file.security?.allowLocalUpstreams ?? configDb.read().settings.allowLocalUpstreams;
  const urlProblems = upstreamUrlProblems(file, allowLocal);
  if (urlProblems.length > 0) {
    throw new ConfigFileError(source, urlProblems.map(({ path, message }) => `${formatIssuePath(path)}: ${message}`));
  }

  const timestamp = (secrets.now ?? (() => new Date()))().toISOString();
  const before = configDb.read();
  await configDb.update((draft) => {
    applySettings(draft, file, secrets.storageKey);
    for (const provider of file.providers ?? []) upsertProvider(draft, provider, secrets.storageKey, timestamp);
    for (const { name, key } of file.apiKeys ?? []) {
      const hash = hashClientKey(key, secrets.apiKeySecret);
      const existing = draft.apiKeys.find((apiKey) => apiKey.name === name);
      if (existing === undefined) {
        draft.apiKeys.push({
          id: randomUUID(),
          name,
          hash,
          prefix: storedClientKeyPrefix(key),
          createdAt: timestamp,
          enabled: true,
          expiresAt: null,
          allowedModels: null,
          lastUsedAt: null,
          logRequestContent: true,
        });
      } else if (existing.hash !== hash) {
        Object.assign(existing, { hash, prefix: storedClientKeyPrefix(key), createdAt: timestamp });
      }
    }
    for (const combo of file.combos ?? []) {
      const existing = draft.combos.find((candidate) => candidate.name === combo.name);
      // strategy/weights only when the file sets them: stored documents without them read as priority.
      const routing = {
        ...(combo.strategy === undefined ? {} : { strategy: combo.strategy }),
        ...(combo.weights === undefined ? {} : { weights: [...combo.weights] }),
      };
      if (existing === undefined) {
        draft.combos.push({
          name: combo.name,
          models: [...combo.models],
          ...routing,
          ...(combo.proxy === undefined || combo.proxy === null ? {} : { proxy: fileProxy(combo.proxy, undefined, secrets.storageKey) }),
        });
      } else {
        existing.models = [...combo.models];
        if (combo.strategy !== undefined || existing.strategy !== undefined) existing.strategy = combo.strategy ?? "priority";
        if (combo.weights === undefined) delete existing.weights;
        else existing.weights = [...combo.weights];
        applyProxy(existing, combo.proxy, secrets.storageKey);
      }
    }
  });

  return {
    providers: file.providers?.length ?? 0,
    accounts: (file.providers ?? []).reduce((total, provider) => total + (provider.accounts?.length ?? 0), 0),
    apiKeys: file.apiKeys?.length ?? 0,
    combos: file.combos?.length ?? 0,
    changed: configDb.read() !== before,
  };
}

/**
 * The file is the truth for a proxy it writes: a password it leaves out is no password. An unchanged password keeps
 * its ciphertext, so re-applying the same file writes nothing.
 */
function fileProxy(fields: ProxyFields, existing: StoredProxy | null | undefined, storageKey: Buffer): StoredProxy {
  return toStoredProxy({ ...fields, password: fields.password ?? null }, existing, storageKey);
}

/** `proxy` named in the file: set (or removed with null); absent: the stored one (dashboard's) stays. */
function applyProxy(target: { proxy?: StoredProxy | null }, proxy: ProxyFields | null | undefined, storageKey: Buffer): void {
  if (proxy === undefined) return;
  if (proxy === null) delete target.proxy;
  else target.proxy = fileProxy(proxy, target.proxy, storageKey);
}

function applySettings(draft: ConfigDocument, file: ConfigFile, storageKey: Buffer): void {
  if (file.routing !== undefined) {
    // The file wins for what it names, like every other section.
    draft.routing = { aliases: { ...(file.routing.aliases ?? {}) }, defaultRoute: file.routing.defaultRoute ?? null };
  }
  if (file.server?.requireApiKey !== undefined) draft.settings.requireApiKey = file.server.requireApiKey;
  if (file.security?.allowLocalUpstreams !== undefined) draft.settings.allowLocalUpstreams = file.security.allowLocalUpstreams;
  if (file.limits?.maxBodyBytes !== undefined) draft.settings.maxBodyBytes = file.limits.maxBodyBytes;
  if (file.limits?.firstByteTimeoutMs !== undefined) draft.settings.firstByteTimeoutMs = file.limits.firstByteTimeoutMs;
  if (file.limits?.idleTimeoutMs !== undefined) draft.settings.idleTimeoutMs = file.limits.idleTimeoutMs;
  if (file.limits?.routingDeadlineMs !== undefined) draft.settings.routingDeadlineMs = file.limits.routingDeadlineMs;
  if (file.limits?.sessionIdleMs !== undefined) draft.settings.sessionIdleMs = file.limits.sessionIdleMs;
  if (file.server?.allowedHosts !== undefined) draft.settings.allowedHosts = [...file.server.allowedHosts];
  if (file.server?.cors !== undefined) draft.settings.cors = { origins: [...file.server.cors.origins] };
  // The translation settings: what the file names replaces what the dashboard set, as a whole.
  const { systemPrompt, thinking } = file.settings ?? {};
  if (systemPrompt !== undefined) {
    draft.settings.systemPrompt = { enabled: systemPrompt.enabled ?? true, text: systemPrompt.text, position: systemPrompt.position ?? "append" };
  }
  if (thinking !== undefined) {
    draft.settings.thinking = {
      global: { ...(thinking.global ?? { mode: "passthrough" }) },
      perModel: Object.fromEntries(Object.entries(thinking.perModel ?? {}).map(([model, policy]) => [model, { ...policy }])),
    };
  }
  const { proxy, requestLogs } = file.settings ?? {};
  if (proxy !== undefined) {
    draft.settings.proxy = { global: proxy.global === null ? null : fileProxy(proxy.global, draft.settings.proxy?.global, storageKey) };
  }
  if (requestLogs !== undefined) {
    // Fields the file leaves out take the defaults, like the other settings the file names.
    draft.settings.requestLogs = { ...DEFAULT_REQUEST_LOG_SETTINGS, ...requestLogs };
  }
  // The breaker profiles: named in the file, they replace the stored ones as a whole (a profile or field left
  // out is the engine's default again); not named, the stored ones stay. Read by the gateway when it starts.
  if (file.resilience !== undefined) {
    const { apiKey, oauth } = file.resilience.profiles ?? {};
    draft.settings.resilience = { profiles: { ...(apiKey !== undefined ? { apiKey: { ...apiKey } } : {}), ...(oauth !== undefined ? { oauth: { ...oauth } } : {}) } };
  }
}

function upsertProvider(draft: ConfigDocument, provider: ConfigFileProvider, storageKey: Buffer, timestamp: string): void {
  const existing = draft.providers.find((candidate) => candidate.id === provider.id);
  const accounts = existing?.accounts ?? [];
  (provider.accounts ?? []).forEach((account, index) => {
    const name = effectiveAccountName(account, index);
    const stored = accounts.find((candidate) => candidate.name === name);
    const wanted = { baseUrl: account.baseUrl ?? null, priority: account.priority ?? index };
    // Limits only when the file sets them: stored accounts without them have none.
    const limits = {
      ...(account.maxConcurrent === undefined ? {} : { maxConcurrent: account.maxConcurrent }),
      ...(account.requestsPerMinute === undefined ? {} : { requestsPerMinute: account.requestsPerMinute }),
    };
    // Fields the dashboard also manages (enabled, proxy, quotas): set only when the file names them.
    const managed = {
      ...(account.enabled === undefined ? {} : { enabled: account.enabled }),
      ...(account.quotaReservePercent === undefined ? {} : { quotaReservePercent: account.quotaReservePercent }),
      ...(account.quotaWindows === undefined ? {} : { quotaWindows: account.quotaWindows.map((window) => ({ ...window })) }),
    };
    if (stored === undefined) {
      const created: StoredAccount = {
        id: uniqueAccountId(name, accounts),
        name,
        apiKeyEncrypted: encryptSecret(account.apiKey, storageKey),
        ...wanted,
        ...limits,
        enabled: true,
        ...managed,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      applyProxy(created, account.proxy, storageKey);
      accounts.push(created);
      return;
    }
    Object.assign(stored, managed);
    applyProxy(stored, account.proxy, storageKey);
    // An OAuth account of the same name is the dashboard's login: the file's key does not replace it.
    if (stored.oauth !== undefined) return;
    const sameKey = decryptsTo(stored.apiKeyEncrypted, account.apiKey, storageKey);
    const sameLimits = stored.maxConcurrent === account.maxConcurrent && stored.requestsPerMinute === account.requestsPerMinute;
    if (sameKey && sameLimits && stored.baseUrl === wanted.baseUrl && stored.priority === wanted.priority) return;
    // The file is the truth for the accounts it names: a limit it leaves out is lifted.
    delete stored.maxConcurrent;
    delete stored.requestsPerMinute;
    Object.assign(stored, wanted, limits, { updatedAt: timestamp });
    // Re-encrypting an unchanged key would change the ciphertext (fresh IV) and force a pointless write.
    if (!sameKey) stored.apiKeyEncrypted = encryptSecret(account.apiKey, storageKey);
  });

  const next: StoredProvider = {
    ...describeProvider(provider),
    accounts,
    // The dashboard manages these too: the file sets them only when it names them.
    enabled: provider.enabled ?? existing?.enabled ?? true,
    customModels:
      provider.customModels?.map((model) => ({ id: model.id, name: model.name ?? model.id, type: model.type ?? "chat" })) ??
      existing?.customModels.map((model) => ({ ...model })) ??
      [],
  };
  if (provider.hideFromModelList !== undefined) next.hideFromModelList = provider.hideFromModelList;
  // The file wins: a provider it names without timeouts goes back to the global ones.
  if (provider.timeouts !== undefined) next.timeouts = { ...provider.timeouts };
  else if (existing !== undefined) delete existing.timeouts;
  if (existing === undefined) {
    applyProxy(next, provider.proxy, storageKey);
    draft.providers.push(next);
  } else {
    Object.assign(existing, next);
    applyProxy(existing, provider.proxy, storageKey);
  }
}

function describeProvider(provider: ConfigFileProvider): Pick<StoredProvider, "id" | "type" | "apiFormat" | "displayName" | "baseUrl" | "models" | "strategy"> {
  const builtIn = getBuiltInProvider(provider.id);
  const common: Pick<StoredProvider, "id" | "baseUrl" | "models" | "strategy"> = {
    id: provider.id,
    baseUrl: provider.baseUrl ?? null,
    models: [...(provider.models ?? [])],
    strategy: provider.strategy ?? "round-robin",
  };
  if (builtIn !== undefined) {
    if (builtIn.apiFormat === "ollama") throw new Error(`built-in provider ${builtIn.id} uses a format the config store cannot hold yet`);
    return { ...common, type: "built-in", apiFormat: builtIn.apiFormat, displayName: provider.displayName ?? builtIn.displayName };
  }
  const type = provider.type ?? "openai-compatible"; // the schema guarantees a type for custom nodes
  const apiFormat = type === "anthropic-compatible" ? "anthropic-messages" : provider.apiFormat === "responses" ? "openai-responses" : "openai-chat";
  return { ...common, type, apiFormat, displayName: provider.displayName ?? provider.id };
}

function decryptsTo(encrypted: string | undefined, plain: string, storageKey: Buffer): boolean {
  if (encrypted === undefined) return false;
  try {
    return decryptSecret(encrypted, storageKey) === plain;
  } catch {
    // Unreadable under the current key (key rotated or lost): the file's value replaces it.
    return false;
  }
}
