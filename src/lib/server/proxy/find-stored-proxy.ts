import type { ConfigDocument } from "../config-db/config-db-schema";
import type { StoredProxy } from "../config-db/stored-proxy-schema";
import type { ProxyFields } from "../config-file/proxy-fields";

/**
 * A stored proxy (global, a provider's, a combo's or an account's) at the same type, host, port and user as `fields`:
 * a test of a saved proxy may leave its password out and use the stored one (toStoredProxy keeps a password only
 * for the same server, so it can never be sent to another host).
 */
export function findStoredProxy(document: ConfigDocument, fields: ProxyFields): StoredProxy | undefined {
  const candidates: (StoredProxy | null | undefined)[] = [
    document.settings.proxy?.global,
    ...document.providers.map((provider) => provider.proxy),
    ...document.providers.flatMap((provider) => provider.accounts.map((account) => account.proxy)),
    ...document.combos.map((combo) => combo.proxy),
  ];
  return candidates.find(
    (proxy): proxy is StoredProxy =>
      proxy !== undefined && proxy !== null && proxy.type === fields.type && proxy.host === fields.host && proxy.port === fields.port && proxy.username === fields.username,
  );
}
