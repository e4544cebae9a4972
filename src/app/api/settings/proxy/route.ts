import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import {
  applyProxySettingsUpdate,
  checkProxySettingsUpdate,
  ProxySettingsError,
  proxySettingsUpdateSchema,
  proxySettingsView,
} from "@/lib/server/proxy/proxy-settings";

export const dynamic = "force-dynamic";

/** GET /api/settings/proxy: `{global, providers: {<id>: proxy | null}, socks5Enabled}`; passwords never, `hasPassword` instead. */
export function GET(): Response {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeMissing();
  return jsonOk(proxySettingsView(dependencies.configDb.read(), dependencies.env.ENABLE_SOCKS5_PROXY === "true"));
}

/**
 * PUT /api/settings/proxy `{global?: {type, host, port, username?, password?} | null, providers?: {<id>: … | null}}`:
 * each key present replaces that proxy (null removes it); a left-out password is kept for the same host, port and
 * user. SOCKS5 is refused unless ENABLE_SOCKS5_PROXY=true. Applies from the next request.
 */
export async function PUT(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeMissing();
  const update = await readJsonBody(request, proxySettingsUpdateSchema);
  if (update instanceof Response) return update;
  const socks5Enabled = dependencies.env.ENABLE_SOCKS5_PROXY === "true";
  try {
    checkProxySettingsUpdate(dependencies.configDb.read(), update, socks5Enabled);
    await dependencies.configDb.update((draft) => {
      // Checked again against the document being changed: a provider removed meanwhile is not given a proxy.
      checkProxySettingsUpdate(draft, update, socks5Enabled);
      applyProxySettingsUpdate(draft, update, dependencies.storageKey);
    });
  } catch (error) {
    if (error instanceof ProxySettingsError) return jsonError(400, "invalid_request", `${error.field}: ${error.message}`);
    throw error;
  }
  return jsonOk(proxySettingsView(dependencies.configDb.read(), socks5Enabled));
}
