import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../../../../open-sse/src/core/gateway-error";
import { browse, consentAt, createOAuthTestBed, type OAuthTestBed } from "../../../../../tester/mock-oauth/oauth-test-kit";
import { SUBSCRIPTION_II_CLIENTS } from "../../../../../tester/mock-oauth/subscription-ii-oauth-routes";
import { findOAuthAccount } from "../oauth-connections";
import { decryptTokenSet } from "../oauth-token-set";

// iFlow: its own authorize parameters, the token endpoint with HTTP Basic + body client authentication, and the
// user info that yields the API key the upstream is called with.
const IF_PORT = 21909;
const ORIGIN = "http://127.0.0.1:21900";
let bed: OAuthTestBed;

before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21907, cxCallbackPort: 21908, ifCallbackPort: IF_PORT, fakeClockAt: Date.now() });
});
after(async () => {
  await bed.dispose();
});

function stored(accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), "if", accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

/** authorize → consent → paste the redirect URL. */
async function pasteLogin(): Promise<{ connectionId: string; created: boolean }> {
  const started = await bed.service.authorize("if", { origin: ORIGIN });
  const back = await consentAt(started.authorizeUrl);
  const result = await bed.service.exchange("if", { redirectUrl: back.toString() });
  return { connectionId: result.connection.connectionId, created: result.created };
}

describe("iFlow: login", () => {
  it("builds iFlow's authorize URL (redirect, phone login, no PKCE) on its loopback listener", async () => {
    const started = await bed.service.authorize("iflow", { origin: ORIGIN });
    assert.equal(started.completion, "loopback");
    const url = new URL(started.authorizeUrl);
    assert.equal(url.origin + url.pathname, `${bed.mock.url}/iflow/oauth`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      loginMethod: "phone",
      type: "phone",
      redirect: `http://localhost:${IF_PORT}/oauth2callback`,
      state: started.state,
      client_id: SUBSCRIPTION_II_CLIENTS.iflow,
    });
    assert.match(bed.service.notice("if") ?? "", /stopped service on 2026-04-17/);
  });

  it("the listener connects: Basic + body client authentication, then getUserInfo; the API key is the stored token", async () => {
    bed.mock.loginAs({ email: "flow@example.com", accountId: "13800000001" });
    const started = await bed.service.authorize("if", { origin: ORIGIN });
    const back = await consentAt(started.authorizeUrl);
    const landing = await browse(back.toString().replace("localhost", "127.0.0.1"));
    assert.equal(landing.status, 302, landing.body);
    assert.equal(landing.location, `${ORIGIN}/dashboard/providers?connected=if`);

    const [connection] = bed.service.status("if");
    assert.deepEqual(connection?.identity, { email: "flow@example.com", accountId: "13800000001", plan: null });
    const { tokens } = stored(connection!.connectionId);
    assert.match(tokens.accessToken, /^sk-iflow-mock-/, "the upstream is called with the API key");
    assert.match(tokens.refreshToken ?? "", /^iflow-rt-/);
    assert.equal(tokens.refreshAt, tokens.expiresAt! - 1_800_000, "a 1-hour token is refreshed half-way, not 24 h early");
    const grant = bed.mock.requests.find((request) => request.path === "/iflow/oauth/token")!;
    assert.equal(grant.body.grant_type, "authorization_code");
    assert.equal(grant.body.redirect_uri, `http://localhost:${IF_PORT}/oauth2callback`);
    const file = readFileSync(bed.dbFile, "utf8");
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!file.includes(secret), "no token or API key in db.json");
  });

  it("reconnecting the same account (pasted redirect) updates it", async () => {
    const before = bed.service.status("if").length;
    const result = await pasteLogin();
    assert.equal(result.created, false);
    assert.equal(bed.service.status("if").length, before);
  });
});

describe("iFlow: refresh re-reads the API key", () => {
  it("past refreshAt, 20 concurrent current() make one grant + user info, picking up a rotated key", async () => {
    const accountId = bed.service.status("if")[0]!.connectionId;
    const before = stored(accountId).tokens;
    bed.clock.now = before.refreshAt!;
    const rotated = bed.mock.subscription.rotateIflowApiKey();
    const calls = bed.mock.subscription.refreshCalls("iflow");
    const credentials = bed.service.credentialsFor("if", accountId)!;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => credentials.current()));
    assert.equal(bed.mock.subscription.refreshCalls("iflow") - calls, 1);
    assert.ok(sessions.every((session) => session.accessToken === rotated));
    const after = stored(accountId).tokens;
    assert.equal(after.accessToken, rotated);
    assert.notEqual(after.refreshToken, before.refreshToken);
  });

  it("a refused refresh marks the account auth-failed", async () => {
    const accountId = bed.service.status("if")[0]!.connectionId;
    bed.clock.now = stored(accountId).tokens.expiresAt! + 1;
    bed.mock.subscription.failNext("iflow", { status: 400, json: { error: "invalid_grant" } });
    await assert.rejects(bed.service.credentialsFor("if", accountId)!.current(), (error: unknown) => GatewayError.isInstance(error) && error.code === "upstream_auth_failed");
    const connection = bed.service.status("if")[0]!;
    assert.equal(connection.status, "auth-failed");
    assert.match(connection.statusReason ?? "", /invalid_grant/);
  });
});
