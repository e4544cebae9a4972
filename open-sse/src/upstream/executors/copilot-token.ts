/**
 * GitHub Copilot's token exchange, as pure request/response shapes for the host's OAuth engine: the GitHub
 * OAuth token from the device flow is traded at `GET https://api.github.com/copilot_internal/v2/token` for a
 * short-lived Copilot API token (an HMAC-signed `fields:mac` string, ~30 minutes) plus the per-plan API host
 * (`endpoints.api`: api.individual / api.business / api.enterprise .githubcopilot.com). The API calls carry
 * that token as `Authorization: Bearer`.
 *
 * Facts from the VS Code Copilot extension (microsoft/vscode-copilot-chat
 * src/platform/authentication/common/copilotToken.ts: `TokenEnvelope` — `token`, `expires_at` in Unix seconds,
 * `refresh_in` in seconds, `sku`, `endpoints.{api, proxy, telemetry, origin-tracker}`, `chat_enabled`; the
 * error shapes `ErrorEnvelope {message, error_details {notification_id, message, title, url}}` and GitHub's
 * `{message, documentation_url, status}`) and from ericc-ch/copilot-api (src/lib/api-config.ts
 * `githubHeaders`: `authorization: token …` plus the editor headers; src/lib/token.ts re-fetches
 * `refresh_in - 60` seconds after each exchange). The exchange is refreshed single-flight by the host; the
 * GitHub OAuth token itself does not expire unless GitHub issued it with `expires_in` + a refresh token.
 */

/** The editor identity every Copilot call presents (the VS Code Copilot Chat extension's). */
export const COPILOT_EDITOR_VERSION = "vscode/1.110.0";
export const COPILOT_CHAT_VERSION = "0.38.0";
export const COPILOT_EDITOR_PLUGIN_VERSION = `copilot-chat/${COPILOT_CHAT_VERSION}`;
export const COPILOT_USER_AGENT = `GitHubCopilotChat/${COPILOT_CHAT_VERSION}`;
/** The REST API version VS Code sends to api.github.com's `copilot_internal` endpoints. */
export const COPILOT_INTERNAL_API_VERSION = "2025-04-01";

export const DEFAULT_COPILOT_TOKEN_URL = "https://api.github.com/copilot_internal/v2/token";
/** The host every plan answers on when the token response names none. */
export const DEFAULT_COPILOT_API_ENDPOINT = "https://api.githubcopilot.com";

export interface CopilotTokenRequest {
  url: string;
  method: "GET";
  headers: Record<string, string>;
}

export interface CopilotToken {
  token: string;
  /** Epoch milliseconds (the response gives Unix seconds). */
  expiresAt: number;
  /** Seconds after the exchange at which the official client asks again (`refresh_in`); null when absent. */
  refreshInSeconds: number | null;
  /** The API host for this plan, no trailing slash (`OAuthSession.extras.apiEndpoint`). */
  apiEndpoint: string;
  /** `free_limited_copilot`, `copilot_for_business_seat`, …; null when absent. */
  sku: string | null;
}

/** The exchange call for a GitHub OAuth token; `tokenUrl` is the config-file override (mock servers in tests). */
export function copilotTokenRequest(githubToken: string, options: { tokenUrl?: string } = {}): CopilotTokenRequest {
  return {
    url: options.tokenUrl ?? DEFAULT_COPILOT_TOKEN_URL,
    method: "GET",
    headers: {
      authorization: `token ${githubToken}`,
      accept: "application/json",
      "editor-version": COPILOT_EDITOR_VERSION,
      "editor-plugin-version": COPILOT_EDITOR_PLUGIN_VERSION,
      "user-agent": COPILOT_USER_AGENT,
      "x-github-api-version": COPILOT_INTERNAL_API_VERSION,
    },
  };
}

/**
 * Reads the exchange's JSON answer. Throws an Error whose message is safe to show (GitHub's own notice, such
 * as "no_copilot_access: …") when the body is not a token: the host marks the account `auth-failed`.
 */
export function parseCopilotTokenResponse(json: unknown): CopilotToken {
  const body = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  const token = body.token;
  const expiresAt = body.expires_at;
  if (typeof token !== "string" || token === "" || typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
    throw new Error(`Copilot token exchange failed: ${copilotTokenErrorMessage(body)}`);
  }
  const endpoints = typeof body.endpoints === "object" && body.endpoints !== null ? (body.endpoints as Record<string, unknown>) : {};
  const api = typeof endpoints.api === "string" && /^https?:\/\//.test(endpoints.api) ? endpoints.api.replace(/\/+$/, "") : DEFAULT_COPILOT_API_ENDPOINT;
  return {
    token,
    expiresAt: expiresAt * 1000,
    refreshInSeconds: typeof body.refresh_in === "number" && Number.isFinite(body.refresh_in) ? body.refresh_in : null,
    apiEndpoint: api,
    sku: typeof body.sku === "string" ? body.sku : null,
  };
}

/**
 * When the host should exchange again, in epoch ms: `refresh_in - 60` seconds after the exchange as the
 * reference proxies do, and never later than a minute before `expires_at`.
 */
export function copilotTokenRefreshAt(token: CopilotToken, exchangedAt: number): number {
  const beforeExpiry = token.expiresAt - 60_000;
  if (token.refreshInSeconds === null) return beforeExpiry;
  return Math.min(exchangedAt + Math.max(token.refreshInSeconds - 60, 0) * 1000, beforeExpiry);
}

function copilotTokenErrorMessage(body: Record<string, unknown>): string {
  const details = typeof body.error_details === "object" && body.error_details !== null ? (body.error_details as Record<string, unknown>) : undefined;
  const notice = details !== undefined && typeof details.message === "string" ? details.message : undefined;
  const id = details !== undefined && typeof details.notification_id === "string" ? details.notification_id : undefined;
  if (notice !== undefined) return id === undefined ? notice : `${id}: ${notice}`;
  if (typeof body.message === "string" && body.message !== "") return body.message;
  return "the answer carried no token";
}
