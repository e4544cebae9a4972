import type { ConfigDb } from "../../config-db/open-config-db";
import type { OmnirouteRuntime } from "../../runtime/runtime-types";
import { loadOrCreateSecret } from "../../secrets/load-or-create-secret";
import type { Dispatcher } from "undici";
import { createGuardedTransport, type UpstreamTransport } from "./upstream-transport";

/** What the provider, node, custom-model and alias services need from the host runtime. */
export interface ProvidersDependencies {
  configDb: ConfigDb;
  /** Encrypts provider keys and proxy passwords at rest (the same key the snapshot decrypts with). */
  storageKey: Buffer;
  /** `ENABLE_SOCKS5_PROXY`, `ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE`. */
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  /**
   * Sends the probes of `/test`, `/validate` and `/models`. Tests inject a fake; the default goes through undici
   * with the SSRF guard at connect time (upstream-transport.ts).
   */
  transport?: UpstreamTransport;
}

interface RuntimeFields {
  configDb?: ConfigDb;
  proxyDispatchers?: { get(proxyUrl: string): Dispatcher };
  storageKey?: Buffer;
  paths?: { secretsDir?: string };
}

const storageKeys = new WeakMap<object, Buffer>();

/**
 * The dependencies from the published runtime (`findRuntime()`), or undefined when Next runs without the omniroute
 * server. The storage key comes from the runtime when it publishes one (`HostRuntime.storageKey`); until then it
 * is read from the same place the runtime read it (`STORAGE_ENCRYPTION_KEY`, else `DATA_DIR/secrets/storage-key`,
 * which the runtime created at start), once per runtime.
 */
export function providersDependenciesFrom(runtime: OmnirouteRuntime | undefined): ProvidersDependencies | undefined {
  if (runtime === undefined) return undefined;
  const candidate = runtime as OmnirouteRuntime & RuntimeFields;
  if (candidate.configDb === undefined) return undefined;
  let storageKey = Buffer.isBuffer(candidate.storageKey) ? candidate.storageKey : storageKeys.get(runtime);
  if (storageKey === undefined) {
    const secretsDir = candidate.paths?.secretsDir;
    if (secretsDir === undefined) return undefined;
    storageKey = loadOrCreateSecret({ secretsDir, name: "storage-key", envValue: process.env.STORAGE_ENCRYPTION_KEY });
    storageKeys.set(runtime, storageKey);
  }
  const configDb = candidate.configDb;
  const proxies = candidate.proxyDispatchers;
  return {
    configDb,
    storageKey,
    env: process.env,
    // The guard's local-address rule follows the stored setting at the time of each probe; a proxied connection is
    // probed through its proxy (the runtime's pooled dispatchers), or not at all.
    transport: createGuardedTransport(
      () => configDb.read().settings.allowLocalUpstreams,
      proxies === undefined ? undefined : (proxyUrl) => proxies.get(proxyUrl),
    ),
  };
}
