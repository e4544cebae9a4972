import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";

export const dynamic = "force-dynamic";

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 10_000;

/**
 * GET /api/sessions[?limit=N]: active client sessions, most recent first — fingerprint (a digest, never the
 * session id or any prompt text), client tool from the user agent, API key name, first/last seen, requests,
 * tokens and the account the session sticks to. Idle sessions have expired and are not listed.
 */
export function GET(request: Request): Response {
  const runtime = findRuntime() as HostRuntime | undefined;
  const resilience = runtime?.resilience;
  if (runtime === undefined || resilience === undefined) return runtimeUnavailableResponse();
  const limitParam = new URL(request.url).searchParams.get("limit");
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return Response.json({ error: { code: "invalid_input", message: `limit: must be an integer from 1 to ${MAX_LIMIT}` } }, { status: 400, headers: noStore });
  }
  const idleMs = runtime.configStore.getSnapshot().settings.sessionIdleMs;
  return Response.json(resilience.sessions.list({ limit, ...(idleMs !== undefined ? { idleMs } : {}) }), { headers: noStore });
}
