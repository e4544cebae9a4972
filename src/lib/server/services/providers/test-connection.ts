import { decryptSecret } from "../../secrets/encrypt-secret";
import { findConnection } from "./find-connection";
import { probeTargetFor } from "./probe-target";
import type { ProvidersDependencies } from "./providers-dependencies";
import { runProbe, type ProbeResult } from "./run-probe";
import { createGuardedTransport } from "./upstream-transport";

/**
 * `POST /api/providers/{connection}/test`: a real minimal upstream call with the stored credentials (probe-plan.ts),
 * bounded to 10 s, with a verdict. OAuth connections are checked by their token manager, not here.
 */
export async function testConnection(dependencies: ProvidersDependencies, connectionId: string): Promise<ProbeResult> {
  const document = dependencies.configDb.read();
  const { provider, account } = findConnection(document, connectionId);
  if (account.apiKeyEncrypted === undefined) {
    return { ok: false, latencyMs: 0, verdict: "error", message: "This connection signs in with OAuth; its login status is shown with the connection (reconnect it through /api/oauth if it failed)." };
  }
  let apiKey: string;
  try {
    apiKey = decryptSecret(account.apiKeyEncrypted, dependencies.storageKey);
  } catch {
    return { ok: false, latencyMs: 0, verdict: "error", message: "The stored key cannot be decrypted with the current storage key: set the key again." };
  }
  const target = probeTargetFor(document, { providerId: provider.id, apiKey, baseUrl: account.baseUrl, accountProxy: account.proxy }, dependencies.storageKey);
  return runProbe(dependencies.transport ?? createGuardedTransport(() => dependencies.configDb.read().settings.allowLocalUpstreams), target);
}
