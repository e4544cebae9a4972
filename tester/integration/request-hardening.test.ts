import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { emptyConfigDocument } from "../../src/lib/server/config-db/config-db-schema";
import { runOmniroute, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, so the Host header is exactly what the test says (fetch and undici pick their own). */
function send(baseUrl: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: "127.0.0.1", port: Number(port), path, method: options.method ?? "GET", headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (incoming) => {
        let body = "";
        incoming.on("data", (chunk: Buffer) => (body += chunk.toString()));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

const sameOrigin = (baseUrl: string) => `http://127.0.0.1:${new URL(baseUrl).port}`;
const password = "hardening-password-123";

function assertSecurityHeaders(answer: Answer, where: string) {
  const csp = String(answer.headers["content-security-policy"]);
  assert.match(csp, /default-src 'self'/, where);
  assert.match(csp, /frame-ancestors 'none'/, where);
  assert.equal(answer.headers["x-content-type-options"], "nosniff", where);
  assert.equal(answer.headers["referrer-policy"], "no-referrer", where);
  assert.equal(answer.headers["x-frame-options"], "DENY", where);
}

describe("request hardening on the default (loopback) bind", () => {
  let server: OmnirouteProcess;
  before(async () => {
    server = await startOmniroute({ config: { server: { cors: { origins: ["https://app.example"] } } }, env: { INITIAL_PASSWORD: password } });
  });
  after(() => server.dispose());

  it("refuses a foreign Host (DNS rebinding) with 421 on the dashboard, /api and /v1, without a redirect", async () => {
    for (const path of ["/dashboard", "/login", "/api/health", "/v1/models", "/"]) {
      const answer = await send(server.url, path, { headers: { host: "evil.example" } });
      assert.equal(answer.status, 421, path);
      assert.equal(answer.headers.location, undefined, path);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, "host_not_allowed");
      const withPort = await send(server.url, path, { headers: { host: `evil.example:${new URL(server.url).port}` } });
      assert.equal(withPort.status, 421, path);
    }
    for (const host of ["localhost", `127.0.0.1:${new URL(server.url).port}`, "[::1]:1"]) {
      assert.equal((await send(server.url, "/api/health", { headers: { host } })).status, 200, host);
    }
  });

  it("refuses cross-origin and origin-less state changes on /api with 403", async () => {
    const login = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) };
    const crossOrigin = await send(server.url, "/api/auth/login", { ...login, headers: { ...login.headers, origin: "https://evil.example" } });
    assert.equal(crossOrigin.status, 403);
    assert.equal(crossOrigin.headers["set-cookie"], undefined);
    assert.equal((await send(server.url, "/api/auth/login", login)).status, 403);
    const crossSite = await send(server.url, "/api/auth/login", { ...login, headers: { ...login.headers, "sec-fetch-site": "cross-site" } });
    assert.equal(crossSite.status, 403);

    const same = await send(server.url, "/api/auth/login", { ...login, headers: { ...login.headers, origin: sameOrigin(server.url) } });
    assert.notEqual(same.status, 403, same.body);
    const fetchMetadata = await send(server.url, "/api/auth/login", { ...login, headers: { ...login.headers, "sec-fetch-site": "same-origin" } });
    assert.notEqual(fetchMetadata.status, 403, fetchMetadata.body);
  });

  it("never answers Access-Control-Allow-Origin on /api, even to an origin /v1 allows", async () => {
    for (const origin of ["https://evil.example", "https://app.example"]) {
      const get = await send(server.url, "/api/health", { headers: { origin } });
      assert.equal(get.headers["access-control-allow-origin"], undefined);
      const preflight = await send(server.url, "/api/auth/login", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
      assert.equal(preflight.headers["access-control-allow-origin"], undefined);
    }
  });

  it("answers /v1 CORS preflights for configured origins only", async () => {
    const preflight = (origin: string) =>
      send(server.url, "/v1/chat/completions", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    const allowed = await preflight("https://app.example");
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers["access-control-allow-origin"], "https://app.example");
    assert.match(String(allowed.headers["access-control-allow-headers"]), /authorization/);
    const refused = await preflight("https://evil.example");
    assert.equal(refused.status, 403);
    assert.equal(refused.headers["access-control-allow-origin"], undefined);
    const models = await send(server.url, "/v1/models", { headers: { origin: "https://app.example" } });
    assert.equal(models.headers["access-control-allow-origin"], "https://app.example");
  });

  it("sets CSP, nosniff, referrer and framing headers on dashboard pages (and the login redirect)", async () => {
    const dashboard = await send(server.url, "/dashboard");
    assertSecurityHeaders(dashboard, "/dashboard");
    for (const path of ["/login", "/terms", "/privacy"]) {
      const page = await send(server.url, path);
      assert.equal(page.status, 200, path);
      assertSecurityHeaders(page, path);
    }
    assert.match((await send(server.url, "/privacy")).body, /No telemetry/);
    const gateway = await send(server.url, "/v1/models");
    assert.equal(gateway.headers["content-security-policy"], undefined);
  });

  it("GET/PUT /api/settings/ip-filter: validates, refuses to lock out the caller, applies at once", async () => {
    const origin = sameOrigin(server.url);
    const login = await send(server.url, "/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ password }),
    });
    assert.equal(login.status, 200, login.body);
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const put = (body: unknown, headers: Record<string, string> = { origin }) =>
      send(server.url, "/api/settings/ip-filter", { method: "PUT", headers: { "content-type": "application/json", cookie, ...headers }, body: JSON.stringify(body) });

    assert.deepEqual(JSON.parse((await send(server.url, "/api/settings/ip-filter", { headers: { cookie } })).body), { mode: "off", cidrs: [], trustedProxies: [] });
    assert.equal((await put({ mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: [] }, {})).status, 403, "no Origin");
    assert.equal((await put({ mode: "allow", cidrs: ["10.0.0.0/33"], trustedProxies: [] })).status, 400);
    assert.equal((await put({ mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: [] })).status, 409);
    assert.equal((await put({ mode: "block", cidrs: ["127.0.0.1"], trustedProxies: [] })).status, 409);
    // X-Forwarded-For is ignored unless the peer is a trusted proxy, so it cannot talk the check round.
    assert.equal((await put({ mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: [] }, { origin, "x-forwarded-for": "10.1.1.1" })).status, 409);

    const saved = await put({ mode: "block", cidrs: ["203.0.113.0/24", "2001:db8::/32"], trustedProxies: [] });
    assert.equal(saved.status, 200, saved.body);
    assert.equal((await send(server.url, "/v1/models")).status, 200);
    // The loopback peer as a trusted proxy: now X-Forwarded-For decides, and a blocked address is refused.
    assert.equal((await put({ mode: "block", cidrs: ["203.0.113.0/24"], trustedProxies: ["127.0.0.1", "::1"] })).status, 200);
    assert.equal((await send(server.url, "/v1/models", { headers: { "x-forwarded-for": "203.0.113.5" } })).status, 403);
    assert.equal((await send(server.url, "/v1/models", { headers: { "x-forwarded-for": "198.51.100.5" } })).status, 200);
    assert.equal((await put({ mode: "off", cidrs: [], trustedProxies: [] })).status, 200);
  });
});

describe("IP filter from the stored config", () => {
  it("allow mode without 127.0.0.1: /v1 and the dashboard refused, /api/health open", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "omniroute-ipfilter-"));
    const dataDir = join(workDir, "data");
    mkdirSync(dataDir, { recursive: true });
    const document = emptyConfigDocument();
    document.settings.ipFilter = { mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: [] };
    writeFileSync(join(dataDir, "db.json"), JSON.stringify(document), { mode: 0o600 });
    const server = await startOmniroute({ dataDir });
    try {
      assert.match(server.stdout(), /IP filter:\s+allow 10\.0\.0\.0\/8/);
      for (const path of ["/v1/models", "/dashboard", "/login", "/api/settings/ip-filter"]) {
        const answer = await send(server.url, path);
        assert.equal(answer.status, 403, path);
        assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, "ip_not_allowed");
      }
      assert.equal((await send(server.url, "/api/health")).status, 200);
    } finally {
      await server.dispose();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe("non-loopback bind", () => {
  it("refuses to start (exit 2) when /v1 would be keyless", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "omniroute-bind-"));
    const configFile = join(workDir, "config.json");
    writeFileSync(configFile, JSON.stringify({ server: { requireApiKey: false } }));
    try {
      const result = await runOmniroute(["--host", "0.0.0.0", "--port", "0", "--config", configFile, "--data-dir", join(workDir, "data")]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /refusing to start/);
      assert.match(result.stderr, /REQUIRE_API_KEY=false/);
      assert.doesNotMatch(result.stdout, /is running/);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("starts with a loud warning when REQUIRE_API_KEY=false is explicit; any Host then reaches the dashboard, with a note", async () => {
    const server = await startOmniroute({
      args: ["--host", "0.0.0.0"],
      config: { server: { requireApiKey: false } },
      env: { REQUIRE_API_KEY: "false", INITIAL_PASSWORD: password },
    });
    try {
      assert.match(server.stdout(), /WARNING: bound to a non-loopback address with REQUIRE_API_KEY=false/);
      assert.match(server.stdout(), /ALLOWED_HOSTS/);
      assert.notEqual((await send(server.url, "/login", { headers: { host: "mybox.local" } })).status, 421);
      assert.notEqual((await send(server.url, "/v1/models", { headers: { host: "mybox.local" } })).status, 421);
    } finally {
      await server.dispose();
    }
  });

  it("with ALLOWED_HOSTS set, a wildcard bind is strict for the dashboard but not for /v1", async () => {
    const server = await startOmniroute({ args: ["--host", "0.0.0.0"], env: { ALLOWED_HOSTS: "mybox.local", INITIAL_PASSWORD: password } });
    try {
      assert.doesNotMatch(server.stdout(), /NOTE: listening on all interfaces/);
      assert.equal((await send(server.url, "/login", { headers: { host: "mybox.local:1234" } })).status, 200);
      assert.equal((await send(server.url, "/login", { headers: { host: "evil.example" } })).status, 421);
      assert.notEqual((await send(server.url, "/v1/models", { headers: { host: "evil.example" } })).status, 421);
    } finally {
      await server.dispose();
    }
  });
});
