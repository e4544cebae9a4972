import { GatewayError } from "../core/gateway-error";
import { parseRetryAfter } from "../routing/parse-retry-after";

/** A day: longer waits from an upstream are treated as "not today", not echoed verbatim. */
const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * Maps an upstream error status to what the client hears. The upstream's own message is kept only for
 * request errors (the user needs "context length exceeded"), and even then keys and URLs are scrubbed.
 */
export function upstreamStatusFailure(
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
  providerId: string,
  accountName: string,
): GatewayError {
  if (statusCode === 401 || statusCode === 403) {
    return new GatewayError({
      code: "upstream_auth_failed",
      status: 502,
      retryable: true,
      publicMessage: `Provider '${providerId}' rejected the credentials of account '${accountName}' (${statusCode}).`,
    });
  }
  if (statusCode === 429) {
    // The same parser the cooldowns use (every Retry-After form), as whole seconds for the header, clamped.
    const retryAfterMs = parseRetryAfter(headers, bodyText, Date.now());
    const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.min(Math.ceil(retryAfterMs / 1000), MAX_RETRY_AFTER_SECONDS);
    return new GatewayError({
      code: "upstream_rate_limited",
      status: 429,
      retryable: true,
      publicMessage: `Provider '${providerId}' is rate limiting account '${accountName}'.`,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  if (statusCode >= 400 && statusCode < 500) {
    const detail = upstreamMessage(bodyText);
    return new GatewayError({
      code: "upstream_invalid_request",
      status: statusCode === 404 || statusCode === 413 || statusCode === 422 ? statusCode : 400,
      publicMessage: `Provider '${providerId}' refused the request (${statusCode})${detail ? `: ${detail}` : "."}`,
    });
  }
  return new GatewayError({
    code: "upstream_error",
    status: 502,
    retryable: true,
    publicMessage: `Provider '${providerId}' failed (${statusCode}).`,
  });
}

const URL_PATTERN = /\bhttps?:\/\/[^\s"']+/gi;
const SECRET_PATTERN = /\b(?:sk|pk|rk|key|token|Bearer)[-_ ]?[A-Za-z0-9._\-*]{8,}|\b[A-Za-z0-9_-]{32,}\b/g;

function upstreamMessage(bodyText: string): string {
  let message: unknown = undefined;
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown } | string; message?: unknown };
    message = typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message);
  } catch {
    // Not JSON: the raw text is not shown, it may be an HTML error page with internals.
  }
  if (typeof message !== "string") return "";
  return scrubUpstreamText(message);
}

/** An upstream's own words made safe to show: URLs and key-shaped strings removed, length bounded. */
export function scrubUpstreamText(text: string): string {
  return text.replace(URL_PATTERN, "[url]").replace(SECRET_PATTERN, "[redacted]").slice(0, 500);
}
