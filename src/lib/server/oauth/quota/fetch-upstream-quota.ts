import type { OAuthSession, QuotaWindow } from "../../../../../open-sse/src/ports";
import { claudeQuotaFromUsageEndpoint } from "../../../../../open-sse/src/providers/quota/claude-usage-endpoint";
import { codexQuotaFromUsageEndpoint } from "../../../../../open-sse/src/providers/quota/codex-rate-limit-headers";
import { copilotQuotaFromUserInfo, copilotUserInfoRequest } from "../../../../../open-sse/src/providers/quota/copilot-quota";
import { codeAssistQuotaFromBuckets } from "../../../../../open-sse/src/providers/quota/google-quota-error";
import { toQuotaWindow, type QuotaObservation } from "../../../../../open-sse/src/providers/quota/quota-observation";
import { CLAUDE_OAUTH_BETA } from "../flows/claude-code-flow";
import type { OAuthEndpoints } from "../oauth-endpoints";
import type { OAuthHttp, OAuthHttpRequest } from "../oauth-http";
import { antigravityQuotaFromModels } from "./antigravity-quota";
import { kiroQuotaFromUsageLimits, kiroUsageLimitsRequest } from "./kiro-usage-limits";

/** The usage endpoint answered with an error, or could not be reached; `status` null: no answer. */
export class QuotaFetchError extends Error {
  override name = "QuotaFetchError";
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamQuotaOptions {
  /** The provider's flow endpoints with the overrides applied (`quotaUrl`). */
  endpoints: OAuthEndpoints;
  http: OAuthHttp;
  /** For the proxy choice. */
  accountId?: string;
  /** The connection's stored secrets: Copilot's user endpoint takes the GitHub token, not the session's. */
  secrets?: Readonly<Record<string, string>>;
  /** Epoch ms (Copilot: a reset on the next 1st when the answer names none). Default: the clock. */
  now?: number;
}

/**
 * The quota windows a subscription's own usage endpoint reports (what the official client's `/usage` or
 * `/status` shows), as `QuotaWindow`s: `usedPercent` is always the part USED, whatever the provider reports.
 * The body readers live beside the header readers in open-sse/src/providers/quota; this does the call.
 *
 * - cc: `GET api.anthropic.com/api/oauth/usage` (+ `anthropic-beta: oauth-2025-04-20`): 5-hour and weekly utilization.
 * - cx: `GET chatgpt.com/backend-api/wham/usage` (+ `ChatGPT-Account-Id`): primary (5 h) and secondary (weekly) windows.
 * - gc: `POST cloudcode-pa…/v1internal:retrieveUserQuota {project}`: per-model daily buckets (fraction LEFT).
 * - ag: `POST cloudcode-pa…/v1internal:fetchAvailableModels {project}`: per-model quota (fraction LEFT).
 * - gh: `GET api.github.com/copilot_internal/user` with the GitHub token (`options.secrets`): the monthly
 *   premium-request allowance and the Free plan's chat/completion counts, reset on the 1st.
 * - kr: `GET q.us-east-1.amazonaws.com/getUsageLimits` (+ `profileArn` for social logins): used of the limit per
 *   resource type, and any free trial.
 *
 * Providers without a usage endpoint answer an empty list.
 */
export async function fetchUpstreamQuota(providerId: string, session: OAuthSession, options: UpstreamQuotaOptions): Promise<QuotaWindow[]> {
  const url = options.endpoints.quotaUrl;
  if (url === undefined) return [];
  const route = { providerId, ...(options.accountId === undefined ? {} : { accountId: options.accountId }) };
  const authorization = `Bearer ${session.accessToken}`;
  let call: OAuthHttpRequest;
  let read: (body: unknown) => QuotaObservation[];
  switch (providerId) {
    case "cc":
      call = { method: "GET", url, route, headers: { authorization, "anthropic-beta": CLAUDE_OAUTH_BETA } };
      read = claudeQuotaFromUsageEndpoint;
      break;
    case "cx": {
      const accountId = session.extras.chatgptAccountId;
      call = { method: "GET", url, route, headers: { authorization, ...(accountId === undefined ? {} : { "chatgpt-account-id": accountId }) } };
      read = codexQuotaFromUsageEndpoint;
      break;
    }
    case "gc":
    case "ag": {
      const project = session.extras.projectId;
      if (project === undefined) throw new QuotaFetchError(null, "the connection has no Code Assist project; reconnect it");
      call = { method: "POST", url, route, headers: { authorization }, json: { project } };
      read = providerId === "gc" ? codeAssistQuotaFromBuckets : antigravityQuotaFromModels;
      break;
    }
    case "gh": {
      const githubToken = options.secrets?.githubToken;
      if (githubToken === undefined) throw new QuotaFetchError(null, "the Copilot quota needs the connection's GitHub token: ask with the account id");
      const userInfo = copilotUserInfoRequest(githubToken, { userUrl: url });
      const at = options.now ?? Date.now();
      call = { ...userInfo, route };
      read = (body) => copilotQuotaFromUserInfo(body, at);
      break;
    }
    case "kr":
      call = kiroUsageLimitsRequest(url, session.accessToken, session.extras.profileArn, route);
      read = kiroQuotaFromUsageLimits;
      break;
    default:
      return [];
  }
  let response;
  try {
    response = await options.http(call);
  } catch (error) {
    throw new QuotaFetchError(null, `usage endpoint unreachable (${error instanceof Error ? error.message : "request failed"})`);
  }
  if (response.status < 200 || response.status >= 300) throw new QuotaFetchError(response.status, `usage endpoint answered HTTP ${response.status}`);
  return read(response.json).map(toQuotaWindow);
}
