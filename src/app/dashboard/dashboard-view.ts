import { headers } from "next/headers";
import packageJson from "../../../package.json";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import type { ProviderRuntime } from "@omniroute/open-sse";

export interface ProviderSummary {
  id: string;
  displayName: string;
  apiFormat: string;
  strategy: string;
  modelCount: number;
  accountCount: number;
  firstModel: string | undefined;
}

/** Everything the landing view shows, read once per request. Never contains a secret. */
export interface DashboardView {
  /** Where clients reach the gateway, without a trailing slash. */
  endpointUrl: string;
  /** How endpointUrl was found: the server's own publicUrl, or the browser's Host header. */
  endpointSource: "runtime" | "host-header";
  attached: boolean;
  version: string;
  dataDir: string | null;
  uptimeSeconds: number | null;
  requireApiKey: boolean | null;
  clientKeyCount: number;
  comboCount: number;
  providers: ProviderSummary[];
  /** A model id that exists in this configuration, for the snippets. */
  exampleModel: string;
}

const FALLBACK_MODEL = "openai/gpt-4o";

export async function loadDashboardView(): Promise<DashboardView> {
  const runtime = findRuntime();
  const requestUrl = await urlFromRequestHeaders();
  const runtimeUrl = runtime ? usablePublicUrl(runtime.publicUrl) : undefined;
  const endpointUrl = runtimeUrl ?? requestUrl;

  if (!runtime) {
    return {
      endpointUrl,
      endpointSource: "host-header",
      attached: false,
      version: packageJson.version,
      dataDir: null,
      uptimeSeconds: null,
      requireApiKey: null,
      clientKeyCount: 0,
      comboCount: 0,
      providers: [],
      exampleModel: FALLBACK_MODEL,
    };
  }

  const snapshot = runtime.configStore.getSnapshot();
  const providers = [...snapshot.providers.values()].map(summarizeProvider);
  const preferred = providers.find((provider) => provider.id === "openai" && provider.firstModel) ??
    providers.find((provider) => provider.firstModel);

  return {
    endpointUrl,
    endpointSource: runtimeUrl ? "runtime" : "host-header",
    attached: true,
    version: runtime.version,
    dataDir: runtime.dataDir,
    uptimeSeconds: Math.max(0, Math.floor((Date.now() - runtime.startedAt) / 1000)),
    requireApiKey: snapshot.settings.requireApiKey,
    clientKeyCount: snapshot.clientKeys.length,
    comboCount: snapshot.combos.size,
    providers,
    exampleModel: preferred ? `${preferred.id}/${preferred.firstModel}` : FALLBACK_MODEL,
  };
}

function summarizeProvider(provider: ProviderRuntime): ProviderSummary {
  return {
    id: provider.id,
    displayName: provider.displayName,
    apiFormat: provider.apiFormat,
    strategy: provider.strategy,
    modelCount: provider.models.length,
    accountCount: provider.accounts.length,
    firstModel: provider.models[0],
  };
}

/**
 * The server's publicUrl, unless it names a wildcard bind address (0.0.0.0, ::) that no client can dial;
 * then the Host header the browser used is the better answer.
 */
function usablePublicUrl(publicUrl: string): string | undefined {
  try {
    const url = new URL(publicUrl);
    if (url.hostname === "0.0.0.0" || url.hostname === "[::]") return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

async function urlFromRequestHeaders(): Promise<string> {
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "127.0.0.1:20128";
  const forwardedProto = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const proto = forwardedProto === "https" ? "https" : "http";
  return `${proto}://${host.split(",")[0]!.trim()}`;
}
