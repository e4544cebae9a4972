import { isLoginRequired, readAuthState } from "@/lib/server/auth/auth-state";
import { DEFAULT_SYSTEM_PROMPT_SETTINGS, DEFAULT_THINKING_SETTINGS, DEFAULT_USAGE_RETENTION_DAYS } from "@/lib/server/config-db/config-db-schema";
import { getPricing } from "@/lib/server/pricing/pricing-service";
import { proxySettingsView } from "@/lib/server/proxy/proxy-settings";
import { DEFAULT_REQUEST_LOGS, resolveRequestLogSettings } from "@/lib/server/request-logs/request-log-settings";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { IP_FILTER_OFF } from "@/server/request-guards/ip-filter";

/** Every setting the Settings page edits, read from the stores the `/api/settings/*` routes write. No secrets. */
export function loadSettingsView() {
  const runtime = findRuntime() as HostRuntime | undefined;
  if (runtime?.configDb === undefined) return undefined;
  const document = runtime.configDb.read();
  const auth = readAuthState(document);
  const socks5ByServer = process.env.ENABLE_SOCKS5_PROXY === "true";
  const effectiveLogs = runtime.usageAccounting?.requestLogs?.settings() ?? resolveRequestLogSettings(document, process.env);
  const pricing = getPricing(runtime.configDb);
  return {
    dataDir: runtime.dataDir,
    login: { requireLogin: auth.requireLogin, loopbackBind: runtime.auth.loopbackBind, isEnforced: isLoginRequired(auth, runtime.auth.loopbackBind) },
    ipFilter: document.settings.ipFilter ?? IP_FILTER_OFF,
    thinking: document.settings.thinking ?? DEFAULT_THINKING_SETTINGS,
    systemPrompt: document.settings.systemPrompt ?? DEFAULT_SYSTEM_PROMPT_SETTINGS,
    proxy: proxySettingsView(document, socks5ByServer),
    // SOCKS5 is offered when the server accepts it; NEXT_PUBLIC_ENABLE_SOCKS5_PROXY shows it too (the API still decides).
    isSocks5Enabled: socks5ByServer || process.env.NEXT_PUBLIC_ENABLE_SOCKS5_PROXY === "true",
    logging: {
      usageRetentionDays: document.usage?.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS,
      requestLogs: document.settings.requestLogs ?? DEFAULT_REQUEST_LOGS,
      enabledByEnvironment: effectiveLogs.enabledBy === "env" ? effectiveLogs.enabled : null,
    },
    pricing: { models: pricing.overrides.models, billing: pricing.overrides.billing, defaults: pricing.defaults },
  };
}
