import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../../../open-sse/src/core/gateway-error";
import { consentAt, createOAuthTestBed, type OAuthTestBed } from "../../../../tester/mock-oauth/oauth-test-kit";
import { findOAuthAccount } from "./oauth-connections";
import { decryptTokenSet } from "./oauth-token-set";

const HOUR = 3_600_000;
let bed: OAuthTestBed;

before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21233, cxCallbackPort: 21234, fakeClockAt: Date.now() });
});
after(async () => {
  await bed.dispose();
});

/** Logs `email` in through the paste path (no listener needed) and returns its connection id. */
async function connect(providerId: "cc" | "cx" | "gc", email: string, accountId: string): Promise<string> {
  bed.mock.loginAs({ email, accountId, plan: "max" });
  if (providerId === "gc") bed.mock.setCodeAssist({ onboarded: true });
  const started = await bed.service.authorize(providerId, { origin: "http://127.0.0.1:21230" });
  const back = await consentAt(started.authorizeUrl);
  const result = await bed.service.exchange(providerId, { redirectUrl: back.toString() });
  return result.connection.connectionId;
}

function storedTokens(providerId: string, accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), providerId, accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

async function rejectsWithGatewayCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => GatewayError.isInstance(error) && error.code === code);
}

describe("token manager: Claude Code (5-minute margin, rotating refresh tokens)", () => {
  let accountId: string;
  let issuedAt: number;
  before(async () => {
    issuedAt = bed.clock.now;
    accountId = await connect("cc", "rt@example.com", "claude-rt");
  });

  it("a fresh token is used as is: no refresh", async () => {
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    assert.equal(credentials, bed.service.credentialsFor("cc", accountId), "the same handle every time");
    const session = await credentials.current();
    assert.equal(session.accessToken, storedTokens("cc", accountId).tokens.accessToken);
    assert.equal(session.expiresAt, issuedAt + HOUR);
    assert.equal(bed.mock.refreshCalls("anthropic"), 0);
    assert.equal(bed.service.credentialsFor("cc", "no-such-account"), undefined);
    assert.equal(bed.service.credentialsFor("zz", accountId), undefined);
  });

  it("50 concurrent current() inside the margin make exactly one refresh call, and the rotation is stored", async () => {
    const before = storedTokens("cc", accountId).tokens;
    bed.clock.now = issuedAt + HOUR - 4 * 60_000;
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    const sessions = await Promise.all(Array.from({ length: 50 }, () => credentials.current()));
    assert.equal(bed.mock.refreshCalls("anthropic"), 1);
    const after = storedTokens("cc", accountId).tokens;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.notEqual(after.refreshToken, before.refreshToken, "the new refresh token replaced the old one");
    assert.ok(sessions.every((session) => session.accessToken === after.accessToken));
    const refresh = bed.mock.requests.filter((request) => request.path === "/anthropic/v1/oauth/token" && request.body.grant_type === "refresh_token");
    assert.equal(refresh[0]?.encoding, "json");
    assert.equal(refresh[0]?.body.scope, "user:profile user:inference user:sessions:claude_code", "asks for the granted scopes again");
  });

  it("refreshAfterRejection with a token already replaced returns the stored one without a call", async () => {
    const calls = bed.mock.refreshCalls("anthropic");
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    const session = await credentials.refreshAfterRejection("an-older-token");
    assert.equal(session?.accessToken, storedTokens("cc", accountId).tokens.accessToken);
    assert.equal(bed.mock.refreshCalls("anthropic"), calls);
  });

  it("50 concurrent rejections of the current token make one refresh", async () => {
    const calls = bed.mock.refreshCalls("anthropic");
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    const rejected = (await credentials.current()).accessToken;
    const sessions = await Promise.all(Array.from({ length: 50 }, () => credentials.refreshAfterRejection(rejected)));
    assert.equal(bed.mock.refreshCalls("anthropic"), calls + 1);
    const fresh = storedTokens("cc", accountId).tokens.accessToken;
    assert.notEqual(fresh, rejected);
    assert.ok(sessions.every((session) => session?.accessToken === fresh));
  });

  it("a transient failure keeps the account: the still-valid token is used, then a clear 502 once expired", async () => {
    const { tokens } = storedTokens("cc", accountId);
    bed.clock.now = tokens.expiresAt! - 60_000;
    bed.mock.failRefresh("anthropic", { status: 503, body: { error: "temporarily_unavailable" } }, 2);
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    assert.equal((await credentials.current()).accessToken, tokens.accessToken);
    bed.clock.now = tokens.expiresAt! + 1;
    await rejectsWithGatewayCode(credentials.current(), "upstream_unreachable");
    assert.equal(storedTokens("cc", accountId).account.oauth.status, "active");
    // Within the retry pause the endpoint is left alone: fail fast, no call.
    const calls = bed.mock.refreshCalls("anthropic");
    await rejectsWithGatewayCode(credentials.current(), "upstream_unreachable");
    assert.equal(bed.mock.refreshCalls("anthropic"), calls);
    // The provider is back: the same refresh token still works.
    bed.clock.now += 31_000;
    const session = await credentials.current();
    assert.notEqual(session.accessToken, tokens.accessToken);
  });

  it("a refused refresh (invalid_grant) marks the account auth-failed with the reason, and stops using it", async () => {
    const { tokens } = storedTokens("cc", accountId);
    bed.clock.now = tokens.expiresAt! + 1;
    bed.mock.failRefresh("anthropic", { status: 400, body: { error: "invalid_grant", error_description: "refresh token revoked" } });
    const credentials = bed.service.credentialsFor("cc", accountId)!;
    await rejectsWithGatewayCode(credentials.current(), "upstream_auth_failed");
    const { account } = storedTokens("cc", accountId);
    assert.equal(account.oauth.status, "auth-failed");
    assert.match(account.oauth.statusReason ?? "", /invalid_grant.*reconnect/);
    assert.equal(await credentials.refreshAfterRejection(tokens.accessToken), undefined);
    const [view] = bed.service.status("cc").filter((connection) => connection.connectionId === accountId);
    assert.equal(view?.status, "auth-failed");
    assert.ok(bed.logLines.some((line) => line.startsWith("warn oauth account marked auth-failed")));
  });

  it("reconnecting the identity brings the account back to active", async () => {
    bed.clock.now = Date.now();
    const again = await connect("cc", "rt@example.com", "claude-rt");
    assert.equal(again, accountId);
    assert.equal(storedTokens("cc", accountId).account.oauth.status, "active");
    assert.ok((await bed.service.credentialsFor("cc", accountId)!.current()).accessToken.startsWith("sk-ant-oat01-mock-"));
  });
});

describe("token manager: Codex (no early refresh; 8 days for tokens of unknown expiry)", () => {
  it("a token one minute from expiry is NOT refreshed; an expired one is, with a JSON grant", async () => {
    bed.clock.now = Date.now();
    const accountId = await connect("cx", "cx-rt@example.com", "ws-rt");
    const credentials = bed.service.credentialsFor("cx", accountId)!;
    const { tokens } = storedTokens("cx", accountId);
    bed.clock.now = tokens.expiresAt! - 60_000;
    assert.equal((await credentials.current()).accessToken, tokens.accessToken);
    assert.equal(bed.mock.refreshCalls("openai"), 0);
    bed.clock.now = tokens.expiresAt! + 1;
    const session = await credentials.current();
    assert.notEqual(session.accessToken, tokens.accessToken);
    assert.equal(session.extras.chatgptAccountId, "ws-rt");
    assert.equal(bed.mock.refreshCalls("openai"), 1);
    const refresh = bed.mock.requests.find((request) => request.path === "/openai/oauth/token" && request.body.grant_type === "refresh_token");
    assert.equal(refresh?.encoding, "json");
    assert.deepEqual(Object.keys(refresh?.body ?? {}).sort(), ["client_id", "grant_type", "refresh_token"]);
  });

  it("an imported token of unknown expiry is refreshed once its last refresh is 8 days old, not before", async () => {
    bed.clock.now = Date.now();
    const accountId = await connect("cx", "cx-old@example.com", "ws-old");
    const { tokens } = storedTokens("cx", accountId);
    // The same refresh token, presented as an auth.json last refreshed 7 days ago, with an opaque access token.
    const idToken = tokens.idToken!;
    const lastRefresh = new Date(bed.clock.now - 7 * 24 * HOUR).toISOString();
    await bed.service.importCredentials("cx", { tokens: { id_token: idToken, access_token: "opaque-access", refresh_token: tokens.refreshToken, account_id: "ws-old" }, last_refresh: lastRefresh });
    const credentials = bed.service.credentialsFor("cx", accountId)!;
    const calls = bed.mock.refreshCalls("openai");
    assert.equal((await credentials.current()).accessToken, "opaque-access");
    assert.equal(bed.mock.refreshCalls("openai"), calls);
    bed.clock.now += 24 * HOUR + 1;
    assert.notEqual((await credentials.current()).accessToken, "opaque-access");
    assert.equal(bed.mock.refreshCalls("openai"), calls + 1);
  });

  it("a replayed (rotated) refresh token is refused: auth-failed", async () => {
    bed.clock.now = Date.now();
    const accountId = await connect("cx", "cx-replay@example.com", "ws-replay");
    const first = storedTokens("cx", accountId).tokens;
    bed.clock.now = first.expiresAt! + 1;
    await bed.service.credentialsFor("cx", accountId)!.current();
    // Someone restores the old token set (e.g. a stale import): its refresh token was rotated away.
    await bed.service.importCredentials("cx", { tokens: { id_token: first.idToken, access_token: "stale-access", refresh_token: first.refreshToken, account_id: "ws-replay" }, last_refresh: new Date(0).toISOString() });
    await rejectsWithGatewayCode(bed.service.credentialsFor("cx", accountId)!.current(), "upstream_auth_failed");
    assert.match(storedTokens("cx", accountId).account.oauth.statusReason ?? "", /refresh_token_reused/);
  });
});

describe("token manager: Google (form grant with the client secret, no rotation)", () => {
  it("keeps the refresh token when the answer has none", async () => {
    bed.clock.now = Date.now();
    const accountId = await connect("gc", "g-rt@example.com", "google-rt");
    const before = storedTokens("gc", accountId).tokens;
    bed.clock.now = before.expiresAt! - 4 * 60_000;
    const session = await bed.service.credentialsFor("gc", accountId)!.current();
    assert.notEqual(session.accessToken, before.accessToken);
    assert.equal(session.extras.projectId, "mock-project-google-rt");
    const after = storedTokens("gc", accountId).tokens;
    assert.equal(after.refreshToken, before.refreshToken);
    const refresh = bed.mock.requests.find((request) => request.path === "/google/token" && request.body.grant_type === "refresh_token");
    assert.equal(refresh?.encoding, "form");
    assert.equal(typeof refresh?.body.client_secret, "string");
  });
});
