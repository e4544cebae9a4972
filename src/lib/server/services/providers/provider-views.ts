import type { WireFormat } from "../../../../../open-sse/src/ports";
import { getBuiltInProvider, type BuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import type { ProviderTier } from "../../../../../open-sse/src/providers/provider-definition";
import type { StoredAccount, StoredCustomModel, StoredProvider, StoredQuotaWindow } from "../../config-db/config-db-schema";
import { toProxyView, type ProxyView } from "../../config-file/proxy-fields";
import { decryptSecret } from "../../secrets/encrypt-secret";
import { connectionIdOf } from "./connection-id";
import { maskSecret } from "./mask-secret";

/** One provider account as the management API shows it: the key masked, the proxy without its password. */
export interface ConnectionView {
  /** `<provider>:<account id>`: the id of `/api/providers/{id}`, `/test`, `/models` and `/api/usage/{id}`. */
  id: string;
  provider: string;
  accountId: string;
  name: string;
  enabled: boolean;
  priority: number;
  maxConcurrent: number | null;
  requestsPerMinute: number | null;
  authType: "api-key" | "oauth";
  /** `sk-…abcd`; null for OAuth accounts and for a key the current storage key cannot decrypt. */
  apiKey: string | null;
  /** False: the stored key no longer decrypts (storage key changed); the account is not used until a new key is set. */
  keyReadable: boolean;
  /** The account's own base URL; null: the provider's. */
  baseUrl: string | null;
  proxy: ProxyView | null;
  oauth: { identity: { email: string | null; accountId: string | null; plan: string | null }; status: "active" | "auth-failed"; statusReason: string | null } | null;
  quotaReservePercent: number | null;
  quotaWindows: StoredQuotaWindow[];
  createdAt: string;
  updatedAt: string;
}

export interface AlternateEndpointView {
  id: string;
  label: string;
  apiFormat: WireFormat;
  baseUrl: string;
  note: string;
}

/** A provider as `GET /api/providers` lists it: built-in (configured or not) or custom node, with its connections. */
export interface ProviderView {
  /** The model prefix (`openai` in `openai/gpt-4o`); a node's prefix. */
  id: string;
  displayName: string;
  kind: StoredProvider["type"];
  /** Built-in providers: how users usually pay for it; null for nodes. */
  tier: ProviderTier | null;
  apiFormat: WireFormat;
  /** How a connection authenticates: an API key (POST /api/providers) or an OAuth login (/api/oauth). */
  auth: "api-key" | "oauth";
  /** OAuth providers: the login flow id; null otherwise. */
  oauthFlow: string | null;
  /** Built-in providers: the header the key goes in. */
  authHeader: string | null;
  /** The built-in base URL; null for nodes. */
  defaultBaseUrl: string | null;
  /** The stored base URL (a node's, or a built-in override); null: the default. */
  baseUrl: string | null;
  /** Custom nodes: the name the user gave; null otherwise. */
  nodeName: string | null;
  /** Stored in db.json (has or had connections or settings); false for a built-in never touched. */
  configured: boolean;
  enabled: boolean;
  /** Enabled, with at least one enabled connection. */
  active: boolean;
  strategy: StoredProvider["strategy"];
  hideFromModelList: boolean;
  proxy: ProxyView | null;
  timeouts: { firstByteMs: number | null; idleMs: number | null } | null;
  alternateEndpoints: AlternateEndpointView[];
  /** Built-in catalog size plus the configured models. */
  modelCount: number;
  customModels: StoredCustomModel[];
  connections: ConnectionView[];
}

export function toConnectionView(providerId: string, account: StoredAccount, storageKey: Buffer): ConnectionView {
  let apiKey: string | null = null;
  let keyReadable = true;
  if (account.apiKeyEncrypted !== undefined) {
    try {
      apiKey = maskSecret(decryptSecret(account.apiKeyEncrypted, storageKey));
    } catch {
      keyReadable = false;
    }
  }
  return {
    id: connectionIdOf(providerId, account.id),
    provider: providerId,
    accountId: account.id,
    name: account.name,
    enabled: account.enabled,
    priority: account.priority,
    maxConcurrent: account.maxConcurrent ?? null,
    requestsPerMinute: account.requestsPerMinute ?? null,
    authType: account.oauth === undefined ? "api-key" : "oauth",
    apiKey,
    keyReadable,
    baseUrl: account.baseUrl,
    proxy: toProxyView(account.proxy),
    oauth:
      account.oauth === undefined
        ? null
        : {
            identity: {
              email: account.oauth.identity.email ?? null,
              accountId: account.oauth.identity.accountId ?? null,
              plan: account.oauth.identity.plan ?? null,
            },
            status: account.oauth.status,
            statusReason: account.oauth.statusReason ?? null,
          },
    quotaReservePercent: account.quotaReservePercent ?? null,
    quotaWindows: (account.quotaWindows ?? []).map((window) => ({ ...window })),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

/** `builtIn` and `stored` may each be absent (a node; a built-in never configured), not both. */
export function toProviderView(builtIn: BuiltInProvider | undefined, stored: StoredProvider | undefined, storageKey: Buffer): ProviderView {
  const id = stored?.id ?? builtIn?.id ?? "";
  const connections = (stored?.accounts ?? []).map((account) => toConnectionView(id, account, storageKey));
  const enabled = stored?.enabled ?? true;
  const models = new Set([...(builtIn?.models ?? []), ...(stored?.models ?? []), ...(stored?.customModels ?? []).map((model) => model.id)]);
  return {
    id,
    displayName: stored?.displayName ?? builtIn?.displayName ?? id,
    kind: stored?.type ?? "built-in",
    tier: builtIn?.tier ?? null,
    apiFormat: builtIn?.apiFormat ?? stored?.apiFormat ?? "openai-chat",
    auth: builtIn?.oauthFlow === undefined ? "api-key" : "oauth",
    oauthFlow: builtIn?.oauthFlow ?? null,
    authHeader: builtIn === undefined ? null : builtIn.auth.kind === "bearer" ? "authorization" : builtIn.auth.header,
    defaultBaseUrl: builtIn?.baseUrl ?? null,
    baseUrl: stored?.baseUrl ?? null,
    nodeName: stored?.nodeName ?? null,
    configured: stored !== undefined,
    enabled,
    active: enabled && connections.some((connection) => connection.enabled),
    strategy: stored?.strategy ?? "round-robin",
    hideFromModelList: stored?.hideFromModelList === true,
    proxy: toProxyView(stored?.proxy),
    timeouts: stored?.timeouts === undefined ? null : { firstByteMs: stored.timeouts.firstByteMs ?? null, idleMs: stored.timeouts.idleMs ?? null },
    alternateEndpoints: (builtIn?.alternateEndpoints ?? []).map((endpoint) => ({ ...endpoint })),
    modelCount: models.size,
    customModels: (stored?.customModels ?? []).map((model) => ({ ...model })),
    connections,
  };
}

/** The view of a provider id: built-in (stored or not) or a stored node; undefined when neither. */
export function providerViewOf(providers: readonly StoredProvider[], providerId: string, storageKey: Buffer): ProviderView | undefined {
  const stored = providers.find((candidate) => candidate.id === providerId);
  const builtIn = getBuiltInProvider(providerId);
  if (stored === undefined && builtIn === undefined) return undefined;
  return toProviderView(stored?.type === "built-in" || stored === undefined ? builtIn : undefined, stored, storageKey);
}
