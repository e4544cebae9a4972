import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import { GatewayError } from "../../../../../open-sse/src/core/gateway-error";
import { createOAuthTestBed, type OAuthTestBed } from "../../../../../tester/mock-oauth/oauth-test-kit";
import { OAuthFlowError } from "../oauth-flow-error";
import { findOAuthAccount } from "../oauth-connections";
import { decryptTokenSet } from "../oauth-token-set";

// Cursor: token import, pasted or read (read-only) from the install's state.vscdb at its fixed per-OS path.
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
const NOW = Date.now();
const jwt = (payload: object) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;
const TOKEN = jwt({ sub: "auth0|user_01CURSOR", exp: Math.floor(NOW / 1000) + 3600 });

let bed: OAuthTestBed;
let home: string;
let stateDb: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), "omniroute-cursor-home-"));
  bed = await createOAuthTestBed({
    ccCallbackPort: 21910,
    cxCallbackPort: 21911,
    fakeClockAt: NOW,
    localEnvironment: { platform: "linux", homeDir: home, env: {} },
  });
  stateDb = join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb");
});
after(async () => {
  await bed.dispose();
  rmSync(home, { recursive: true, force: true });
});

function stored(accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), "cu", accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

function writeStateDatabase(values: Record<string, string | Buffer>): void {
  mkdirSync(join(home, ".config", "Cursor", "User", "globalStorage"), { recursive: true });
  rmSync(stateDb, { force: true });
  const database = new Database(stateDb);
  database.exec("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
  const insert = database.prepare("INSERT INTO ItemTable (key, value) VALUES (?, ?)");
  for (const [key, value] of Object.entries(values)) insert.run(key, value);
  database.close();
}

const badInput = (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400;

describe("Cursor: pasted token", () => {
  it("imports the JWT (identity from sub, expiry from exp); the session cookie form works too", async () => {
    const result = await bed.service.importCredentials("cursor-import", TOKEN);
    assert.equal(result.created, true);
    assert.deepEqual(result.connection.identity, { email: null, accountId: "auth0|user_01CURSOR", plan: null });
    assert.equal(result.connection.expiresAt, new Date(Math.floor(NOW / 1000) * 1000 + 3_600_000).toISOString());
    assert.equal(stored(result.connection.connectionId).tokens.accessToken, TOKEN);
    const cookie = await bed.service.importCredentials("cu", `user_01CURSOR%3A%3A${TOKEN}`);
    assert.equal(cookie.created, false, "the same account again");
    assert.equal(stored(cookie.connection.connectionId).tokens.accessToken, TOKEN, "the cookie prefix is dropped");
    const file = readFileSync(bed.dbFile, "utf8");
    assert.ok(!file.includes(TOKEN.split(".")[1]!), "no token in db.json");
  });

  it("refuses what is not a Cursor token, and an expired one", async () => {
    await assert.rejects(bed.service.importCredentials("cu", "not-a-token"), badInput);
    await assert.rejects(bed.service.importCredentials("cu", { something: 1 }), badInput);
    await assert.rejects(bed.service.importCredentials("cu", jwt({ sub: "x", exp: Math.floor(NOW / 1000) - 10 })), badInput);
  });

  it("is not refreshed: at expiry the account becomes auth-failed asking for a new import, with no HTTP call", async () => {
    const accountId = bed.service.status("cu")[0]!.connectionId;
    const requests = bed.mock.requests.length;
    assert.equal((await bed.service.credentialsFor("cu", accountId)!.current()).accessToken, TOKEN);
    bed.clock.now = NOW + 3_601_000;
    await assert.rejects(bed.service.credentialsFor("cu", accountId)!.current(), (error: unknown) => GatewayError.isInstance(error) && error.code === "upstream_auth_failed");
    const connection = bed.service.status("cu")[0]!;
    assert.equal(connection.status, "auth-failed");
    assert.match(connection.statusReason ?? "", /import the token again/);
    assert.equal(bed.mock.requests.length, requests);
    bed.clock.now = NOW;
  });
});

describe("Cursor: the local install's state database", () => {
  it("is offered only when the database exists at the fixed path", async () => {
    assert.equal(bed.service.capabilities("cu").localImport, false);
    await assert.rejects(bed.service.importLocalInstall("cu"), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 404 && error.message.includes(stateDb));
    await assert.rejects(bed.service.importLocalInstall("gh"), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400);
  });

  it("reads token, email, plan and machine id read-only, and reconnects the same account", async () => {
    writeStateDatabase({
      "cursorAuth/accessToken": TOKEN,
      "cursorAuth/refreshToken": "cursor-refresh-never-stored",
      "cursorAuth/cachedEmail": "cursor@example.com",
      "cursorAuth/stripeMembershipType": '"pro"',
      "storage.serviceMachineId": Buffer.from("machine-0123"),
    });
    const before = readFileSync(stateDb);
    assert.equal(bed.service.capabilities("cu").localImport, true);
    const result = await bed.service.importLocalInstall("cu");
    assert.deepEqual(result.connection.identity, { email: "cursor@example.com", accountId: "auth0|user_01CURSOR", plan: "pro" });
    assert.equal(result.created, false, "the account pasted before");
    const { tokens } = stored(result.connection.connectionId);
    assert.deepEqual(tokens.extras, { machineId: "machine-0123" });
    assert.equal(tokens.refreshToken, null, "Cursor's refresh token is not taken");
    assert.ok(readFileSync(stateDb).equals(before), "the IDE's database is not written");
    assert.equal(bed.service.status("cu")[0]?.status, "active", "the import brought it back from auth-failed");
  });

  it("a database without a login is a clear 404", async () => {
    writeStateDatabase({ "storage.serviceMachineId": "machine-0123" });
    await assert.rejects(bed.service.importLocalInstall("cu"), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 404 && /holds no login/.test(error.message));
  });
});
