import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthRuntime } from "../lib/server/auth/auth-runtime";
import { isLoginRequired, readAuthState } from "../lib/server/auth/auth-state";
import { readCookie } from "../lib/server/auth/session-cookie";
import { isSessionCurrent, SESSION_COOKIE_NAME, verifySessionToken } from "../lib/server/auth/session-token";
import type { ConfigDb } from "../lib/server/config-db/open-config-db";

/**
 * What may be reached without a session. Every `/dashboard` page and every `/api` route needs one, except these
 * (tested in dashboard-guard.test.ts and, against every route file, in tester/integration/api-route-guard.test.ts).
 * Files in `public/` are served from the root, outside `/dashboard` and `/api`, so they need no entry beyond the
 * favicon; the same holds for the `/login` page and `/_next/*`, which are listed to make the intent explicit.
 */
export const DASHBOARD_AUTH_ALLOWLIST = {
  exactPaths: ["/login", "/api/auth/login", "/api/auth/logout", "/api/health", "/favicon.svg"],
  pathPrefixes: ["/_next/"],
  /** Reserved for OAuth provider redirects: `/api/oauth/<anything>/callback`. None exist yet. */
  oauthCallback: { prefix: "/api/oauth/", suffix: "/callback" },
} as const;

const PROTECTED_PREFIXES = ["/dashboard", "/api", "/metrics"] as const;

export interface RequestPathFacts {
  /** Canonical pathname (dot segments resolved, percent-decoded), or undefined when it cannot be read. */
  path: string | undefined;
  /** Path and query as received after URL normalization, for `?next=`. */
  pathAndQuery: string;
  /**
   * Encoded slashes or backslashes, dot segments that survive decoding, doubled slashes, NUL or leftover `%`:
   * such a path could be routed differently from how it reads, so it never counts as allowlisted or public.
   */
  ambiguous: boolean;
}

const BASE = "http://omniroute.invalid";

export function describeRequestPath(rawUrl: string): RequestPathFacts {
  let url: URL;
  try {
    url = new URL(rawUrl, BASE);
  } catch {
    return { path: undefined, pathAndQuery: "/", ambiguous: true };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { path: undefined, pathAndQuery: url.pathname + url.search, ambiguous: true };
  }
  const ambiguous = /[\\%\0]|\/\/|\/\.\.?(?:\/|$)/.test(decoded);
  return { path: decoded, pathAndQuery: url.pathname + url.search, ambiguous };
}

export function isAllowlistedPath(path: string): boolean {
  const { exactPaths, pathPrefixes, oauthCallback } = DASHBOARD_AUTH_ALLOWLIST;
  if ((exactPaths as readonly string[]).includes(path)) return true;
  if (pathPrefixes.some((prefix) => path.startsWith(prefix))) return true;
  return (
    path.startsWith(oauthCallback.prefix) &&
    path.endsWith(oauthCallback.suffix) &&
    path.length > oauthCallback.prefix.length + oauthCallback.suffix.length
  );
}

/** `/dashboard`, `/api` and everything below them, compared without case so `/API/…` cannot slip past. */
export function isProtectedPath(path: string): boolean {
  const lower = path.toLowerCase();
  return PROTECTED_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}

export type GuardDecision = "pass" | "redirect-to-login" | "unauthenticated";

/** The pure part of the guard: what to do with a request to `facts` given whether it carries a valid session. */
export function decideAccess(facts: RequestPathFacts, hasSession: boolean, loginRequired: boolean): GuardDecision {
  if (!loginRequired || hasSession) return "pass";
  if (facts.path !== undefined && !facts.ambiguous && isAllowlistedPath(facts.path)) return "pass";
  if (facts.path !== undefined && !facts.ambiguous && !isProtectedPath(facts.path)) return "pass";
  const looksLikeApi = facts.path === undefined || facts.path.toLowerCase().startsWith("/api");
  return looksLikeApi ? "unauthenticated" : "redirect-to-login";
}

export interface DashboardGuardOptions {
  configDb: Pick<ConfigDb, "read">;
  auth: Pick<AuthRuntime, "jwtSecret" | "loopbackBind">;
}

/**
 * Runs in the node server for every request that goes to Next (the server owns the port, so this gates before
 * any Next code runs). Resolves true when the request may go on to Next; otherwise it has already answered.
 */
export function createDashboardGuard(options: DashboardGuardOptions) {
  const { configDb, auth } = options;
  return async function guardDashboardRequest(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    try {
      const loginRequired = isLoginRequired(readAuthState(configDb.read()), auth.loopbackBind);
      if (!loginRequired) return true;
      const facts = describeRequestPath(request.url ?? "/");
      // Public paths skip the token check entirely (static assets are the bulk of the traffic).
      if (decideAccess(facts, false, true) === "pass") return true;
      const hasSession = await hasValidSession(request, options);
      const decision = decideAccess(facts, hasSession, true);
      if (decision === "pass") return true;
      if (decision === "unauthenticated") {
        response.writeHead(401, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
        response.end(JSON.stringify({ error: { code: "unauthenticated", message: "Log in to the dashboard first: POST /api/auth/login." } }));
      } else {
        const next = facts.path !== undefined && !facts.ambiguous ? `?next=${encodeURIComponent(facts.pathAndQuery)}` : "";
        response.writeHead(302, { location: `/login${next}`, "cache-control": "no-store" });
        response.end();
      }
      return false;
    } catch {
      // Fail closed: an unexpected error must never let a request through.
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal error.");
      return false;
    }
  };
}

async function hasValidSession(request: IncomingMessage, options: DashboardGuardOptions): Promise<boolean> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE_NAME);
  if (token === undefined || token === "") return false;
  const claims = await verifySessionToken(token, options.auth.jwtSecret);
  if (claims === undefined) return false;
  return isSessionCurrent(claims, readAuthState(options.configDb.read()).passwordChangedAt);
}
