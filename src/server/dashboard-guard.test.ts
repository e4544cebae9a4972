import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { emptyConfigDocument, type ConfigDocument } from "../lib/server/config-db/config-db-schema";
import { createSessionToken } from "../lib/server/auth/session-token";
import {
  createDashboardGuard,
  DASHBOARD_AUTH_ALLOWLIST,
  decideAccess,
  describeRequestPath,
  isAllowlistedPath,
  isProtectedPath,
} from "./dashboard-guard";

describe("the dashboard allowlist", () => {
  it("is exactly login, logout, health, static assets and the reserved OAuth callback prefix", () => {
    assert.deepEqual(DASHBOARD_AUTH_ALLOWLIST, {
      exactPaths: ["/login", "/api/auth/login", "/api/auth/logout", "/api/health", "/favicon.svg"],
      pathPrefixes: ["/_next/"],
      oauthCallback: { prefix: "/api/oauth/", suffix: "/callback" },
    });
  });

  it("matches allowlisted paths exactly", () => {
    for (const path of ["/login", "/api/auth/login", "/api/auth/logout", "/api/health", "/favicon.svg", "/_next/static/chunks/a.js", "/api/oauth/claude/callback"]) {
      assert.equal(isAllowlistedPath(path), true, path);
    }
    for (const path of ["/api/health/x", "/api/healthz", "/api/auth/login2", "/api/auth", "/api/oauth/callback", "/api/oauth/x/callback/more", "/api/oauth/x", "/dashboard", "/_next"]) {
      assert.equal(isAllowlistedPath(path), false, path);
    }
  });

  it("protects /dashboard and /api at any case", () => {
    for (const path of ["/dashboard", "/dashboard/", "/dashboard/keys", "/api", "/api/settings/password", "/API/settings", "/Dashboard"]) {
      assert.equal(isProtectedPath(path), true, path);
    }
    for (const path of ["/", "/login", "/dashboardx", "/apix", "/terms", "/favicon.svg"]) assert.equal(isProtectedPath(path), false, path);
  });
});

describe("decideAccess", () => {
  const decide = (url: string, hasSession = false) => decideAccess(describeRequestPath(url), hasSession, true);

  it("redirects pages, answers 401 for /api, passes the allowlist", () => {
    assert.equal(decide("/dashboard"), "redirect-to-login");
    assert.equal(decide("/dashboard/keys?x=1"), "redirect-to-login");
    assert.equal(decide("/api/settings/require-login"), "unauthenticated");
    assert.equal(decide("/api/health"), "pass");
    assert.equal(decide("/api/health?x=1"), "pass");
    assert.equal(decide("/login?next=/dashboard"), "pass");
    assert.equal(decide("/_next/static/x.js"), "pass");
    assert.equal(decide("/dashboard", true), "pass");
    assert.equal(decideAccess(describeRequestPath("/dashboard"), false, false), "pass");
  });

  it("does not let path tricks reach a protected route through the allowlist", () => {
    for (const url of [
      "/_next/../api/settings/password",
      "/_next/%2e%2e/api/settings/password",
      "/_next%2f..%2fapi/settings/password",
      "/api/health/../settings/password",
      "/api/health%2f..%2fsettings",
      "/x/..%2fapi/settings",
      "/login/..%2fdashboard",
      "/%61pi/settings",
      "/API/settings/password",
      "/_next\\..\\api\\settings",
      "/api//settings",
      "http://evil.example/api/settings",
      "/%zz",
    ]) {
      assert.notEqual(decide(url), "pass", url);
    }
  });
});

describe("createDashboardGuard against a real socket", () => {
  const secret = randomBytes(32);
  let document: ConfigDocument = { ...emptyConfigDocument(), auth: { passwordHash: null, requireLogin: true, passwordChangedAt: null } };
  let loopbackBind = true;
  let server: Server;
  let base = "";

  before(async () => {
    const guard = createDashboardGuard({ configDb: { read: () => document }, auth: { jwtSecret: secret, get loopbackBind() { return loopbackBind; } } });
    server = createServer((request, response) => {
      void guard(request, response).then((allowed) => {
        if (!allowed) return;
        response.end("next");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("redirects, rejects and passes as the rules say", async () => {
    const page = await fetch(`${base}/dashboard/keys?tab=1`, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get("location"), `/login?next=${encodeURIComponent("/dashboard/keys?tab=1")}`);
    const api = await fetch(`${base}/api/settings/require-login`);
    assert.equal(api.status, 401);
    assert.deepEqual(((await api.json()) as { error: { code: string } }).error.code, "unauthenticated");
    const health = await fetch(`${base}/api/health`);
    assert.equal(await health.text(), "next");
  });

  it("accepts a valid cookie, refuses a forged one and one older than the last password change", async () => {
    const token = await createSessionToken(secret);
    const withCookie = (value: string) => fetch(`${base}/dashboard`, { redirect: "manual", headers: { cookie: `other=1; auth_token=${value}` } });
    assert.equal((await withCookie(token)).status, 200);
    assert.equal((await withCookie(await createSessionToken(randomBytes(32)))).status, 302);
    document = { ...document, auth: { ...document.auth!, passwordChangedAt: new Date(Date.now() + 5_000).toISOString() } };
    assert.equal((await withCookie(token)).status, 302);
    document = { ...document, auth: { ...document.auth!, passwordChangedAt: null } };
  });

  it("requireLogin=false opens everything on loopback only", async () => {
    document = { ...document, auth: { ...document.auth!, requireLogin: false } };
    assert.equal((await fetch(`${base}/api/settings/require-login`)).status, 200);
    loopbackBind = false;
    assert.equal((await fetch(`${base}/api/settings/require-login`)).status, 401);
    loopbackBind = true;
    document = { ...document, auth: { ...document.auth!, requireLogin: true } };
  });
});
