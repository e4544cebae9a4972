import type { IncomingHttpHeaders } from "node:http";

/**
 * CSRF defence for the dashboard API. A state-changing `/api` call must prove it comes from a page of this
 * server: an `Origin` whose host and port equal the `Host` header, or (when the browser sent no Origin)
 * `Sec-Fetch-Site: same-origin`. Browsers always send at least one of them on a cross-site POST, and a page
 * cannot forge either; scripts and curl must send `Origin` explicitly. Origin wins when both are present.
 */
const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type SameOriginVerdict = { ok: true } | { ok: false; reason: string };

export function isStateChangingMethod(method: string | undefined): boolean {
  return STATE_CHANGING_METHODS.has((method ?? "GET").toUpperCase());
}

export function checkSameOrigin(method: string | undefined, headers: IncomingHttpHeaders): SameOriginVerdict {
  if (!isStateChangingMethod(method)) return { ok: true };
  const host = headers.host;
  const origin = headers.origin;
  if (origin !== undefined) {
    if (host === undefined || !originMatchesHost(origin, host)) {
      return { ok: false, reason: "cross-origin request refused: Origin does not match this server" };
    }
    return { ok: true };
  }
  const fetchSite = headers["sec-fetch-site"];
  if (fetchSite === "same-origin") return { ok: true };
  return { ok: false, reason: "cross-origin request refused: send an Origin header matching this server" };
}

/**
 * Scheme + host + port. The scheme may be http or https: behind a TLS-terminating proxy the browser's origin
 * is https while this server speaks http, and the Host header (what the proxy forwards) still pins the site.
 * Default ports are normalized by URL (`http://a` equals Host `a:80`).
 */
export function originMatchesHost(origin: string, host: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (parsed.origin !== origin.toLowerCase().replace(/\/$/, "")) return false;
  let expected: URL;
  try {
    expected = new URL(`${parsed.protocol}//${host}`);
  } catch {
    return false;
  }
  if (expected.pathname !== "/" || expected.username !== "" || expected.search !== "") return false;
  return parsed.host === expected.host;
}
