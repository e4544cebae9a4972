import type { ServerResponse } from "node:http";

/**
 * Headers for every dashboard and `/api` response (everything Next serves). The CSP is the strictest one the
 * Next app router runs under without per-request nonces:
 * - script-src 'unsafe-inline': Next's production pages bootstrap hydration with inline `<script>` tags
 *   (`self.__next_f.push(...)`); without it the page renders but never hydrates.
 * - style-src 'unsafe-inline': Next and React inject inline style attributes/tags.
 * - Development mode (`next dev`) also evaluates code for hot reloading, so 'unsafe-eval' is added only there.
 * Everything else is same-origin only; nothing may frame the dashboard (clickjacking).
 */
export function contentSecurityPolicy(options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

export function securityHeaders(options: { dev: boolean }): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": PERMISSIONS_POLICY,
  };
}

/** Sets the headers before Next writes anything, so they survive on every page, redirect and error. */
export function applySecurityHeaders(response: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
