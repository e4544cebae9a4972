// Proves that no /api route answers without a session unless it is on the allowlist: walks every
// src/app/api/**/route.ts file, derives its URL, and calls each HTTP method the file exports.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { isAllowlistedPath } from "../../src/server/dashboard-guard";
import { repoRoot, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const apiDir = join(repoRoot, "src", "app", "api");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Route files whose URL is on the allowlist; a new entry here must be a deliberate, reviewed decision. */
const EXPECTED_PUBLIC_ROUTES = ["/api/auth/login", "/api/auth/logout", "/api/health"];

function findRouteFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return findRouteFiles(path);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `src/app/api/keys/[id]/route.ts` → `/api/keys/test`; route groups `(x)` vanish; catch-alls become one segment. */
function routeUrlOf(file: string): string {
  const segments = relative(join(repoRoot, "src", "app"), file).split(sep).slice(0, -1);
  const parts = segments
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"))
    .map((segment) => (/^\[.*\]$/.test(segment) ? "test" : segment));
  return `/${parts.join("/")}`;
}

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return HTTP_METHODS.filter((method) =>
    new RegExp(`export\\s+(?:async\\s+)?function\\s+${method}\\b|export\\s+(?:const|let)\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source),
  );
}

const routes = findRouteFiles(apiDir)
  .map((file) => ({ file: relative(repoRoot, file), url: routeUrlOf(file), methods: exportedMethods(file) }))
  .sort((left, right) => left.url.localeCompare(right.url));

describe("every /api route needs a session unless allowlisted", () => {
  let server: OmnirouteProcess;
  before(async () => {
    server = await startOmniroute({ env: { INITIAL_PASSWORD: "walker-password-123" } });
  });
  after(async () => {
    await server.dispose();
  });

  it("finds the route files and their methods", () => {
    assert.ok(routes.length >= 5, `found ${routes.length} route files`);
    for (const route of routes) assert.ok(route.methods.length > 0, `${route.file} exports no HTTP method`);
    assert.equal(routeUrlOf(join(apiDir, "keys", "[id]", "route.ts")), "/api/keys/test");
    assert.equal(routeUrlOf(join(apiDir, "(group)", "logs", "[...path]", "route.ts")), "/api/logs/test");
  });

  it("the public routes are exactly the allowlisted ones", () => {
    const publicRoutes = routes.filter((route) => isAllowlistedPath(route.url)).map((route) => route.url);
    // OAuth callbacks (/api/oauth/*/callback) are allowlisted too; none exist yet, and any that appears is listed here.
    const oauthCallbacks = publicRoutes.filter((url) => url.startsWith("/api/oauth/"));
    assert.deepEqual(publicRoutes.filter((url) => !oauthCallbacks.includes(url)), EXPECTED_PUBLIC_ROUTES);
  });

  for (const route of routes) {
    for (const method of route.methods) {
      it(`${method} ${route.url} (${route.file})`, async () => {
        // A same-origin Origin, so the request passes the CSRF check and reaches the session guard.
        const response = await request(`${server.url}${route.url}`, {
          method,
          headers: { origin: server.url, "content-type": "application/json" },
          body: ["GET", "HEAD", "OPTIONS"].includes(method) ? undefined : "{}",
        });
        const text = await response.body.text();
        if (isAllowlistedPath(route.url)) {
          assert.notEqual(response.statusCode, 401, `${method} ${route.url} is allowlisted`);
          return;
        }
        assert.equal(response.statusCode, 401, `${method} ${route.url} answered ${response.statusCode} without a session: ${text.slice(0, 200)}`);
        if (method !== "HEAD") assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, "unauthenticated");
      });
    }
  }
});
