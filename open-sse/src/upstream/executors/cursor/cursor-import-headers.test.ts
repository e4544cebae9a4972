import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";

import { cursorBareToken, cursorChecksum, cursorHeaders } from "./cursor-headers";
import { cursorStateDatabasePath, parseCursorToken } from "./cursor-token-import";

const jwt = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2lnbmF0dXJl`;

describe("cursorChecksum", () => {
  it("obfuscates floor(now / 1e6) the way the desktop client does, including its 32-bit shifts", () => {
    // now 1 760 000 000 000 → stamp 1 760 000 = 0x1ADB00; JavaScript's `>> 40` / `>> 32` are `>> 8` / `>> 0`, so
    // the bytes are DB 00 00 1A DB 00; with the rolling key from 165 they become 7E 7F 81 9E 49 4E (worked by hand).
    const prefix = Buffer.from([0x7e, 0x7f, 0x81, 0x9e, 0x49, 0x4e]).toString("base64url");
    assert.equal(cursorChecksum("machine", 1_760_000_000_000), `${prefix}machine`);
    assert.equal(cursorChecksum("machine", 1_760_000_000_000, "mac"), `${prefix}machine/mac`);
  });
});

describe("cursorHeaders", () => {
  it("derives the client key and session id from the token and signs only when the time is known", () => {
    const headers = cursorHeaders({ accessToken: "user_01::tok", requestId: "req_c", machineId: "m1" });
    assert.equal(headers.authorization, "Bearer tok");
    assert.equal(headers["x-client-key"], createHash("sha256").update("tok").digest("hex"));
    assert.match(headers["x-session-id"] ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(headers["x-cursor-checksum"], undefined);
    assert.equal(headers["x-ghost-mode"], "true");
    assert.equal(headers["content-type"], "application/connect+proto");
    assert.equal(headers["connect-protocol-version"], "1");
    const signed = cursorHeaders({ accessToken: "tok", requestId: "req_c", machineId: "m1", now: 1_760_000_000_000, ghostMode: false });
    assert.equal(signed["x-cursor-checksum"], cursorChecksum("m1", 1_760_000_000_000));
    assert.equal(signed["x-ghost-mode"], "false");
    assert.equal(signed["x-session-id"], headers["x-session-id"]);
  });

  it("strips the cookie form's user prefix, encoded or not", () => {
    assert.equal(cursorBareToken("user_01ABC%3A%3AeyJ.a.b"), "eyJ.a.b");
    assert.equal(cursorBareToken("eyJ.a.b"), "eyJ.a.b");
  });
});

describe("parseCursorToken", () => {
  it("reads a bare JWT or the session cookie, with expiry and subject", () => {
    const token = jwt({ sub: "auth0|user_01ABC", exp: 1_790_000_000, type: "session" });
    assert.deepEqual(parseCursorToken(`  ${token}\n`), { accessToken: token, expiresAt: 1_790_000_000_000, subject: "auth0|user_01ABC" });
    assert.deepEqual(parseCursorToken(`user_01ABC%3A%3A${token}`).accessToken, token);
    assert.deepEqual(parseCursorToken(`Bearer ${jwt({})}`).expiresAt, null);
  });

  it("refuses what is not a token, with a message for the user", () => {
    assert.throws(() => parseCursorToken("hello"), /not a Cursor access token: expected a JWT/);
    assert.throws(() => parseCursorToken("aaa.bbb.ccc"), /payload is not JSON/);
  });
});

describe("cursorStateDatabasePath", () => {
  it("knows the state.vscdb location on each OS", () => {
    assert.equal(cursorStateDatabasePath({ platform: "darwin", homeDir: "/Users/ada", env: {} }), "/Users/ada/Library/Application Support/Cursor/User/globalStorage/state.vscdb");
    assert.equal(cursorStateDatabasePath({ platform: "linux", homeDir: "/home/ada/", env: {} }), "/home/ada/.config/Cursor/User/globalStorage/state.vscdb");
    assert.equal(cursorStateDatabasePath({ platform: "linux", homeDir: "/home/ada", env: { XDG_CONFIG_HOME: "/cfg" } }), "/cfg/Cursor/User/globalStorage/state.vscdb");
    assert.equal(cursorStateDatabasePath({ platform: "win32", homeDir: "C:\\Users\\ada", env: { APPDATA: "C:\\Users\\ada\\AppData\\Roaming" } }), "C:\\Users\\ada\\AppData\\Roaming\\Cursor\\User\\globalStorage\\state.vscdb");
    assert.equal(cursorStateDatabasePath({ platform: "win32", homeDir: "C:\\Users\\ada", env: {} }), "C:\\Users\\ada\\AppData\\Roaming\\Cursor\\User\\globalStorage\\state.vscdb");
    assert.equal(cursorStateDatabasePath({ platform: "aix", homeDir: "/", env: {} }), undefined);
  });
});
