import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { isLoginRequired, readAuthState } from "@/lib/server/auth/auth-state";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";

export const dynamic = "force-dynamic";

const requireLoginBody = z.object({ requireLogin: z.boolean() });

export function GET(): Response {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const state = readAuthState(runtime.configDb.read());
  const { loopbackBind } = runtime.auth;
  return jsonOk({ requireLogin: state.requireLogin, loopbackBind, loginEnforced: isLoginRequired(state, loopbackBind) });
}

/**
 * Turns login off for loopback-only use. Refused on a non-loopback bind: anyone who can reach the port would
 * get the dashboard and every provider key behind it. (The guard also ignores the setting on such a bind.)
 */
export async function PUT(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const body = await readJsonBody(request, requireLoginBody);
  if (body instanceof Response) return body;
  const { loopbackBind } = runtime.auth;
  if (!body.requireLogin && !loopbackBind) {
    return jsonError(
      409,
      "login_required_on_network_bind",
      "Login cannot be turned off while omniroute listens on a non-loopback address: anyone on the network could open the dashboard. Bind to 127.0.0.1 first.",
    );
  }
  await runtime.configDb.update((draft) => {
    const current = readAuthState(draft);
    draft.auth = { ...current, requireLogin: body.requireLogin };
  });
  const state = readAuthState(runtime.configDb.read());
  return jsonOk({ requireLogin: state.requireLogin, loopbackBind, loginEnforced: isLoginRequired(state, loopbackBind) });
}
