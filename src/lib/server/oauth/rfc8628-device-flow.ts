import { requiredEndpoint } from "./oauth-endpoints";
import type { DeviceContext, DeviceFlowSpec, DevicePollOutcome } from "./oauth-flow-definition";
import { createPkcePair } from "./pkce";
import { isRecord, oauthErrorCode, snakeTokenAnswer, TokenEndpointError } from "./token-endpoint";

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) as a reusable `DeviceFlowSpec`: GitHub Copilot, Qwen (with
 * PKCE) and AWS OIDC (Kiro, camelCase JSON after a client registration) are this protocol with different spellings,
 * and are built on it by naming their differences here instead of writing another poller.
 *
 * Answers are read in either spelling (`device_code` / `deviceCode`, `verification_uri` / `verification_url` /
 * `verificationUri`…), and the polling errors by RFC name or AWS exception name.
 */
export interface Rfc8628Options {
  /** How requests are posted. RFC 8628 says form; AWS OIDC takes JSON. */
  encoding: "form" | "json";
  /** Field names of the requests: RFC `client_id`/`device_code`/`grant_type`, or AWS `clientId`/`deviceCode`/`grantType`. */
  naming?: "snake" | "camel";
  /** Qwen: a PKCE challenge on the device authorization and the verifier on every poll. */
  pkce?: boolean;
  /**
   * A step before the device authorization (AWS OIDC client registration): its values are available to the
   * parameter builders and kept with the poll state (in memory only).
   */
  prepare?(context: DeviceContext): Promise<Readonly<Record<string, string>>>;
  /** Extra device-authorization parameters (AWS `startUrl`, `clientSecret`). */
  extraStartParams?(context: DeviceContext, prepared: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
  /** Extra poll parameters (AWS `clientSecret`). */
  extraPollParams?(context: DeviceContext, pollState: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
  /**
   * Headers every request carries (GitHub wants `accept: application/json`, which is the default already); a
   * function when they change per request (Qwen Code sends a fresh `x-request-id` each time).
   */
  headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** Send the scopes on the device authorization (RFC `scope`, space separated). Default true. */
  sendScope?: boolean;
}

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** RFC 8628 §3.2: the default polling interval when the server gives none. */
const DEFAULT_INTERVAL_MS = 5_000;
/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval. */
export const SLOW_DOWN_INCREMENT_MS = 5_000;

const POLL_ERRORS: Readonly<Record<string, DevicePollOutcome["kind"]>> = {
  authorization_pending: "pending",
  slow_down: "slow-down",
  expired_token: "expired",
  access_denied: "denied",
  AuthorizationPendingException: "pending",
  SlowDownException: "slow-down",
  ExpiredTokenException: "expired",
  AccessDeniedException: "denied",
};

export function rfc8628DeviceFlow(options: Rfc8628Options): DeviceFlowSpec {
  const camel = options.naming === "camel";
  const name = (snake: string, camelName: string) => (camel ? camelName : snake);

  return {
    async start(context) {
      const prepared = (await options.prepare?.(context)) ?? {};
      const pkce = options.pkce === true ? createPkcePair() : undefined;
      const params: Record<string, string> = {
        [name("client_id", "clientId")]: prepared.clientId ?? context.endpoints.clientId,
        ...(options.sendScope === false || context.endpoints.scopes.length === 0 ? {} : { [name("scope", "scopes")]: context.endpoints.scopes.join(" ") }),
        ...(pkce === undefined ? {} : { code_challenge: pkce.challenge, code_challenge_method: "S256" }),
        ...options.extraStartParams?.(context, prepared),
      };
      const response = await post(context, requiredEndpoint(context.endpoints, "deviceCodeUrl", context.providerId), params);
      const body = isRecord(response.json) ? response.json : {};
      const deviceCode = pick(body, "device_code", "deviceCode");
      const userCode = pick(body, "user_code", "userCode");
      if (response.status < 200 || response.status >= 300 || deviceCode === undefined || userCode === undefined) {
        const code = oauthErrorCode(body);
        throw new TokenEndpointError(
          response.status >= 500 || response.status === 429 ? "transient" : "rejected",
          response.status,
          code,
          `device authorization failed (HTTP ${response.status}${code === null ? "" : `, ${code}`})`,
        );
      }
      const verificationUri = pick(body, "verification_uri", "verificationUri", "verification_url") ?? context.endpoints.deviceVerificationUrl;
      if (verificationUri === undefined) throw new TokenEndpointError("rejected", response.status, null, "device authorization named no verification page");
      const complete = pick(body, "verification_uri_complete", "verificationUriComplete");
      const expiresIn = numberOf(body.expires_in ?? body.expiresIn);
      const interval = numberOf(body.interval);
      return {
        userCode,
        verificationUri,
        ...(complete === undefined ? {} : { verificationUriComplete: complete }),
        // RFC 8628 requires expires_in; 15 minutes when a server leaves it out.
        expiresInMs: expiresIn !== undefined && expiresIn > 0 ? expiresIn * 1000 : 15 * 60_000,
        intervalMs: interval !== undefined && interval >= 0 ? interval * 1000 : DEFAULT_INTERVAL_MS,
        pollState: { ...prepared, deviceCode, ...(pkce === undefined ? {} : { codeVerifier: pkce.verifier }) },
      };
    },

    async poll(context, pollState) {
      const params: Record<string, string> = {
        [name("grant_type", "grantType")]: DEVICE_CODE_GRANT,
        [name("device_code", "deviceCode")]: pollState.deviceCode ?? "",
        [name("client_id", "clientId")]: pollState.clientId ?? context.endpoints.clientId,
        ...(pollState.codeVerifier === undefined ? {} : { code_verifier: pollState.codeVerifier }),
        ...options.extraPollParams?.(context, pollState),
      };
      let response;
      try {
        response = await post(context, context.endpoints.deviceTokenUrl ?? context.endpoints.tokenUrl, params);
      } catch {
        // No answer: the code may still be good; poll again at the interval.
        return { kind: "pending" };
      }
      const body = isRecord(response.json) ? response.json : {};
      const accessToken = pick(body, "access_token", "accessToken");
      if (response.status >= 200 && response.status < 300 && accessToken !== undefined) {
        return { kind: "tokens", response: camel ? snakeTokenAnswer(body) : body };
      }
      const code = oauthErrorCode(body) ?? (typeof body.__type === "string" ? body.__type.split("#").pop() ?? null : null);
      const outcome = code === null ? undefined : POLL_ERRORS[code];
      if (outcome === "slow-down") {
        const interval = numberOf(body.interval);
        return interval !== undefined && interval > 0 ? { kind: "slow-down", intervalMs: interval * 1000 } : { kind: "slow-down" };
      }
      if (outcome !== undefined) return { kind: outcome } as DevicePollOutcome;
      if (response.status >= 500 || response.status === 429) return { kind: "pending" };
      return { kind: "failed", message: `device login failed (HTTP ${response.status}${code === null ? "" : `, ${code}`})` };
    },
  };

  function post(context: DeviceContext, url: string, params: Record<string, string>) {
    const headers = typeof options.headers === "function" ? options.headers() : options.headers;
    return context.http({
      method: "POST",
      url,
      route: { providerId: context.providerId },
      ...(headers === undefined ? {} : { headers }),
      ...(options.encoding === "form" ? { form: params } : { json: params }),
    });
  }
}

function pick(body: Readonly<Record<string, unknown>>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
