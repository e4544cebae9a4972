import assert from "node:assert/strict";
import fs from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { UsageQueryError } from "../usage/usage-query-params";
import { auditActionOf } from "./audit-action";
import { createAdminRequestAudit } from "./audit-admin-requests";
import { createAuditLog } from "./audit-log";
import { parseAuditQuery } from "./audit-query-params";
import { diffDocuments } from "./diff-documents";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-audit-"));
const databases: SqliteDatabase[] = [];
after(() => {
  for (const db of databases) db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

let counter = 0;
async function database(): Promise<SqliteDatabase> {
  counter += 1;
  const file = path.join(tempDir, `audit-${counter}.sqlite`);
  const db = openSqlite(file);
  databases.push(db);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  return db;
}

describe("auditActionOf", () => {
  it("names actions by resource and verb, with path ids as the target", () => {
    assert.deepEqual(auditActionOf("POST", "/api/keys"), { action: "keys.create", target: null });
    assert.deepEqual(auditActionOf("PATCH", "/api/keys/k1"), { action: "keys.update", target: "k1" });
    assert.deepEqual(auditActionOf("DELETE", "/api/keys/k1/"), { action: "keys.delete", target: "k1" });
    assert.deepEqual(auditActionOf("PUT", "/api/settings/ip-filter"), { action: "settings.ip-filter.update", target: null });
    assert.deepEqual(auditActionOf("DELETE", "/api/providers/openai/accounts/work%20laptop"), { action: "providers.accounts.delete", target: "openai:work laptop" });
    assert.deepEqual(auditActionOf("POST", "/api/providers/openai/test"), { action: "providers.test", target: "openai" });
    assert.deepEqual(auditActionOf("POST", "/api/auth/login"), { action: "auth.login", target: null });
    assert.deepEqual(auditActionOf("POST", "/api/settings/password"), { action: "auth.password.change", target: null });
    assert.deepEqual(auditActionOf("PUT", "/api/pricing"), { action: "pricing.update", target: null });
  });

  it("leaves reads and non-api paths alone", () => {
    assert.equal(auditActionOf("GET", "/api/keys"), undefined);
    assert.equal(auditActionOf("HEAD", "/api/keys"), undefined);
    assert.equal(auditActionOf("POST", "/v1/chat/completions"), undefined);
    assert.equal(auditActionOf("POST", "/dashboard"), undefined);
  });
});

describe("diffDocuments", () => {
  it("reports only what changed, entities keyed by id, ignoring lastUsedAt", () => {
    const before = {
      settings: { requireApiKey: null, maxBodyBytes: 10 },
      apiKeys: [
        { id: "k1", name: "laptop", enabled: true, lastUsedAt: null },
        { id: "k2", name: "ci", enabled: true, lastUsedAt: null },
      ],
    };
    const after = {
      settings: { requireApiKey: null, maxBodyBytes: 20 },
      apiKeys: [
        { id: "k1", name: "laptop", enabled: false, lastUsedAt: "2026-01-01T00:00:00Z" },
        { id: "k3", name: "new", enabled: true, lastUsedAt: null },
      ],
    };
    const diff = diffDocuments(before, after);
    assert.deepEqual(diff.before, { settings: { maxBodyBytes: 10 }, apiKeys: { k1: { enabled: true }, k2: { id: "k2", name: "ci", enabled: true, lastUsedAt: null } } });
    assert.deepEqual(diff.after, { settings: { maxBodyBytes: 20 }, apiKeys: { k1: { enabled: false }, k3: { id: "k3", name: "new", enabled: true, lastUsedAt: null } } });
    assert.deepEqual(diff.changes.sort(), ["apiKeys.k1.enabled changed", "apiKeys.k2 removed", "apiKeys.k3 added", "settings.maxBodyBytes changed"]);
  });

  it("is empty when nothing changed (or only a key's lastUsedAt)", () => {
    const doc = { apiKeys: [{ id: "k1", lastUsedAt: null }] };
    assert.deepEqual(diffDocuments(doc, { apiKeys: [{ id: "k1", lastUsedAt: "now" }] }), { before: null, after: null, changes: [] });
  });

  it("shows an added entity only after, a removed one only before", () => {
    const added = diffDocuments({ apiKeys: [] }, { apiKeys: [{ id: "k1", name: "new" }] });
    assert.deepEqual([added.before, added.after], [null, { apiKeys: { k1: { id: "k1", name: "new" } } }]);
    const removed = diffDocuments({ apiKeys: [{ id: "k1", name: "old" }] }, { apiKeys: [] });
    assert.deepEqual([removed.before, removed.after], [{ apiKeys: { k1: { id: "k1", name: "old" } } }, null]);
  });

  it("compares lists without ids as values", () => {
    const diff = diffDocuments({ settings: { cidrs: ["10.0.0.0/8"] } }, { settings: { cidrs: ["10.0.0.0/8", "fd00::/8"] } });
    assert.deepEqual(diff.after, { settings: { cidrs: ["10.0.0.0/8", "fd00::/8"] } });
  });
});

describe("createAuditLog", () => {
  it("stores entries with secrets masked, and queries them newest first with filters and a cursor", async () => {
    const db = await database();
    let now = 1_000;
    const log = createAuditLog(db, { now: () => now });
    log.record({ actor: "anonymous", action: "auth.login", ip: "127.0.0.1", outcome: "failure", httpStatus: 401 });
    now = 2_000;
    log.record({
      actor: "admin",
      action: "keys.create",
      target: "k1",
      ip: "127.0.0.1",
      httpStatus: 201,
      before: null,
      after: { apiKeys: { k1: { id: "k1", name: "laptop", hash: "a".repeat(64), key: "omr_secretsecretsecret" } } },
    });
    now = 3_000;
    log.record({ actor: "admin", action: "providers.accounts.update", after: { apiKeyEncrypted: "enc:v1:zzz", note: "rotated to sk-abcdefghijklmnopqrstu" } });

    const stored = db.prepare("SELECT before_json, after_json FROM audit_log").all().map((row) => `${String(row.before_json)} ${String(row.after_json)}`).join("\n");
    for (const secret of ["aaaaaaaaaaaaaaaa", "omr_secret", "enc:v1:zzz", "sk-abcdefghij"]) assert.ok(!stored.includes(secret), secret);

    const all = log.query({ limit: 10 });
    assert.deepEqual(all.data.map((entry) => entry.action), ["providers.accounts.update", "keys.create", "auth.login"]);
    assert.deepEqual(all.data[1]!.after, { apiKeys: { k1: { id: "k1", name: "laptop", hash: "[masked]", key: "[masked]" } } });
    assert.equal(all.data[2]!.outcome, "failure");
    assert.equal(all.data[2]!.httpStatus, 401);

    assert.deepEqual(log.query({ limit: 10, actor: "anonymous" }).data.map((entry) => entry.id), [all.data[2]!.id]);
    assert.deepEqual(log.query({ limit: 10, actionPrefix: "keys." }).data.map((entry) => entry.action), ["keys.create"]);
    assert.deepEqual(log.query({ limit: 10, since: 2_000, until: 3_000 }).data.map((entry) => entry.action), ["keys.create"]);

    const first = log.query({ limit: 2 });
    assert.equal(first.data.length, 2);
    assert.ok(first.nextCursor !== null);
    const [at, id] = first.nextCursor!.split(".").map(Number);
    const second = log.query({ limit: 2, before: { at: at!, id: id! } });
    assert.deepEqual(second.data.map((entry) => entry.action), ["auth.login"]);
    assert.equal(second.nextCursor, null);

    assert.equal(log.prune(1_001 + 86_400_000, 1), 1);
    assert.equal(log.query({ limit: 10 }).data.length, 2);
  });

  it("never throws on a failed write, and says so", async () => {
    const db = await database();
    const errors: Error[] = [];
    const log = createAuditLog(db, { onError: (error) => errors.push(error) });
    db.exec("DROP TABLE audit_log");
    log.record({ actor: "admin", action: "x" });
    assert.equal(errors.length, 1);
  });
});

describe("createAdminRequestAudit", () => {
  function fakeExchange(method: string, url: string, headers: Record<string, string>) {
    const request = new IncomingMessage(new Socket());
    request.method = method;
    request.url = url;
    request.headers = headers;
    const response = new ServerResponse(request);
    return { request, response };
  }

  it("records a settings change with before/after from the document and the caller's address", async () => {
    const db = await database();
    const log = createAuditLog(db);
    let document: unknown = { settings: { ipFilter: { mode: "off", cidrs: [] } }, auth: { passwordHash: "scrypt$old" } };
    const audit = createAdminRequestAudit({ auditLog: log, readDocument: () => document, now: () => 5_000 });
    const { request, response } = fakeExchange("PUT", "/api/settings/ip-filter?x=1", { "x-omniroute-client-address": "10.1.2.3", cookie: "a=b; auth_token=jwt" });
    audit(request, response);
    document = { settings: { ipFilter: { mode: "allow", cidrs: ["10.0.0.0/8"] } }, auth: { passwordHash: "scrypt$new" } };
    response.statusCode = 200;
    Object.defineProperty(response, "writableFinished", { value: true });
    response.emit("finish");
    response.emit("close");
    const [entry, ...rest] = log.query({ limit: 10 }).data;
    assert.equal(rest.length, 0, "one entry per request");
    assert.equal(entry!.action, "settings.ip-filter.update");
    assert.equal(entry!.actor, "admin");
    assert.equal(entry!.ip, "10.1.2.3");
    assert.equal(entry!.at, 5_000);
    assert.equal(entry!.outcome, "success");
    assert.deepEqual(entry!.before, { settings: { ipFilter: { mode: "off", cidrs: [] } }, auth: { passwordHash: "[masked]" } });
    assert.deepEqual(entry!.after, { settings: { ipFilter: { mode: "allow", cidrs: ["10.0.0.0/8"] } }, auth: { passwordHash: "[masked]" } });
  });

  it("records a failed login as anonymous, and ignores reads", async () => {
    const db = await database();
    const log = createAuditLog(db);
    const audit = createAdminRequestAudit({ auditLog: log, readDocument: () => ({}) });
    const read = fakeExchange("GET", "/api/keys", {});
    audit(read.request, read.response);
    read.response.emit("finish");
    const login = fakeExchange("POST", "/api/auth/login", {});
    audit(login.request, login.response);
    login.response.statusCode = 401;
    Object.defineProperty(login.response, "writableFinished", { value: true });
    login.response.emit("finish");
    const entries = log.query({ limit: 10 }).data;
    assert.equal(entries.length, 1);
    assert.deepEqual([entries[0]!.action, entries[0]!.actor, entries[0]!.outcome, entries[0]!.httpStatus], ["auth.login", "anonymous", "failure", 401]);
  });

  it("takes the target of a create from what it added", async () => {
    const db = await database();
    const log = createAuditLog(db);
    let document: unknown = { apiKeys: [] };
    const audit = createAdminRequestAudit({ auditLog: log, readDocument: () => document });
    const { request, response } = fakeExchange("POST", "/api/keys", { cookie: "auth_token=x" });
    audit(request, response);
    document = { apiKeys: [{ id: "k9", name: "new", hash: "f".repeat(64) }] };
    response.statusCode = 201;
    Object.defineProperty(response, "writableFinished", { value: true });
    response.emit("finish");
    const [entry] = log.query({ limit: 1 }).data;
    assert.equal(entry!.target, "k9");
    assert.deepEqual(entry!.after, { apiKeys: { k9: { id: "k9", name: "new", hash: "[masked]" } } });
  });
});

describe("parseAuditQuery", () => {
  it("parses filters and refuses bad ones by name", () => {
    const query = parseAuditQuery(new URLSearchParams("action=keys.*&actor=admin&since=2026-01-01T00:00:00Z&limit=5"));
    assert.equal(query.actionPrefix, "keys.");
    assert.equal(query.action, undefined);
    assert.equal(query.since, Date.parse("2026-01-01T00:00:00Z"));
    assert.equal(query.limit, 5);
    assert.throws(() => parseAuditQuery(new URLSearchParams("limit=0&outcome=maybe&cursor=zz")), (error: unknown) => {
      assert.ok(error instanceof UsageQueryError);
      assert.equal(error.problems.length, 3);
      return true;
    });
  });
});
