import { z } from "zod";
import { toStoredProxy } from "../../config-file/proxy-fields";
import { encryptSecret } from "../../secrets/encrypt-secret";
import { findConnection } from "./find-connection";
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

/**
 * Absent fields stay as they are; null clears (base URL back to the provider's, a limit lifted, the proxy removed,
 * the quota settings removed). A proxy given without `password` keeps the stored one for the same server.
 */
export const updateConnectionInputSchema = z.strictObject({
  name: connectionNameSchema.optional(),
  apiKey: providerApiKeySchema.optional(),
  baseUrl: baseUrlSchema.nullable().optional(),
  priority: prioritySchema.optional(),
  maxConcurrent: maxConcurrentSchema.nullable().optional(),
  requestsPerMinute: requestsPerMinuteSchema.nullable().optional(),
  enabled: z.boolean().optional(),
  proxy: proxyFieldsSchema.nullable().optional(),
  quotaReservePercent: quotaReservePercentSchema.nullable().optional(),
  quotaWindows: quotaWindowsSchema.nullable().optional(),
});

/** Renames, re-keys, re-limits, enables/disables or re-proxies one connection; the id stays. */
export async function updateConnection(dependencies: ProvidersDependencies, connectionId: string, input: unknown): Promise<ConnectionView> {
  const fields = parseProviderInput(updateConnectionInputSchema, input);
  checkProxyAllowed(fields.proxy, dependencies.env);
  const timestamp = (dependencies.now ?? (() => new Date()))().toISOString();
  let providerId = "";
  let accountId = "";
  await dependencies.configDb.update((draft) => {
    const { provider, account } = findConnection(draft, connectionId);
    providerId = provider.id;
    accountId = account.id;
    if (fields.name !== undefined && provider.accounts.some((other) => other !== account && other.name.toLowerCase() === fields.name!.toLowerCase())) {
      throw new ProviderConflictError("name_taken", `name: '${provider.id}' already has a connection named '${fields.name}'`);
    }
    if (fields.apiKey !== undefined && account.oauth !== undefined) {
      throw new ProviderInputError(["apiKey: this connection signs in with OAuth; reconnect it through /api/oauth instead"]);
    }
    if (typeof fields.baseUrl === "string") checkBaseUrl(draft, fields.baseUrl);
    if (fields.name !== undefined) account.name = fields.name;
    if (fields.apiKey !== undefined) account.apiKeyEncrypted = encryptSecret(fields.apiKey, dependencies.storageKey);
    if (fields.baseUrl !== undefined) account.baseUrl = fields.baseUrl;
    if (fields.priority !== undefined) account.priority = fields.priority;
    if (fields.enabled !== undefined) account.enabled = fields.enabled;
    setOrClear(account, "maxConcurrent", fields.maxConcurrent);
    setOrClear(account, "requestsPerMinute", fields.requestsPerMinute);
    setOrClear(account, "quotaReservePercent", fields.quotaReservePercent);
    setOrClear(account, "quotaWindows", fields.quotaWindows?.map((window) => ({ ...window })) ?? fields.quotaWindows);
    if (fields.proxy === null) delete account.proxy;
    else if (fields.proxy !== undefined) account.proxy = toStoredProxy(fields.proxy, account.proxy, dependencies.storageKey);
    account.updatedAt = timestamp;
  });
  const { provider, account } = findConnection(dependencies.configDb.read(), `${providerId}:${accountId}`);
  return toConnectionView(provider.id, account, dependencies.storageKey);
}

/** undefined: leave; null: remove the field; a value: set it. */
function setOrClear<Target extends object, Key extends keyof Target>(target: Target, key: Key, value: Target[Key] | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete target[key];
  else target[key] = value;
}
