import { decryptSecret } from "../../secrets/encrypt-secret";
import { parseConnectionId } from "./connection-id";
import { findConnection } from "./find-connection";
import { modelListRequest, normaliseModelList, type UpstreamModel } from "./probe-plan";
import { probeTargetFor } from "./probe-target";
import { ProviderInputError, ProviderNotFoundError, UpstreamAnswerError } from "./provider-errors";
import type { ProvidersDependencies } from "./providers-dependencies";
import { describeAnswer, describeUnreachable, verdictForStatus } from "./run-probe";
import { createGuardedTransport, UpstreamUnreachableError } from "./upstream-transport";
import type { StoredAccount, StoredProvider } from "../../config-db/config-db-schema";

/**
 * `GET /api/providers/{id}/models`: the upstream's own model list, `{data: [{id, name?}]}`, fetched with a
 * connection's key — the named connection, or for a provider id its first enabled API-key connection. An upstream
 * that fails answers 502 with a message (its body only from a public address, never the key).
 */
export async function listUpstreamModels(dependencies: ProvidersDependencies, id: string): Promise<{ data: UpstreamModel[] }> {
  const document = dependencies.configDb.read();
  const { provider, account } = parseConnectionId(id) === undefined ? firstUsableConnection(document.providers, id) : findConnection(document, id);
  if (account.apiKeyEncrypted === undefined) throw new ProviderInputError(["id: OAuth connections list their models through the engine, not here"]);
  let apiKey: string;
  try {
    apiKey = decryptSecret(account.apiKeyEncrypted, dependencies.storageKey);
  } catch {
    throw new ProviderInputError(["id: the stored key cannot be decrypted with the current storage key; set the key again"]);
  }
  const target = probeTargetFor(document, { providerId: provider.id, apiKey, baseUrl: account.baseUrl, accountProxy: account.proxy }, dependencies.storageKey);
  const transport = dependencies.transport ?? createGuardedTransport(() => dependencies.configDb.read().settings.allowLocalUpstreams);
  let response;
  try {
    response = await transport(modelListRequest(target));
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) throw new UpstreamAnswerError(describeUnreachable(error), undefined);
    throw error;
  }
  const verdict = verdictForStatus(response.status);
  if (verdict !== "ok") throw new UpstreamAnswerError(describeAnswer(verdict, response, apiKey), response.status);
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString("utf8"));
  } catch {
    json = undefined;
  }
  const models = normaliseModelList(target.apiFormat, json);
  if (models === undefined) throw new UpstreamAnswerError("The upstream's answer is not a model list.", response.status);
  return { data: models };
}

function firstUsableConnection(providers: readonly StoredProvider[], providerId: string): { provider: StoredProvider; account: StoredAccount } {
  const provider = providers.find((candidate) => candidate.id === providerId);
  const account = provider?.accounts.find((candidate) => candidate.enabled && candidate.apiKeyEncrypted !== undefined);
  if (provider === undefined || account === undefined) throw new ProviderNotFoundError(`Provider '${providerId}' has no enabled API-key connection to list models with.`);
  return { provider, account };
}
