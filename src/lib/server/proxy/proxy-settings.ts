import { z } from "zod";
import type { ConfigDocument } from "../config-db/config-db-schema";
import { proxyFieldsSchema, toProxyView, toStoredProxy, type ProxyFields, type ProxyView } from "../config-file/proxy-fields";

/**
 * `/api/settings/proxy`: the global outbound proxy and each provider's own, as the dashboard edits them. Stored as
 * `settings.proxy.global` and `providers[].proxy` (stored-proxy-schema.ts), passwords encrypted with the storage
 * key (proxy-fields.ts), never returned (`hasPassword` says whether one is set). The engine sees them as
 * `ProviderRuntime.proxyUrl` (the provider's own, else the global one) through the snapshot builder.
 */
export interface ProxySettingsView {
  global: ProxyView | null;
  /** Every configured provider; null: it has none of its own (the global proxy applies). */
  providers: Record<string, ProxyView | null>;
  /** `ENABLE_SOCKS5_PROXY=true`: SOCKS5 proxies may be saved and used. */
  socks5Enabled: boolean;
}

/**
 * A PUT body: each key present replaces that proxy (null removes it), absent keys stay. In a proxy, a password left
 * out is kept when host, port and user name stay the same; null or "" removes it.
 */
export const proxySettingsUpdateSchema = z.strictObject({
  global: proxyFieldsSchema.nullable().optional(),
  providers: z.record(z.string().min(1).max(200), proxyFieldsSchema.nullable()).optional(),
});

export type ProxySettingsUpdate = z.infer<typeof proxySettingsUpdateSchema>;

/** A request the settings cannot take (an unknown provider, SOCKS5 while it is switched off): a 400. */
export class ProxySettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "ProxySettingsError";
  }
}

export function proxySettingsView(document: ConfigDocument, socks5Enabled: boolean): ProxySettingsView {
  const providers: Record<string, ProxyView | null> = {};
  for (const provider of document.providers) providers[provider.id] = toProxyView(provider.proxy);
  return { global: toProxyView(document.settings.proxy?.global), providers, socks5Enabled };
}

/** Throws ProxySettingsError before anything is written when any part of the update cannot be applied. */
export function checkProxySettingsUpdate(document: ConfigDocument, update: ProxySettingsUpdate, socks5Enabled: boolean): void {
  const refuseSocks5 = (fields: ProxyFields | null | undefined, field: string) => {
    if (fields?.type === "socks5" && !socks5Enabled) {
      throw new ProxySettingsError(`${field}.type`, "SOCKS5 proxies are disabled on this server; set ENABLE_SOCKS5_PROXY=true to use them.");
    }
  };
  refuseSocks5(update.global, "global");
  for (const [providerId, fields] of Object.entries(update.providers ?? {})) {
    if (!document.providers.some((provider) => provider.id === providerId)) {
      throw new ProxySettingsError(`providers.${providerId}`, `Provider '${providerId}' is not configured: add a connection to it first.`);
    }
    refuseSocks5(fields, `providers.${providerId}`);
  }
}

/** Applies a checked update to a draft of the document (inside `configDb.update`). */
export function applyProxySettingsUpdate(draft: ConfigDocument, update: ProxySettingsUpdate, storageKey: Buffer): void {
  if (update.global !== undefined) {
    const existing = draft.settings.proxy?.global;
    draft.settings.proxy = { global: update.global === null ? null : toStoredProxy(update.global, existing, storageKey) };
  }
  for (const [providerId, fields] of Object.entries(update.providers ?? {})) {
    const provider = draft.providers.find((candidate) => candidate.id === providerId);
    if (provider === undefined) continue;
    provider.proxy = fields === null ? null : toStoredProxy(fields, provider.proxy, storageKey);
  }
}
