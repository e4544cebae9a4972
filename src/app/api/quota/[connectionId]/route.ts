import type { QuotaWindow } from "@omniroute/open-sse";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/quota/{provider}:{account id or name}: that account's quota windows (as in GET /api/quota); 404 when
 * unknown. `?refresh=1` first asks an OAuth subscription's own usage endpoint (Claude, Codex, Gemini Code Assist,
 * Copilot…) for fresh windows; `refreshError` says why when that failed (the stored windows are answered anyway).
 */
export async function GET(request: Request, context: { params: Promise<{ connectionId: string }> }): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  const quota = dependencies?.usageAccounting?.quota;
  if (quota === undefined) return unavailableResponse();
  const { connectionId } = await context.params;
  const separator = connectionId.indexOf(":");
  if (separator <= 0 || separator === connectionId.length - 1 || connectionId.length > 400) {
    return invalidInputResponse(["connectionId: must be <provider>:<account id or name>"]);
  }
  const provider = connectionId.slice(0, separator);
  const accountRef = connectionId.slice(separator + 1);
  try {
    await quota.refresh();
    let account = quota.account(provider, accountRef);
    if (account === undefined) {
      return Response.json({ error: { code: "not_found", message: "No such account." } }, { status: 404, headers: noStore });
    }
    let refreshError: string | undefined;
    const refreshParam = new URL(request.url).searchParams.get("refresh");
    if (refreshParam === "1" || refreshParam === "true") {
      refreshError = await refreshFromUpstream(provider, account.accountId, (windows) => quota.observe(provider, account!.accountId, windows));
      account = quota.account(provider, account.accountId) ?? account;
    }
    return Response.json({ ...account, now: dependencies!.now(), ...(refreshError !== undefined ? { refreshError } : {}) }, { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}

/** Asks the subscription's usage endpoint (src/lib/server/oauth/quota) and records what it said; the reason when it could not. */
async function refreshFromUpstream(provider: string, accountId: string, record: (windows: readonly QuotaWindow[]) => void): Promise<string | undefined> {
  const oauth = findHostRuntime()?.oauth;
  const credentials = oauth?.credentialsFor(provider, accountId);
  if (oauth === undefined || credentials === undefined) return "not an OAuth subscription account: only its own requests reveal its quota";
  try {
    const windows = await oauth.fetchUpstreamQuota(provider, await credentials.current(), accountId);
    record(windows);
    return windows.length === 0 ? "this provider has no usage endpoint" : undefined;
  } catch (error) {
    // The provider's words are not echoed (they may carry account details): only what kind of failure it was.
    const status = (error as { status?: unknown }).status;
    return typeof status === "number" ? `the usage endpoint answered ${status}` : "the usage endpoint could not be reached";
  }
}
