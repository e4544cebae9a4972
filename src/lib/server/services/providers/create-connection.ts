import { z } from "zod";
import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import type { StoredAccount } from "../../config-db/config-db-schema";
import { toStoredProxy } from "../../config-file/proxy-fields";
import { uniqueAccountId } from "../../config-file/unique-account-id";
import { encryptSecret } from "../../secrets/encrypt-secret";
import { isNode, providerEntryFor } from "./provider-entry";
import { ProviderConflictError, ProviderInputError } from "./provider-errors";
import {
  baseUrlSchema,
  checkBaseUrl,
  checkProxyAllowed,
  connectionNameSchema,
  maxConcurrentSchema,
  parseProviderInput,
  prioritySchema,
  providerApiKeySchema,
  proxyFieldsSchema,
  quotaReservePercentSchema,
  quotaWindowsSchema,
  requestsPerMinuteSchema,
} from "./provider-input";
import type { ProvidersDependencies } from "./providers-dependencies";
import { toConnectionView, type ConnectionView } from "./provider-views";

export const createConnectionInputSchema = z.strictObject({
  provider: z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters"),
  /** Absent: `account-<n>`. */
  name: connectionNameSchema.optional(),
  apiKey: providerApiKeySchema,
  baseUrl: baseUrlSchema.optional(),
  /** Absent: after the provider's other connections. */
  priority: prioritySchema.optional(),
  maxConcurrent: maxConcurrentSchema.optional(),
  requestsPerMinute: requestsPerMinuteSchema.optional(),
  proxy: proxyFieldsSchema.nullable().optional(),
  enabled: z.boolean().default(true),
  quotaReservePercent: quotaReservePercentSchema.optional(),
  quotaWindows: quotaWindowsSchema.optional(),
});

/** `ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true` lifts the one-connection-per-node rule. */
export function allowsMultipleNodeConnections(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE === "true";
}

export const NODE_CONNECTION_LIMIT_MESSAGE =
  "This node already has a connection: a compatible node takes one connection (set ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true on the server to allow more).";

/**
 * Adds an API-key connection to a built-in provider (its entry is created on first use) or to a custom node. OAuth
 * providers connect through /api/oauth instead. The key is stored encrypted and shown masked from then on.
 */
export async function createConnection(dependencies: ProvidersDependencies, input: unknown): Promise<ConnectionView> {
  const fields = parseProviderInput(createConnectionInputSchema, input);
  const builtIn = getBuiltInProvider(fields.provider);
  if (builtIn?.oauthFlow !== undefined) {
    throw new ProviderInputError([`provider: ${builtIn.displayName} connects with an OAuth login (/api/oauth/${builtIn.oauthFlow}), not an API key`]);
  }
  checkProxyAllowed(fields.proxy, dependencies.env);
  const timestamp = (dependencies.now ?? (() => new Date()))().toISOString();
  let created: StoredAccount | undefined;
  await dependencies.configDb.update((draft) => {
    if (fields.baseUrl !== undefined) checkBaseUrl(draft, fields.baseUrl);
    const provider = providerEntryFor(draft, fields.provider);
    if (isNode(provider) && provider.accounts.length > 0 && !allowsMultipleNodeConnections(dependencies.env)) {
      throw new ProviderConflictError("connection_limit", NODE_CONNECTION_LIMIT_MESSAGE);
    }
    const name = fields.name ?? nextAccountName(provider.accounts);
    if (provider.accounts.some((account) => account.name.toLowerCase() === name.toLowerCase())) {
      throw new ProviderConflictError("name_taken", `name: '${provider.id}' already has a connection named '${name}'`);
    }
    const account: StoredAccount = {
      id: uniqueAccountId(name, provider.accounts),
      name,
      apiKeyEncrypted: encryptSecret(fields.apiKey, dependencies.storageKey),
      baseUrl: fields.baseUrl ?? null,
      priority: fields.priority ?? nextPriority(provider.accounts),
      enabled: fields.enabled,
      createdAt: timestamp,
      updatedAt: timestamp,
      ...(fields.maxConcurrent === undefined ? {} : { maxConcurrent: fields.maxConcurrent }),
      ...(fields.requestsPerMinute === undefined ? {} : { requestsPerMinute: fields.requestsPerMinute }),
      ...(fields.proxy === undefined || fields.proxy === null ? {} : { proxy: toStoredProxy(fields.proxy, undefined, dependencies.storageKey) }),
      ...(fields.quotaReservePercent === undefined ? {} : { quotaReservePercent: fields.quotaReservePercent }),
      ...(fields.quotaWindows === undefined ? {} : { quotaWindows: fields.quotaWindows.map((window) => ({ ...window })) }),
    };
    provider.accounts.push(account);
    created = account;
  });
  if (created === undefined) throw new Error("the created connection was not stored");
  const stored = dependencies.configDb
    .read()
    .providers.find((provider) => provider.id === fields.provider)
    ?.accounts.find((account) => account.id === created!.id);
  if (stored === undefined) throw new Error("the created connection was not stored");
  return toConnectionView(fields.provider, stored, dependencies.storageKey);
}

function nextAccountName(accounts: readonly StoredAccount[]): string {
  const names = new Set(accounts.map((account) => account.name.toLowerCase()));
  let index = accounts.length + 1;
  while (names.has(`account-${index}`)) index++;
  return `account-${index}`;
}

/** After every existing connection: a new key is a fallback until the user reorders. */
function nextPriority(accounts: readonly StoredAccount[]): number {
  return accounts.length === 0 ? 0 : Math.max(...accounts.map((account) => account.priority)) + 1;
}
