import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { request } from "undici";
import { loginCookie, printedPasswords } from "../lib/dashboard-session";
import { startOmniroute } from "../lib/start-omniroute";

function readAllLogs(dataDir: string): string {
  const logsDir = join(dataDir, "logs");
  return readdirSync(logsDir).map((name) => readFileSync(join(logsDir, name), "utf8")).join("\n");
}

/** A same-origin JSON POST, as the dashboard sends it (state-changing /api calls must carry a matching Origin). */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const origin = new URL(url).origin;
  const response = await request(url, { method: "POST", headers: { "content-type": "application/json", origin, ...headers }, body: JSON.stringify(body) });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as { error?: { code: string; message: string } } };
}

describe("dashboard login", () => {
  it("first start prints one password line on stdout, never in logs; a second start prints none", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "omniroute-auth-"));
    const first = await startOmniroute({ dataDir });
    let password: string;
    try {
      const lines = first.stdout().split("\n").filter((line) => line.startsWith("password: "));
      assert.equal(lines.length, 1, first.stdout());
      password = printedPasswords(first.stdout())[0]!;
      assert.match(password, /^[A-Za-z0-9_-]{20,}$/);
      // Touch the server so request lines get logged, then stop to flush the logs.
      await (await request(`${first.url}/api/health`)).body.dump();
      await post(`${first.url}/api/auth/login`, { password });
      assert.equal(await first.stop(), 0);
      assert.ok(!readAllLogs(dataDir).includes(password), "the password is in no log file");
      assert.ok(!readFileSync(join(dataDir, "db.json"), "utf8").includes(password), "only a hash is stored");
      assert.ok(!first.stderr().includes(password));

      const second = await startOmniroute({ dataDir });
      try {
        assert.equal(printedPasswords(second.stdout()).length, 0, second.stdout());
        assert.ok(!second.stdout().includes(password));
        await loginCookie(second.url, password);
      } finally {
        await second.dispose();
      }
    } finally {
      await first.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("guards pages and /api, logs in with INITIAL_PASSWORD, sets a strict cookie, logs out", async () => {
    const server = await startOmniroute({ env: { INITIAL_PASSWORD: "initial-password-123" } });
    try {
      assert.equal(printedPasswords(server.stdout()).length, 0, "nothing printed when INITIAL_PASSWORD is set");
      const page = await request(`${server.url}/dashboard`);
      await page.body.dump();
      assert.equal(page.statusCode, 302);
      assert.equal(page.headers.location, "/login?next=%2Fdashboard");
      const health = await request(`${server.url}/api/health`);
      await health.body.dump();
      assert.equal(health.statusCode, 200);
      const loginPage = await request(`${server.url}/login?next=%2Fdashboard`);
      const loginHtml = await loginPage.body.text();
      assert.equal(loginPage.statusCode, 200);
      assert.match(loginHtml, /INITIAL_PASSWORD/);
      const api = await request(`${server.url}/api/settings/require-login`);
      assert.equal(api.statusCode, 401);
      assert.equal(((await api.body.json()) as { error: { code: string } }).error.code, "unauthenticated");

      const wrong = await post(`${server.url}/api/auth/login`, { password: "not-it" });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json().error!.message, "Invalid password.");
      assert.equal(wrong.headers["set-cookie"], undefined);
      const malformed = await post(`${server.url}/api/auth/login`, { nope: 1 });
      assert.equal(malformed.status, 400);

      const right = await post(`${server.url}/api/auth/login`, { password: "initial-password-123" });
      assert.equal(right.status, 200);
      const setCookie = String(right.headers["set-cookie"]);
      assert.match(setCookie, /^auth_token=[\w-]+\.[\w-]+\.[\w-]+;/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.match(setCookie, /Path=\//);
      assert.match(setCookie, /Max-Age=43200/);
      assert.doesNotMatch(setCookie, /Secure/, "plain http on loopback: no Secure flag");
      const cookie = setCookie.split(";")[0]!;

      const behindTls = await post(`${server.url}/api/auth/login`, { password: "initial-password-123" }, { "x-forwarded-proto": "https" });
      assert.match(String(behindTls.headers["set-cookie"]), /Secure/);

      const dashboard = await request(`${server.url}/dashboard`, { headers: { cookie } });
      const html = await dashboard.body.text();
      assert.equal(dashboard.statusCode, 200);
      assert.ok(html.includes(`${server.url}/v1`));
      const settings = await request(`${server.url}/api/settings/require-login`, { headers: { cookie } });
      assert.equal(settings.statusCode, 200);
      assert.deepEqual(await settings.body.json(), { requireLogin: true, loopbackBind: true, loginEnforced: true });

      const logout = await post(`${server.url}/api/auth/logout`, {}, { cookie });
      assert.equal(logout.status, 200);
      assert.match(String(logout.headers["set-cookie"]), /^auth_token=;.*Max-Age=0/);
      const forged = await request(`${server.url}/dashboard`, { headers: { cookie: "auth_token=eyJhbGciOiJub25lIn0.e30." } });
      await forged.body.dump();
      assert.equal(forged.statusCode, 302);
    } finally {
      await server.dispose();
    }
  });

  it("rate limits failed logins per client address with 429 and Retry-After; a spoofed IP header does not help", async () => {
    const server = await startOmniroute({ env: { INITIAL_PASSWORD: "initial-password-123" } });
    try {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const failed = await post(`${server.url}/api/auth/login`, { password: `guess-${attempt}` }, { "x-omniroute-client-address": `10.0.0.${attempt}`, "x-forwarded-for": `10.0.1.${attempt}` });
        assert.equal(failed.status, 401, `attempt ${attempt}`);
      }
      const limited = await post(`${server.url}/api/auth/login`, { password: "initial-password-123" }, { "x-omniroute-client-address": "10.9.9.9", "x-forwarded-for": "10.9.9.8" });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers["retry-after"]) > 0);
      assert.equal(limited.json().error!.code, "rate_limited");
    } finally {
      await server.dispose();
    }
  });

  it("changing the password needs the old one and ends older sessions; require-login toggles on loopback", async () => {
    const server = await startOmniroute({ env: { INITIAL_PASSWORD: "initial-password-123" } });
    try {
      const cookie = await loginCookie(server.url, "initial-password-123");
      const anonymous = await post(`${server.url}/api/settings/password`, { oldPassword: "initial-password-123", newPassword: "brand-new-password-456" });
      assert.equal(anonymous.status, 401);
      const missingOld = await post(`${server.url}/api/settings/password`, { newPassword: "brand-new-password-456" }, { cookie });
      assert.equal(missingOld.status, 400);
      const wrongOld = await post(`${server.url}/api/settings/password`, { oldPassword: "nope", newPassword: "brand-new-password-456" }, { cookie });
      assert.equal(wrongOld.status, 403);
      const tooShort = await post(`${server.url}/api/settings/password`, { oldPassword: "initial-password-123", newPassword: "short" }, { cookie });
      assert.equal(tooShort.status, 400);

      // A second passing second makes the old session's `iat` strictly older than the change.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const changed = await post(`${server.url}/api/settings/password`, { oldPassword: "initial-password-123", newPassword: "brand-new-password-456" }, { cookie });
      assert.equal(changed.status, 200, changed.text);
      const freshCookie = String(changed.headers["set-cookie"]).split(";")[0]!;
      const stale = await request(`${server.url}/api/settings/require-login`, { headers: { cookie } });
      await stale.body.dump();
      assert.equal(stale.statusCode, 401, "sessions from before the change end");
      const fresh = await request(`${server.url}/api/settings/require-login`, { headers: { cookie: freshCookie } });
      await fresh.body.dump();
      assert.equal(fresh.statusCode, 200);
      assert.equal((await post(`${server.url}/api/auth/login`, { password: "initial-password-123" })).status, 401);
      const newCookie = await loginCookie(server.url, "brand-new-password-456");

      const off = await request(`${server.url}/api/settings/require-login`, {
        method: "PUT",
        headers: { cookie: newCookie, "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ requireLogin: false }),
      });
      assert.equal(off.statusCode, 200, await off.body.text());
      const open = await request(`${server.url}/dashboard`);
      await open.body.dump();
      assert.equal(open.statusCode, 200, "login off on a loopback bind: the dashboard is open");
      const db = JSON.parse(readFileSync(join(server.dataDir, "db.json"), "utf8")) as { auth: { requireLogin: boolean } };
      assert.equal(db.auth.requireLogin, false);
    } finally {
      await server.dispose();
    }
  });

  it("on a non-loopback bind login cannot be turned off (409) and a stored 'off' is ignored", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "omniroute-auth-bind-"));
    const env = { INITIAL_PASSWORD: "initial-password-123", REQUIRE_API_KEY: "false" };
    const local = await startOmniroute({ dataDir, env });
    try {
      const localCookie = await loginCookie(local.url, "initial-password-123");
      const turnedOff = await request(`${local.url}/api/settings/require-login`, {
        method: "PUT",
        headers: { cookie: localCookie, "content-type": "application/json", origin: local.url },
        body: JSON.stringify({ requireLogin: false }),
      });
      assert.equal(turnedOff.statusCode, 200, await turnedOff.body.text());
      await local.stop();

      const server = await startOmniroute({ dataDir, args: ["--host", "0.0.0.0"], env });
      try {
        const page = await request(`${server.url}/dashboard`);
        await page.body.dump();
        assert.equal(page.statusCode, 302, "stored requireLogin=false does not open a network bind");
        const cookie = await loginCookie(server.url, "initial-password-123");
        const off = await request(`${server.url}/api/settings/require-login`, {
          method: "PUT",
          headers: { cookie, "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ requireLogin: false }),
        });
        assert.equal(off.statusCode, 409);
        const body = (await off.body.json()) as { error: { message: string } };
        assert.match(body.error.message, /non-loopback/);
      } finally {
        await server.dispose();
      }
    } finally {
      await local.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
