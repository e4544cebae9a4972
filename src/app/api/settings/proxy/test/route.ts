import { z } from "zod";
import { jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { storedProxyUrl } from "@/lib/server/config-db/stored-proxy-url";
import { proxyFieldsSchema, toStoredProxy } from "@/lib/server/config-file/proxy-fields";
import { findStoredProxy } from "@/lib/server/proxy/find-stored-proxy";
import { DEFAULT_PROXY_TEST_URL, testProxyConnection } from "@/lib/server/proxy/test-proxy-connection";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

const proxyTestBody = z.strictObject({
  proxy: proxyFieldsSchema,
  /** Where to go through the proxy; default: a known HTTPS API. Checked by the SSRF guard. */
  url: z.string().min(1).max(2_048).optional(),
});

/**
 * POST /api/settings/proxy/test `{proxy, url?}` → `{ok, latencyMs, message}`: one request through the proxy. A
 * proxy saved earlier can be tested without typing its password again (left out: the stored one for the same host,
 * port and user is used). The target's answer is never echoed.
 */
export async function POST(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeMissing();
  const body = await readJsonBody(request, proxyTestBody);
  if (body instanceof Response) return body;
  const document = dependencies.configDb.read();
  const stored = toStoredProxy(body.proxy, findStoredProxy(document, body.proxy), dependencies.storageKey);
  let proxyUrl: string;
  try {
    proxyUrl = storedProxyUrl(stored, dependencies.storageKey);
  } catch {
    return jsonOk({ ok: false, latencyMs: 0, message: "The saved proxy password cannot be decrypted with the current storage key: enter it again." });
  }
  const result = await testProxyConnection({
    proxyUrl,
    targetUrl: body.url ?? DEFAULT_PROXY_TEST_URL,
    allowLocal: document.settings.allowLocalUpstreams,
    socks5Enabled: dependencies.env.ENABLE_SOCKS5_PROXY === "true",
  });
  return jsonOk(result);
}
