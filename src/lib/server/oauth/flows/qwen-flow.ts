import { randomUUID } from "node:crypto";
import type { OAuthFlowDefinition } from "../oauth-flow-definition";
import { rfc8628DeviceFlow } from "../rfc8628-device-flow";

/** Qwen Code refreshes this long before expiry (`TOKEN_REFRESH_BUFFER_MS`). */
const QWEN_REFRESH_BUFFER_MS = 30_000;

/**
 * Qwen Code (`qw/`): the RFC 8628 device flow with PKCE of QwenLM/qwen-code (packages/core/src/qwen/qwenOAuth2.ts),
 * as docs/PROVIDERS-SUBSCRIPTION-II.md records it:
 * - `POST https://chat.qwen.ai/api/v1/oauth2/device/code` (form, `x-request-id: <uuid>`): `client_id`,
 *   `scope=openid profile email model.completion`, `code_challenge` (S256) → `{device_code, user_code,
 *   verification_uri, verification_uri_complete, expires_in}`, no interval (5 s, RFC 8628's default).
 * - Poll `POST https://chat.qwen.ai/api/v1/oauth2/token` (form) with the `code_verifier`: HTTP 400
 *   `authorization_pending`, HTTP 429 `slow_down`; success carries `resource_url`, the API host
 *   (`extras.resourceUrl`).
 * - Refresh: the same URL, `grant_type=refresh_token`, `refresh_token`, `client_id` (form), 30 s before expiry;
 *   the old refresh token is kept when none comes back, and `resource_url` is updated when one does.
 * - Identity: the login names no account. A label given when starting tells reconnects apart.
 */
export const qwenFlow: OAuthFlowDefinition = {
  providerId: "qw",
  flowName: "qwen-device",
  displayName: "Qwen Code",
  apiFormat: "openai-chat",
  notice:
    "Qwen ended the Qwen Code OAuth free tier on 2026-04-15 (QwenLM/qwen-code#3203): new logins are refused upstream. " +
    "The login is kept for accounts and mirrors that still honour it.",
  endpoints: {
    clientId: "f0304373b74a44d2b584a3fb70ca9e56",
    tokenUrl: "https://chat.qwen.ai/api/v1/oauth2/token",
    deviceCodeUrl: "https://chat.qwen.ai/api/v1/oauth2/device/code",
    scopes: ["openid", "profile", "email", "model.completion"],
  },
  device: rfc8628DeviceFlow({ encoding: "form", pkce: true, headers: () => ({ "x-request-id": randomUUID() }) }),
  refresh: { marginMs: QWEN_REFRESH_BUFFER_MS, encoding: "form" },
  async describeLogin(context) {
    const resourceUrl = resourceUrlOf(context.tokenResponse);
    const extras: Record<string, string> = resourceUrl === undefined ? {} : { resourceUrl };
    return { identity: {}, extras };
  },
  describeRefresh(_tokens, previous, answer) {
    const resourceUrl = resourceUrlOf(answer);
    return resourceUrl === undefined ? {} : { extras: { ...previous.extras, resourceUrl } };
  },
};

function resourceUrlOf(answer: Readonly<Record<string, unknown>>): string | undefined {
  return typeof answer.resource_url === "string" && answer.resource_url.trim() !== "" ? answer.resource_url.trim() : undefined;
}
