import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../../../../open-sse/src/core/gateway-error";
import { consentAt, createOAuthTestBed, type OAuthTestBed } from "../../../../../tester/mock-oauth/oauth-test-kit";
import { KIRO_SOCIAL_PROFILE_ARN } from "../../../../../tester/mock-oauth/subscription-ii-oauth-routes";
import { OAuthFlowError } from "../oauth-flow-error";
import { findOAuthAccount } from "../oauth-connections";
import { decryptTokenSet } from "../oauth-token-set";

// Kiro: AWS Builder ID (OIDC client registration + device authorization, camelCase JSON) and the social login pasted
// back from its kiro:// redirect, against the mock, with a fake clock.
let bed: OAuthTestBed;
const ORIGIN = "http://127.0.0.1:21900";

before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21905, cxCallbackPort: 21906, fakeClockAt: Date.now() });
});
after(async () => {
  await bed.dispose();
});

function stored(accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), "kr", accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

async function builderIdLogin(steps: number): Promise<{ status: string; connectionId?: string; statuses: string[] }> {
  const started = await bed.service.startDeviceFlow("kr");
  const statuses: string[] = [];
  let last;
  for (let poll = 0; poll < steps; poll++) {
    bed.clock.now += 10_000;
    last = await bed.service.pollDeviceFlow("kr", started.flowId);
    statuses.push(last.status);
  }
  return { status: last!.status, ...(last?.connection === undefined ? {} : { connectionId: last.connection.connectionId }), statuses };
}

async function socialLogin(identityProvider?: string): Promise<string> {
  const started = await bed.service.authorize("kr", { origin: ORIGIN, ...(identityProvider === undefined ? {} : { identityProvider }) });
  const back = await consentAt(started.authorizeUrl);
  const result = await bed.service.exchange("kr", { redirectUrl: back.toString() });
  return result.connection.connectionId;
}

describe("Kiro: AWS Builder ID device login", () => {
  it("registers an OIDC client, authorizes the device with it, polls in camelCase; pending → slow_down → connected", async () => {
    bed.mock.loginAs({ email: "builder@example.com", accountId: "d-9067-builder" });
    bed.mock.subscription.scriptDevice("aws", ["authorization_pending", "slow_down", "approve"]);
    const registrations = bed.mock.subscription.registrations();
    const started = await bed.service.startDeviceFlow("kiro-builder-id");
    assert.equal(bed.mock.subscription.registrations() - registrations, 1);
    assert.equal(started.userCode, "AWSM-OCKS");
    assert.equal(started.verificationUriComplete, `${bed.mock.url}/aws/device?user_code=AWSM-OCKS`);
    assert.equal(started.interval, 1);
    const register = bed.mock.requests.filter((request) => request.path === "/aws/client/register").at(-1)!;
    assert.equal(register.encoding, "json");
    assert.deepEqual(register.body, {
      clientName: "Kiro IDE",
      clientType: "public",
      scopes: ["codewhisperer:completions", "codewhisperer:analysis", "codewhisperer:conversations"],
      grantTypes: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
    });
    const authorization = bed.mock.requests.filter((request) => request.path === "/aws/device_authorization").at(-1)!;
    assert.deepEqual(Object.keys(authorization.body).sort(), ["clientId", "clientSecret", "startUrl"]);
    assert.equal(authorization.body.startUrl, "https://view.awsapps.com/start");

    const statuses: string[] = [];
    for (const wait of [1_000, 1_000, 6_000]) {
      bed.clock.now += wait;
      statuses.push((await bed.service.pollDeviceFlow("kr", started.flowId)).status);
    }
    assert.deepEqual(statuses, ["pending", "slow_down", "connected"]);
    const poll = bed.mock.requests.filter((request) => request.path === "/aws/token").at(-1)!;
    assert.deepEqual(Object.keys(poll.body).sort(), ["clientId", "clientSecret", "deviceCode", "grantType"]);

    const [connection] = bed.service.status("kr");
    assert.equal(connection?.name, "builder@example.com");
    assert.deepEqual(connection?.identity, { email: "builder@example.com", accountId: "d-9067-builder", plan: "KIRO FREE" });
    const { tokens } = stored(connection!.connectionId);
    assert.deepEqual(tokens.extras, { authMethod: "builder-id" });
    assert.equal(tokens.secrets?.clientId, authorization.body.clientId, "the AWS client is kept with the account");
    assert.equal(tokens.secrets?.clientSecret, authorization.body.clientSecret);
    assert.ok(Number(tokens.secrets?.clientSecretExpiresAt) > Date.now() + 89 * 86_400_000);
    const file = readFileSync(bed.dbFile, "utf8");
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!file.includes(secret), "no token or client secret in db.json");
  });

  it("expired: AWS's expired_token and the code's own lifetime; access_denied → denied", async () => {
    bed.mock.subscription.scriptDevice("aws", ["expired_token"]);
    assert.equal((await builderIdLogin(1)).status, "expired");
    bed.mock.subscription.scriptDevice("aws", ["access_denied"]);
    assert.equal((await builderIdLogin(1)).status, "denied");
    const started = await bed.service.startDeviceFlow("kr");
    bed.clock.now += 600_000;
    assert.equal((await bed.service.pollDeviceFlow("kr", started.flowId)).status, "expired");
  });

  it("refresh: 5 minutes early, one call for 20 concurrent requests, with the stored client; rotation stored", async () => {
    const accountId = bed.service.status("kr").find((connection) => connection.name === "builder@example.com")!.connectionId;
    const before = stored(accountId).tokens;
    bed.clock.now = before.expiresAt! - 4 * 60_000;
    const calls = bed.mock.subscription.refreshCalls("aws");
    const credentials = bed.service.credentialsFor("kr", accountId)!;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => credentials.current()));
    assert.equal(bed.mock.subscription.refreshCalls("aws") - calls, 1);
    const after = stored(accountId).tokens;
    assert.notEqual(after.refreshToken, before.refreshToken);
    assert.deepEqual(after.secrets, before.secrets);
    assert.ok(sessions.every((session) => session.accessToken === after.accessToken && session.extras.authMethod === "builder-id"));
    const refresh = bed.mock.requests.filter((request) => request.path === "/aws/token" && request.body.grantType === "refresh_token").at(-1)!;
    assert.deepEqual(refresh.body, { clientId: before.secrets?.clientId, clientSecret: before.secrets?.clientSecret, refreshToken: before.refreshToken, grantType: "refresh_token" });
  });

  it("an expired AWS client registration ends as auth-failed saying so; the reconnect registers anew, same account", async () => {
    const accountId = bed.service.status("kr").find((connection) => connection.name === "builder@example.com")!.connectionId;
    bed.mock.subscription.expireAwsClients();
    await assert.rejects(bed.service.credentialsFor("kr", accountId)!.refreshAfterRejection(stored(accountId).tokens.accessToken).then((session) => {
      if (session === undefined) throw new Error("refused");
    }));
    const failed = bed.service.status("kr").find((connection) => connection.connectionId === accountId)!;
    assert.equal(failed.status, "auth-failed");
    assert.match(failed.statusReason ?? "", /AWS client registration .* expired/);

    const registrations = bed.mock.subscription.registrations();
    const again = await builderIdLogin(1);
    assert.equal(again.connectionId, accountId, "same identity: the same account");
    assert.equal(bed.mock.subscription.registrations() - registrations, 1);
    assert.equal(bed.service.status("kr").find((connection) => connection.connectionId === accountId)?.status, "active");
  });

  it("past the registration's own expiry no refresh is even tried", async () => {
    const accountId = bed.service.status("kr").find((connection) => connection.name === "builder@example.com")!.connectionId;
    const calls = bed.mock.subscription.refreshCalls("aws");
    bed.clock.now = Number(stored(accountId).tokens.secrets?.clientSecretExpiresAt) + 1;
    await assert.rejects(bed.service.credentialsFor("kr", accountId)!.current(), (error: unknown) => GatewayError.isInstance(error) && error.code === "upstream_auth_failed");
    assert.equal(bed.mock.subscription.refreshCalls("aws"), calls);
    assert.match(bed.service.status("kr").find((connection) => connection.connectionId === accountId)?.statusReason ?? "", /register a new one/);
  });
});

describe("Kiro: social login (paste the kiro:// redirect)", () => {
  it("offers Google and Github; authorize builds Kiro's login URL and always completes by paste", async () => {
    assert.deepEqual(bed.service.capabilities("kr"), { authorize: true, manual: true, deviceCode: true, import: false, localImport: false, identityProviders: ["Google", "Github"] });
    const started = await bed.service.authorize("kr", { origin: ORIGIN, identityProvider: "github" });
    assert.equal(started.completion, "paste");
    assert.equal(started.redirectUri, "kiro://kiro.kiroAgent/authenticate-success");
    const url = new URL(started.authorizeUrl);
    assert.equal(url.origin + url.pathname, `${bed.mock.url}/kiro-auth/login`);
    assert.deepEqual([...url.searchParams.keys()].sort(), ["code_challenge", "code_challenge_method", "idp", "prompt", "redirect_uri", "state"]);
    assert.equal(url.searchParams.get("idp"), "Github");
    assert.equal(url.searchParams.get("prompt"), "select_account");
    await assert.rejects(bed.service.authorize("kr", { origin: ORIGIN, identityProvider: "facebook" }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400);
    await assert.rejects(bed.service.authorize("cc", { origin: ORIGIN, identityProvider: "Google" }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400);
  });

  let accountId: string;
  it("the pasted kiro:// URL connects: profileArn and the social API host are kept, identity from getUsageLimits", async () => {
    bed.mock.loginAs({ email: "social@example.com", accountId: "kiro-social-user-1" });
    accountId = await socialLogin();
    const connection = bed.service.status("kr").find((entry) => entry.connectionId === accountId)!;
    assert.deepEqual(connection.identity, { email: "social@example.com", accountId: "kiro-social-user-1", plan: "KIRO FREE" });
    const { tokens } = stored(accountId);
    assert.deepEqual(tokens.extras, { authMethod: "social", profileArn: KIRO_SOCIAL_PROFILE_ARN, apiEndpoint: `${bed.mock.url}/kiro-runtime` });
    const exchange = bed.mock.requests.filter((request) => request.path === "/kiro-auth/oauth/token").at(-1)!;
    assert.equal(exchange.encoding, "json");
    assert.deepEqual(Object.keys(exchange.body).sort(), ["code", "code_verifier", "redirect_uri"]);
    assert.equal((await socialLogin("Google")) === accountId, true, "a reconnect updates the same account");
    // The dashboard sends what does not start with http(s):// as a code: the kiro:// link is still read as a URL.
    const started = await bed.service.authorize("kr", { origin: ORIGIN });
    const back = await consentAt(started.authorizeUrl);
    const viaCode = await bed.service.exchange("kr", { code: back.toString(), state: started.state });
    assert.equal(viaCode.connection.connectionId, accountId);
  });

  it("refresh through Kiro's refreshToken endpoint; a refusal marks auth-failed", async () => {
    const before = stored(accountId).tokens;
    bed.clock.now = Math.max(bed.clock.now, before.expiresAt! - 60_000);
    const calls = bed.mock.subscription.refreshCalls("kiro-social");
    const session = await bed.service.credentialsFor("kr", accountId)!.current();
    assert.equal(bed.mock.subscription.refreshCalls("kiro-social") - calls, 1);
    assert.notEqual(session.accessToken, before.accessToken);
    assert.equal(session.extras.profileArn, KIRO_SOCIAL_PROFILE_ARN);
    const refresh = bed.mock.requests.filter((request) => request.path === "/kiro-auth/refreshToken").at(-1)!;
    assert.deepEqual(refresh.body, { refreshToken: before.refreshToken });

    bed.clock.now = stored(accountId).tokens.expiresAt! + 1;
    bed.mock.subscription.failNext("kiro-social", { status: 401, json: { message: "Invalid refresh token" } });
    await assert.rejects(bed.service.credentialsFor("kr", accountId)!.current());
    assert.equal(bed.service.status("kr").find((entry) => entry.connectionId === accountId)?.status, "auth-failed");
  });

  it("quota: used of each limit from getUsageLimits, and the free trial", async () => {
    accountId = await socialLogin();
    const session = await bed.service.credentialsFor("kr", accountId)!.current();
    const windows = await bed.service.fetchUpstreamQuota("kr", session, accountId);
    assert.deepEqual(windows, [
      { name: "AGENTIC_REQUEST", usedPercent: 25, used: 12.5, limit: 50, unit: "requests", resetsAt: 1_893_456_000_000 },
      { name: "AGENTIC_REQUEST-free-trial", usedPercent: 8, used: 40, limit: 500, unit: "requests", resetsAt: 1_894_000_000_000 },
    ]);
  });
});
