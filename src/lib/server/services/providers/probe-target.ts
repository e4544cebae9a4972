import type { WireFormat } from "../../../../../open-sse/src/ports";
import { getBuiltInProvider, type BuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import { checkUpstreamUrl } from "../../../../../open-sse/src/security/upstream-url-guard";
import type { ConfigDocument, StoredProvider, StoredProxy } from "../../config-db/config-db-schema";
import { storedProxyUrl } from "../../config-db/stored-proxy-url";
import type { ProbeTarget } from "./probe-plan";
import { ProviderInputError } from "./provider-errors";
import { UpstreamUrlRefusedError } from "./upstream-transport";

export interface ProbeTargetInput {
  providerId: string;
  apiKey: string;
  /** The connection's own base URL (or the one being validated); absent: the provider's. */
  baseUrl?: string | null;
  /** For validating a node before it exists. */
  apiFormat?: WireFormat;
  /** The connection's own proxy (first in the precedence). */
  accountProxy?: StoredProxy | null;
}

/**
 * Where and how to probe: the built-in definition (base URL, required headers, the cheapest chat model for
 * probes that must generate) or the stored node. The base URL must pass the SSRF guard under the stored
 * `allowLocalUpstreams` (`UpstreamUrlRefusedError`, answered 400); the transport checks again at connect time.
 */
export function probeTargetFor(document: ConfigDocument, input: ProbeTargetInput, storageKey: Buffer): ProbeTarget {
  const stored = document.providers.find((candidate) => candidate.id === input.providerId);
  const builtIn = stored === undefined || stored.type === "built-in" ? getBuiltInProvider(input.providerId) : undefined;
  const apiFormat = builtIn?.apiFormat ?? stored?.apiFormat ?? input.apiFormat;
  const baseUrl = input.baseUrl ?? stored?.baseUrl ?? builtIn?.baseUrl;
  if (apiFormat === undefined) throw new ProviderInputError([`provider: unknown provider '${input.providerId}' (give apiFormat and baseUrl to check a node before adding it)`]);
  if (baseUrl === undefined || baseUrl === null) throw new ProviderInputError(["baseUrl: required for a custom node"]);
  const check = checkUpstreamUrl(baseUrl, { allowLocal: document.settings.allowLocalUpstreams });
  if (!check.ok) throw new UpstreamUrlRefusedError(check.reason);
  // The probe takes the path the engine would: the account's proxy, else the provider's, else the global one.
  const proxy = input.accountProxy ?? stored?.proxy ?? document.settings.proxy?.global ?? undefined;
  let proxyUrl: string | undefined;
  if (proxy !== undefined) {
    try {
      proxyUrl = storedProxyUrl(proxy, storageKey);
    } catch {
      throw new ProviderInputError(["proxy: its password cannot be decrypted with the current storage key; set the proxy again"]);
    }
  }
  return {
    providerId: input.providerId,
    apiFormat,
    baseUrl,
    apiKey: input.apiKey,
    extraHeaders: { ...(builtIn?.quirks.requiredHeaders ?? {}) },
    model: builtIn !== undefined ? cheapestChatModel(builtIn) : firstChatModel(stored),
    ...(proxyUrl === undefined ? {} : { proxyUrl }),
  };
}

/** A probe that must generate costs least on the model with the lowest input price (else the first chat model). */
function cheapestChatModel(builtIn: BuiltInProvider): string | undefined {
  const chat = builtIn.catalog.filter((model) => model.type === "chat");
  const priced = chat.filter((model) => model.price !== undefined);
  const cheapest = priced.reduce<(typeof priced)[number] | undefined>(
    (best, model) => (best === undefined || model.price!.inputPerMillion < best.price!.inputPerMillion ? model : best),
    undefined,
  );
  return (cheapest ?? chat[0])?.id;
}

function firstChatModel(stored: StoredProvider | undefined): string | undefined {
  return stored?.customModels.find((model) => model.type === "chat")?.id ?? stored?.models[0];
}
