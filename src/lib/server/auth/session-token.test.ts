import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { SignJWT } from "jose";
import { createSessionToken, isSessionCurrent, SESSION_TTL_SECONDS, verifySessionToken } from "./session-token";

const secret = randomBytes(32);

describe("session tokens", () => {
  it("a fresh token verifies, with a 12 h lifetime", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const token = await createSessionToken(secret, now);
    const claims = await verifySessionToken(token, secret, now);
    assert.ok(claims);
    assert.equal(claims.expiresAt - claims.issuedAt, SESSION_TTL_SECONDS);
    assert.equal(SESSION_TTL_SECONDS, 12 * 3600);
    const [, payload] = token.split(".");
    const decoded = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    assert.equal(decoded.sub, "admin");
    assert.equal(decoded.iss, "omniroute");
  });

  it("rejects an expired token", async () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await createSessionToken(secret, issued);
    const later = new Date(issued.getTime() + (SESSION_TTL_SECONDS + 1) * 1000);
    assert.equal(await verifySessionToken(token, secret, later), undefined);
  });

  it("rejects a tampered token, a foreign secret, alg none and garbage", async () => {
    const token = await createSessionToken(secret);
    const [header, payload, signature] = token.split(".");
    const forged = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, number>;
    forged.exp = forged.exp! + 3600 * 24 * 365;
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    assert.equal(await verifySessionToken(tampered, secret), undefined);
    assert.equal(await verifySessionToken(`${token.slice(0, -2)}AA`, secret), undefined);
    assert.equal(await verifySessionToken(token, randomBytes(32)), undefined);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`;
    assert.equal(await verifySessionToken(unsigned, secret), undefined);
    assert.equal(await verifySessionToken("not-a-jwt", secret), undefined);
    assert.equal(await verifySessionToken("", secret), undefined);
  });

  it("rejects a token with the right secret but the wrong issuer or subject", async () => {
    const now = Math.floor(Date.now() / 1000);
    const wrongIssuer = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("admin").setIssuer("other").setIssuedAt(now).setExpirationTime(now + 60).sign(secret);
    const wrongSubject = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user").setIssuer("omniroute").setIssuedAt(now).setExpirationTime(now + 60).sign(secret);
    assert.equal(await verifySessionToken(wrongIssuer, secret), undefined);
    assert.equal(await verifySessionToken(wrongSubject, secret), undefined);
  });

  it("a session issued before the last password change no longer counts", () => {
    const claims = { issuedAt: 1_000, expiresAt: 1_000 + SESSION_TTL_SECONDS };
    assert.equal(isSessionCurrent(claims, null), true);
    assert.equal(isSessionCurrent(claims, new Date(999_000).toISOString()), true);
    assert.equal(isSessionCurrent(claims, new Date(1_000_400).toISOString()), true, "same second stays valid");
    assert.equal(isSessionCurrent(claims, new Date(1_001_000).toISOString()), false);
  });
});
