// The audit log against the real server: every state-changing /api request — failed and successful logins,
// logout, key create/update/delete, settings — is on record with actor, time, IP, outcome and before/after, with
// secrets masked; /api/audit filters them.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const require = createRequire(import.meta.url);
const PASSWORD = "audit-password-1";
let gateway: OmnirouteProcess;
let cookie: string;
let startedAt: number;

before(async () => {
  gateway = await startOmniroute({ env: { INITIAL_PASSWORD: PASSWORD } });
  startedAt = Date.now();
});
after(async () => {
  await gateway?.dispose();
});

async function api(path: string, init: { method?: string; body?: unknown; cookie?: string | null } = {}) {
  const headers: Record<string, string> = { origin: gateway.url };
  const session = init.cookie === undefined ? cookie : init.cookie;
  if (session !== null && session !== undefined) headers.cookie = session;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await request(`${gateway.url}${path}`, { method: (init.method ?? "GET") as "GET", headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await response.body.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the API's JSON
  return { status: response.statusCode, text, json: () => JSON.parse(text) as any };
}

describe("audit log", () => {
  let createdKey: string;
  let keyId: string;

  before(async () => {
    // A wrong password first, then the right one.
    assert.equal((await api("/api/auth/login", { method: "POST", body: { password: "wrong-password" }, cookie: null })).status, 401);
    cookie = await loginCookie(gateway.url, PASSWORD);
    const created = await api("/api/keys", { method: "POST", body: { name: "laptop" } });
    assert.equal(created.status, 201, created.text);
    createdKey = created.json().key;
    keyId = created.json().id;
    assert.equal((await api(`/api/keys/${keyId}`, { method: "PATCH", body: { enabled: false } })).status, 200);
    assert.equal((await api("/api/settings/system-prompt", { method: "PUT", body: { enabled: true, text: "Be brief.", position: "append" } })).status, 200);
    assert.equal((await api(`/api/keys/${keyId}`, { method: "DELETE" })).status, 204);
    // A refused change (400) is on record too, as a failure.
    assert.equal((await api("/api/settings/system-prompt", { method: "PUT", body: { enabled: "yes" } })).status, 400);
  });

  it("records logins (failed and successful) with the caller's address", async () => {
    const logins = (await api("/api/audit?action=auth.login")).json().data;
    assert.deepEqual(
      logins.map((entry: { actor: string; outcome: string; httpStatus: number }) => [entry.actor, entry.outcome, entry.httpStatus]),
      [
        ["admin", "success", 200],
        ["anonymous", "failure", 401],
      ],
    );
    for (const entry of logins) {
      assert.equal(entry.ip, "127.0.0.1");
      assert.ok(entry.at >= startedAt && entry.at <= Date.now());
      assert.equal(entry.before, null, "a login changes nothing stored");
    }
  });

  it("records key create, update and delete with before/after, the key itself never stored", async () => {
    const entries = (await api("/api/audit?action=keys.*")).json().data;
    assert.deepEqual(
      entries.map((entry: { action: string; target: string; actor: string; outcome: string }) => [entry.action, entry.target, entry.actor, entry.outcome]),
      [
        ["keys.delete", keyId, "admin", "success"],
        ["keys.update", keyId, "admin", "success"],
        ["keys.create", keyId, "admin", "success"],
      ],
    );
    const [deleted, updated, created] = entries;
    assert.equal(created.before, null);
    assert.equal(created.after.apiKeys[keyId].name, "laptop");
    assert.equal(created.after.apiKeys[keyId].hash, "[masked]");
    assert.deepEqual(updated.before, { apiKeys: { [keyId]: { enabled: true } } });
    assert.deepEqual(updated.after, { apiKeys: { [keyId]: { enabled: false } } });
    assert.equal(deleted.after, null);
    assert.equal(deleted.before.apiKeys[keyId].name, "laptop");

    const Database = require("better-sqlite3") as typeof BetterSqlite3;
    const db = new Database(join(gateway.dataDir, "omniroute.sqlite"), { readonly: true, fileMustExist: true });
    try {
      const stored = JSON.stringify(db.prepare("SELECT * FROM audit_log").all());
      assert.ok(!stored.includes(createdKey), "the created key is not in the audit log");
      assert.ok(!stored.includes(createdKey.slice(-12)), "nor any tail of it");
      assert.ok(!stored.includes(PASSWORD) && !stored.includes("wrong-password"), "no password");
      assert.ok(!/[0-9a-f]{64}/.test(stored), "no key hash");
    } finally {
      db.close();
    }
  });

  it("records settings changes and refused changes; filters by actor, outcome and time; pages with a cursor", async () => {
    const settings = (await api("/api/audit?action=settings.system-prompt.update")).json().data;
    assert.deepEqual(
      settings.map((entry: { outcome: string; httpStatus: number }) => [entry.outcome, entry.httpStatus]),
      [
        ["failure", 400],
        ["success", 200],
      ],
    );
    assert.deepEqual(settings[1].after.settings.systemPrompt, { enabled: true, text: "Be brief.", position: "append" });
    assert.equal(settings[0].after, null, "a refused change changed nothing");

    const anonymous = (await api("/api/audit?actor=anonymous")).json().data;
    assert.deepEqual(anonymous.map((entry: { action: string }) => entry.action), ["auth.login"]);
    const failures = (await api("/api/audit?outcome=failure")).json().data;
    assert.equal(failures.length, 2);
    assert.equal((await api(`/api/audit?since=${Date.now() + 60_000}`)).json().data.length, 0);

    const page = (await api("/api/audit?limit=2")).json();
    assert.equal(page.data.length, 2);
    const rest = (await api(`/api/audit?limit=100&cursor=${page.nextCursor}`)).json();
    const all = (await api("/api/audit?limit=100")).json().data;
    assert.equal(page.data.length + rest.data.length, all.length);
    assert.equal((await api("/api/audit?limit=0")).status, 400);
    assert.equal((await api("/api/audit", { cookie: null })).status, 401, "behind the dashboard login");
  });

  it("records logout", async () => {
    assert.equal((await api("/api/auth/logout", { method: "POST" })).status, 200);
    const logout = (await api("/api/audit?action=auth.logout")).json().data;
    assert.equal(logout.length, 1);
    assert.equal(logout[0].actor, "admin");
  });
});
