import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GatewayError } from "../../../../../open-sse/src/core/gateway-error";
import { createOAuthTestBed, type OAuthTestBed } from "../../../../../tester/mock-oauth/oauth-test-kit";
import { SUBSCRIPTION_II_CLIENTS } from "../../../../../tester/mock-oauth/subscription-ii-oauth-routes";
import { findOAuthAccount } from "../oauth-connections";
import { decryptTokenSet } from "../oauth-token-set";

// Qwen Code's device flow with PKCE (the mock checks the verifier against the challenge) and its refresh.
let bed: OAuthTestBed;

before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21903, cxCallbackPort: 21904, fakeClockAt: Date.now() });
});
after(async () => {
  await bed.dispose();
});

function stored(accountId: string) {
  const account = findOAuthAccount(bed.configDb.read(), "qw", accountId)!;
  return { account, tokens: decryptTokenSet(account.oauth.credentialsEncrypted, bed.storageKey) };
}

async function connectQwen(label?: string): Promise<string> {
  const started = await bed.service.startDeviceFlow("qw", label === undefined ? {} : { label });
  bed.clock.now += 5_000;
  const result = await bed.service.pollDeviceFlow("qw", started.flowId);
  assert.equal(result.status, "connected", JSON.stringify(result));
  return result.connection!.connectionId;
}

describe("Qwen Code: device flow with PKCE", () => {
  it("sends the challenge (form, x-request-id), polls every 5 s when Qwen names no interval, and says the free tier ended", async () => {
    const started = await bed.service.startDeviceFlow("qwen-device");
    assert.equal(started.interval, 5);
    assert.equal(started.verificationUriComplete, `${bed.mock.url}/qwen/authorize?user_code=QWEN-MOCK&client=qwen-code`);
    const request = bed.mock.requests.find((entry) => entry.path === "/qwen/api/v1/oauth2/device/code")!;
    assert.equal(request.encoding, "form");
    assert.equal(request.body.client_id, SUBSCRIPTION_II_CLIENTS.qwen);
    assert.equal(request.body.scope, "openid profile email model.completion");
    assert.equal(request.body.code_challenge_method, "S256");
    assert.match(String(request.body.code_challenge), /^[A-Za-z0-9_-]{43}$/);
    assert.match(String(request.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    assert.match(bed.service.notice("qw") ?? "", /free tier on 2026-04-15/);
  });

  it("pending (400) → slow_down (429) → connected with the verifier; resource_url becomes extras.resourceUrl", async () => {
    bed.mock.subscription.scriptDevice("qwen", ["authorization_pending", "slow_down", "approve"]);
    const started = await bed.service.startDeviceFlow("qw", { label: "work" });
    bed.clock.now += 5_000;
    assert.deepEqual(await bed.service.pollDeviceFlow("qw", started.flowId), { status: "pending", interval: 5 });
    bed.clock.now += 5_000;
    assert.deepEqual(await bed.service.pollDeviceFlow("qw", started.flowId), { status: "slow_down", interval: 10 });
    bed.clock.now += 10_000;
    const done = await bed.service.pollDeviceFlow("qw", started.flowId);
    assert.equal(done.status, "connected", JSON.stringify(done));
    assert.equal(done.connection?.name, "Qwen Code work", "the login names no account: the label does");
    const { tokens } = stored(done.connection!.connectionId);
    assert.deepEqual(tokens.extras, { resourceUrl: "portal.qwen.ai" });
    assert.match(tokens.refreshToken ?? "", /^qwen-rt-/);
    const polls = bed.mock.requests.filter((request) => request.path === "/qwen/api/v1/oauth2/token");
    assert.ok(polls.every((poll) => typeof poll.body.code_verifier === "string" && poll.body.grant_type === "urn:ietf:params:oauth:grant-type:device_code"));
    const file = readFileSync(bed.dbFile, "utf8");
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!file.includes(secret), "no token in db.json");
  });

  it("expired: Qwen's expired_token, and the code's own lifetime", async () => {
    bed.mock.subscription.scriptDevice("qwen", ["expired_token"]);
    const first = await bed.service.startDeviceFlow("qw");
    bed.clock.now += 5_000;
    assert.equal((await bed.service.pollDeviceFlow("qw", first.flowId)).status, "expired");
    const second = await bed.service.startDeviceFlow("qw");
    bed.clock.now += 600_000;
    assert.equal((await bed.service.pollDeviceFlow("qw", second.flowId)).status, "expired");
  });

  it("the same label reconnects the same account; no label is a new one", async () => {
    const before = bed.service.status("qw").length;
    await connectQwen("work");
    assert.equal(bed.service.status("qw").length, before);
    await connectQwen();
    assert.equal(bed.service.status("qw").length, before + 1);
  });
});

describe("Qwen Code: refresh", () => {
  let accountId: string;
  before(() => {
    accountId = bed.service.status("qw").find((connection) => connection.name === "Qwen Code work")!.connectionId;
  });

  it("30 s before expiry, 20 concurrent current() make one refresh; the refresh token is kept and resource_url updated", async () => {
    const before = stored(accountId).tokens;
    bed.clock.now = before.expiresAt! - 20_000;
    bed.mock.subscription.setQwenResourceUrl("portal-2.qwen.ai");
    const calls = bed.mock.subscription.refreshCalls("qwen");
    const credentials = bed.service.credentialsFor("qw", accountId)!;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => credentials.current()));
    assert.equal(bed.mock.subscription.refreshCalls("qwen") - calls, 1);
    const after = stored(accountId).tokens;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.equal(after.refreshToken, before.refreshToken, "Qwen sent no new refresh token: the old one stays");
    assert.equal(after.extras.resourceUrl, "portal-2.qwen.ai");
    assert.ok(sessions.every((session) => session.extras.resourceUrl === "portal-2.qwen.ai"));
    const refresh = bed.mock.requests.filter((request) => request.path === "/qwen/api/v1/oauth2/token" && request.body.grant_type === "refresh_token").at(-1)!;
    assert.equal(refresh.encoding, "form");
    assert.deepEqual(Object.keys(refresh.body).sort(), ["client_id", "grant_type", "refresh_token"]);
  });

  it("a refused refresh (400 invalid_grant) marks the account auth-failed", async () => {
    const credentials = bed.service.credentialsFor("qw", accountId)!;
    bed.clock.now = stored(accountId).tokens.expiresAt! + 1;
    bed.mock.subscription.failNext("qwen", { status: 400, json: { error: "invalid_grant", error_description: "expired" } });
    await assert.rejects(credentials.current(), (error: unknown) => GatewayError.isInstance(error) && error.code === "upstream_auth_failed");
    const connection = bed.service.status("qw").find((entry) => entry.connectionId === accountId);
    assert.equal(connection?.status, "auth-failed");
    assert.match(connection?.statusReason ?? "", /invalid_grant/);
    await connectQwen("work");
    assert.equal(bed.service.status("qw").find((entry) => entry.connectionId === accountId)?.status, "active", "a reconnect brings it back");
  });
});
