import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../../../../open-sse/src/core/gateway-error";
import { createOAuthTestBed, type OAuthTestBed } from "../../../../../tester/mock-oauth/oauth-test-kit";
import { SUBSCRIPTION_II_CLIENTS } from "../../../../../tester/mock-oauth/subscription-ii-oauth-routes";
import { findOAuthAccount } from "../oauth-connections";
import { decryptTokenSet } from "../oauth-token-set";
import { QuotaFetchError } from "../quota/fetch-upstream-quota";

// GitHub's device flow and the Copilot token exchange against the mock, with a fake clock (no real waiting).
let bed: OAuthTestBed;
const T0 = Date.now();

before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21901, cxCallbackPort: 21902, fakeClockAt: T0 });
});
after(async () => {
  await bed.dispose();
});

function stored(accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), "gh", accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

function tokenPolls(): number {
  return bed.mock.requests.filter((request) => request.path === "/github/login/oauth/access_token" && request.body.grant_type !== "refresh_token").length;
}

/** Starts a device login and polls it through `steps` polls, moving the clock by the interval each time. */
async function deviceLogin(steps: number): Promise<{ flowId: string; results: string[] }> {
  const started = await bed.service.startDeviceFlow("gh");
  const results: string[] = [];
  for (let poll = 0; poll < steps; poll++) {
    bed.clock.now += 10_000;
    results.push((await bed.service.pollDeviceFlow("gh", started.flowId)).status);
  }
  return { flowId: started.flowId, results };
}

describe("GitHub Copilot: device flow", () => {
  it("asks GitHub for a code the way the VS Code client does, and shows code, page, expiry and interval", async () => {
    const started = await bed.service.startDeviceFlow("github-device");
    assert.equal(started.userCode, "GHMO-CK42");
    assert.equal(started.verificationUri, `${bed.mock.url}/github/login/device`);
    assert.equal(started.interval, 5);
    assert.equal(Date.parse(started.expiresAt), bed.clock.now + 900_000);
    const request = bed.mock.requests.find((entry) => entry.path === "/github/login/device/code");
    assert.equal(request?.encoding, "form");
    assert.deepEqual(request?.body, { client_id: SUBSCRIPTION_II_CLIENTS.github, scope: "read:user" });
    assert.deepEqual(bed.service.capabilities("gh"), { authorize: false, manual: false, deviceCode: true, import: false, localImport: false, identityProviders: [] });
  });

  it("pending → slow_down (GitHub's 200 + error, new interval) → connected; the Copilot token is what is stored", async () => {
    bed.mock.loginAs({ email: "octo@example.com", accountId: "1001", plan: "copilot_individual" });
    bed.mock.subscription.scriptDevice("github", ["authorization_pending", "slow_down", "approve"]);
    const started = await bed.service.startDeviceFlow("gh");
    const pollsBefore = tokenPolls();
    assert.deepEqual(await bed.service.pollDeviceFlow("gh", started.flowId), { status: "pending", interval: 5 });
    assert.equal(tokenPolls(), pollsBefore, "a poll before the interval never reaches GitHub");
    bed.clock.now += 5_000;
    assert.equal((await bed.service.pollDeviceFlow("gh", started.flowId)).status, "pending");
    bed.clock.now += 5_000;
    const slowed = await bed.service.pollDeviceFlow("gh", started.flowId);
    assert.deepEqual(slowed, { status: "slow_down", interval: 10 });
    bed.clock.now += 9_000;
    assert.equal((await bed.service.pollDeviceFlow("gh", started.flowId)).status, "slow_down", "still inside the longer interval");
    assert.equal(tokenPolls(), pollsBefore + 2);
    bed.clock.now += 1_000;
    const done = await bed.service.pollDeviceFlow("gh", started.flowId);
    assert.equal(done.status, "connected", JSON.stringify(done));
    assert.equal(done.connection?.name, "octo@example.com");
    assert.deepEqual(done.connection?.identity, { email: "octo@example.com", accountId: "1001", plan: "copilot_individual" });

    const { tokens } = stored(done.connection!.connectionId);
    assert.match(tokens.accessToken, /^tid=mock;/, "the upstream is called with the Copilot token");
    assert.match(tokens.secrets?.githubToken ?? "", /^ghu_mock/, "the GitHub token is kept as the long-lived credential");
    assert.equal(tokens.refreshToken, null);
    assert.equal(tokens.extras.apiEndpoint, `${bed.mock.url}/copilot-api`);
    assert.equal(tokens.refreshAt, bed.clock.now + (1500 - 60) * 1000, "refresh_in − 60 s after the exchange");
    const exchange = bed.mock.requests.find((request) => request.path === "/github/api/copilot_internal/v2/token");
    assert.match(exchange?.authorization ?? "", /^token ghu_mock/);
    assert.equal(exchange?.headers["editor-version"], "vscode/1.110.0");

    const file = readFileSync(bed.dbFile, "utf8");
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!file.includes(secret), "no token in db.json");
  });

  it("expired: GitHub's expired_token, and a code whose lifetime passed without asking GitHub", async () => {
    bed.mock.subscription.scriptDevice("github", ["authorization_pending", "expired_token"]);
    const { flowId, results } = await deviceLogin(2);
    assert.deepEqual(results, ["pending", "expired"]);
    assert.equal((await bed.service.pollDeviceFlow("gh", flowId)).status, "expired", "the outcome is kept");

    const started = await bed.service.startDeviceFlow("gh");
    const polls = tokenPolls();
    bed.clock.now += 900_000;
    assert.equal((await bed.service.pollDeviceFlow("gh", started.flowId)).status, "expired");
    assert.equal(tokenPolls(), polls);
  });

  it("access_denied ends as denied; an account without a Copilot seat ends with GitHub's notice", async () => {
    bed.mock.subscription.scriptDevice("github", ["access_denied"]);
    assert.deepEqual((await deviceLogin(1)).results, ["denied"]);

    bed.mock.loginAs({ email: "noseat@example.com", accountId: "1002", plan: "none" });
    const started = await bed.service.startDeviceFlow("gh");
    bed.clock.now += 5_000;
    const result = await bed.service.pollDeviceFlow("gh", started.flowId);
    assert.equal(result.status, "error");
    assert.match(result.message ?? "", /no_copilot_access: You do not have access to GitHub Copilot/);
    assert.equal(bed.service.status("gh").some((connection) => connection.name === "noseat@example.com"), false);
  });

  it("reconnecting the same GitHub account updates it instead of adding one", async () => {
    bed.mock.loginAs({ email: "octo@example.com", accountId: "1001", plan: "copilot_business" });
    const before = bed.service.status("gh").length;
    const { results } = await deviceLogin(1);
    assert.deepEqual(results, ["connected"]);
    const after = bed.service.status("gh");
    assert.equal(after.length, before);
    assert.equal(after.find((connection) => connection.name === "octo@example.com")?.identity.plan, "copilot_business");
  });
});

describe("GitHub Copilot: the token exchange as the token manager's refresh", () => {
  let accountId: string;
  before(async () => {
    accountId = bed.service.status("gh").find((connection) => connection.name === "octo@example.com")!.connectionId;
  });

  it("before refresh_in − 60 s the stored Copilot token is used as is", async () => {
    const calls = bed.mock.subscription.exchangeCalls();
    const session = await bed.service.credentialsFor("gh", accountId)!.current();
    assert.equal(session.accessToken, stored(accountId).tokens.accessToken);
    assert.deepEqual({ ...session.extras }, { apiEndpoint: `${bed.mock.url}/copilot-api` }, "the engine never sees the GitHub token");
    assert.equal(bed.mock.subscription.exchangeCalls(), calls);
  });

  it("20 concurrent current() past refresh_in − 60 s make exactly one exchange, stored with the next schedule", async () => {
    const before = stored(accountId).tokens;
    bed.clock.now = before.refreshAt!;
    bed.mock.subscription.setExchangeDelay(50);
    const calls = bed.mock.subscription.exchangeCalls();
    const credentials = bed.service.credentialsFor("gh", accountId)!;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => credentials.current()));
    bed.mock.subscription.setExchangeDelay(0);
    assert.equal(bed.mock.subscription.exchangeCalls() - calls, 1);
    const after = stored(accountId).tokens;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.ok(sessions.every((session) => session.accessToken === after.accessToken));
    // refresh_in − 60 s after the exchange, never later than a minute before the token's own expiry.
    assert.equal(after.refreshAt, Math.min(bed.clock.now + 1_440_000, after.expiresAt! - 60_000));
    assert.ok(after.refreshAt! > bed.clock.now);
    assert.equal(after.secrets?.githubToken, before.secrets?.githubToken, "the GitHub token stays");
  });

  it("a 401 from the Copilot API exchanges once; a token already replaced is not exchanged again", async () => {
    const credentials = bed.service.credentialsFor("gh", accountId)!;
    const current = (await credentials.current()).accessToken;
    const calls = bed.mock.subscription.exchangeCalls();
    const results = await Promise.all(Array.from({ length: 10 }, () => credentials.refreshAfterRejection(current)));
    assert.equal(bed.mock.subscription.exchangeCalls() - calls, 1);
    assert.ok(results.every((session) => session !== undefined && session.accessToken !== current));
    assert.equal((await credentials.refreshAfterRejection(current))?.accessToken, results[0]?.accessToken);
    assert.equal(bed.mock.subscription.exchangeCalls() - calls, 1);
  });

  it("a transient exchange failure keeps the account and the still-valid token", async () => {
    const credentials = bed.service.credentialsFor("gh", accountId)!;
    const token = stored(accountId).tokens;
    bed.clock.now = token.refreshAt! + 1_000;
    bed.mock.subscription.failNext("copilot-exchange", { status: 502, json: { message: "bad gateway" } });
    const session = await credentials.current();
    assert.equal(session.accessToken, token.accessToken);
    assert.equal(stored(accountId).account.oauth.status, "active");
  });

  it("quota: the premium-request allowance from the user endpoint, with the GitHub token", async () => {
    const session = await bed.service.credentialsFor("gh", accountId)!.current();
    const windows = await bed.service.fetchUpstreamQuota("gh", session, accountId);
    assert.deepEqual(windows, [{ name: "premium_interactions", usedPercent: 25, used: 75, limit: 300, unit: "requests", resetsAt: Date.parse("2030-02-01T00:00:00.000Z") }]);
    const call = bed.mock.requests.filter((request) => request.path === "/github/api/copilot_internal/user").at(-1);
    assert.match(call?.authorization ?? "", /^token ghu_mock/);
    await assert.rejects(bed.service.fetchUpstreamQuota("gh", session), QuotaFetchError);
  });

  it("GitHub refusing the seat on refresh marks the account auth-failed with GitHub's notice", async () => {
    const credentials = bed.service.credentialsFor("gh", accountId)!;
    bed.clock.now += 30 * 60_000;
    bed.mock.subscription.failNext("copilot-exchange", {
      status: 403,
      json: { error_details: { notification_id: "no_copilot_access", message: "You do not have access to GitHub Copilot." } },
    });
    await assert.rejects(credentials.current(), (error: unknown) => GatewayError.isInstance(error) && error.code === "upstream_auth_failed");
    const [connection] = bed.service.status("gh").filter((entry) => entry.connectionId === accountId);
    assert.equal(connection?.status, "auth-failed");
    assert.match(connection?.statusReason ?? "", /no_copilot_access: You do not have access to GitHub Copilot\. \(HTTP 403\)/);
  });

  it("a GitHub App's expiring token is refreshed at GitHub before the exchange", async () => {
    bed.mock.subscription.setGitHubExpiringTokens(true);
    bed.mock.loginAs({ email: "app@example.com", accountId: "1003" });
    const { results } = await deviceLogin(1);
    assert.deepEqual(results, ["connected"]);
    const id = bed.service.status("gh").find((connection) => connection.name === "app@example.com")!.connectionId;
    const before = stored(id).tokens;
    assert.equal(Number(before.secrets?.githubExpiresAt), bed.clock.now + 28_800_000);
    bed.clock.now += 28_800_000 - 4 * 60_000;
    const refreshes = bed.mock.subscription.refreshCalls("github");
    await bed.service.credentialsFor("gh", id)!.current();
    bed.mock.subscription.setGitHubExpiringTokens(false);
    assert.equal(bed.mock.subscription.refreshCalls("github") - refreshes, 1);
    const after = stored(id).tokens;
    assert.notEqual(after.secrets?.githubToken, before.secrets?.githubToken);
    assert.notEqual(after.secrets?.githubRefreshToken, before.secrets?.githubRefreshToken, "GitHub rotates its refresh token");
    assert.equal(Number(after.secrets?.githubExpiresAt), bed.clock.now + 28_800_000);
    assert.equal(stored(id).account.oauth.status, "active");
  });
});
