import { headers } from "next/headers";
import packageJson from "../../../package.json";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { aggregateUsage } from "@/lib/server/usage/aggregate-usage";
import { usageApiDependenciesFrom } from "@/lib/server/usage/usage-api";
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

/** Today's traffic and what is currently held back; null when the engine is not attached. */
export interface HealthSummary {
  /** Epoch ms of 00:00 UTC today: the counts cover [since, now). */
  since: number;
  requests: number;
  errors: number;
  costUsd: number;
  /** Rows with tokens but no known price: cost is a lower bound when > 0. */
  unpriced: number;
  /** Accounts (or account+model pairs) in a cooldown right now. */
  coolingDown: number;
  /** Providers whose breaker is open or half-open. */
  openBreakers: number;
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
  /** The most recently created key's name and display prefix (the key itself is never stored). */
  latestKey: { name: string; prefix: string } | null;
  comboCount: number;
  providers: ProviderSummary[];
  /** A model id that exists in this configuration, for the snippets. */
  exampleModel: string;
  /** Combos and provider models a snippet may name (first the combos), at most MODEL_CHOICE_LIMIT. */
  modelChoices: string[];
  health: HealthSummary | null;
}

const FALLBACK_MODEL = "openai/gpt-4o";
const MODEL_CHOICE_LIMIT = 60;
const DAY_MS = 86_400_000;

export async function loadDashboardView(): Promise<DashboardView> {
  const runtime = findRuntime() as HostRuntime | undefined;
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
      latestKey: null,
      comboCount: 0,
      providers: [],
      exampleModel: FALLBACK_MODEL,
      modelChoices: [],
      health: null,
    };
  }

  const snapshot = runtime.configStore.getSnapshot();
  const providers = [...snapshot.providers.values()].map(summarizeProvider);
  const modelChoices = listModelChoices([...snapshot.combos.keys()], [...snapshot.providers.values()]);
  const storedKeys = runtime.configDb?.read().apiKeys ?? [];
  const latest = [...storedKeys].sort((left, right) => right.createdAt.localeCompare(left.createdAt))[0];

  return {
    endpointUrl,
    endpointSource: runtimeUrl ? "runtime" : "host-header",
    attached: true,
    version: runtime.version,
    dataDir: runtime.dataDir,
    uptimeSeconds: Math.max(0, Math.floor((Date.now() - runtime.startedAt) / 1000)),
    requireApiKey: snapshot.settings.requireApiKey,
    clientKeyCount: storedKeys.length,
    latestKey: latest ? { name: latest.name, prefix: latest.prefix } : null,
    comboCount: snapshot.combos.size,
    providers,
    exampleModel: modelChoices[0] ?? FALLBACK_MODEL,
    modelChoices,
    health: await readHealth(runtime),
  };
}

/** Combos first (they are what a user builds for their tools), then each provider's models that have an account. */
export function listModelChoices(comboNames: string[], providers: ProviderRuntime[]): string[] {
  const providerModels = providers
    .filter((provider) => provider.accounts.length > 0)
    .sort((left, right) => Number(right.id === "openai") - Number(left.id === "openai"))
    .flatMap((provider) => provider.models.filter((model) => (provider.modelTypes?.get(model) ?? "chat") === "chat").map((model) => `${provider.id}/${model}`));
  return [...comboNames, ...providerModels].slice(0, MODEL_CHOICE_LIMIT);
}

async function readHealth(runtime: HostRuntime): Promise<HealthSummary | null> {
  const dependencies = usageApiDependenciesFrom(runtime);
  if (dependencies === undefined) return null;
  // Rows are written in batches every ~200 ms: a request that just finished should already count here.
  await runtime.usageSink.flush().catch(() => undefined);
  const now = Date.now();
  const since = Math.floor(now / DAY_MS) * DAY_MS;
  const [totals] = aggregateUsage(dependencies.sqlite, { from: since, to: now + 1, bucket: "none", groupBy: "none", filters: {} });
  const resilience = runtime.resilience?.snapshot();
  return {
    since,
    requests: totals?.requests ?? 0,
    errors: totals?.errors ?? 0,
    costUsd: totals?.costUsd ?? 0,
    unpriced: totals?.unpriced ?? 0,
    coolingDown: resilience?.cooldowns.filter((entry) => entry.until > now).length ?? 0,
    openBreakers: resilience?.breakers.filter((breaker) => breaker.state !== "closed").length ?? 0,
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
