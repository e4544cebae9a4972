import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createOAuthTestBed, type OAuthTestBed } from "../../../../tester/mock-oauth/oauth-test-kit";
import { MOCK_CLIENTS } from "../../../../tester/mock-oauth/mock-oauth-server";
import type { OAuthFlowDefinition } from "./oauth-flow-definition";
import { rfc8628DeviceFlow } from "./rfc8628-device-flow";
import type { OAuthHttp } from "./oauth-http";

// A device-only provider as issue #10's (GitHub Copilot, Qwen) will be: the generic RFC 8628 flow against the
// mock's device server, driven through the OAuth service with a fake clock (no real waiting).
function deviceFlow(id: string, mockUrl: string, pkce: boolean): OAuthFlowDefinition {
  return {
    providerId: id,
    displayName: `Device ${id}`,
    apiFormat: "openai-chat",
    endpoints: { clientId: MOCK_CLIENTS.rfc, tokenUrl: `${mockUrl}/rfc/token`, deviceCodeUrl: `${mockUrl}/rfc/device/code`, scopes: ["read:user"] },
    device: rfc8628DeviceFlow({ encoding: "form", pkce }),
    refresh: { marginMs: 60_000, encoding: "form" },
    describeLogin: async (context) => ({ identity: { email: `${id}@example.com`, accountId: context.tokens.accessToken.slice(-6) }, extras: {} }),
  };
}

let bed: OAuthTestBed;
const T0 = 1_900_000_000_000;
before(async () => {
  bed = await createOAuthTestBed({
    ccCallbackPort: 21238,
    cxCallbackPort: 21239,
    fakeClockAt: T0,
    flows: (mockUrl) => ({ dv: deviceFlow("dv", mockUrl, false), dp: deviceFlow("dp", mockUrl, true) }),
  });
});
after(async () => {
  await bed.dispose();
});

function devicePolls(): number {
  return bed.mock.requests.filter((request) => request.path === "/rfc/token").length;
}

describe("RFC 8628 device flow", () => {
  it("pending → slow_down (+5 s) → connected, never polling the provider faster than it allows", async () => {
    bed.mock.scriptRfcDevice(["authorization_pending", "slow_down", "approve"]);
    const started = await bed.service.startDeviceFlow("dv");
    assert.equal(started.userCode, "WDJB-MJHT");
    assert.equal(started.verificationUri, `${bed.mock.url}/rfc/device`);
    assert.equal(started.verificationUriComplete, `${bed.mock.url}/rfc/device?user_code=WDJB-MJHT`);
    assert.equal(started.interval, 1);
    assert.equal(Date.parse(started.expiresAt), T0 + 600_000);
    const authorization = bed.mock.requests.find((request) => request.path === "/rfc/device/code");
    assert.equal(authorization?.encoding, "form");
    assert.deepEqual(authorization?.body, { client_id: MOCK_CLIENTS.rfc, scope: "read:user" });

    assert.deepEqual(await bed.service.pollDeviceFlow("dv", started.flowId), { status: "pending", interval: 1 });
    assert.equal(devicePolls(), 0, "a poll before the interval is answered from memory");
    bed.clock.now = T0 + 1_000;
    assert.equal((await bed.service.pollDeviceFlow("dv", started.flowId)).status, "pending");
    assert.equal(devicePolls(), 1);
    bed.clock.now = T0 + 2_000;
    const slowed = await bed.service.pollDeviceFlow("dv", started.flowId);
    assert.deepEqual(slowed, { status: "slow_down", interval: 6 });
    bed.clock.now = T0 + 7_000;
    assert.equal((await bed.service.pollDeviceFlow("dv", started.flowId)).status, "slow_down", "still inside the longer interval");
    assert.equal(devicePolls(), 2);
    bed.clock.now = T0 + 8_000;
    const done = await bed.service.pollDeviceFlow("dv", started.flowId);
    assert.equal(done.status, "connected");
    assert.equal(done.connection?.identity.email, "dv@example.com");
    const poll = bed.mock.requests.filter((request) => request.path === "/rfc/token").at(-1);
    assert.equal(poll?.body.grant_type, "urn:ietf:params:oauth:grant-type:device_code");
    assert.equal(bed.service.status("dv").length, 1);
  });

  it("expired_token ends the flow as expired; access_denied as denied", async () => {
    bed.mock.scriptRfcDevice(["expired_token"]);
    const expired = await bed.service.startDeviceFlow("dv");
    bed.clock.now += 1_000;
    assert.deepEqual(await bed.service.pollDeviceFlow("dv", expired.flowId), { status: "expired" });
    bed.mock.scriptRfcDevice(["authorization_pending", "access_denied"]);
    const denied = await bed.service.startDeviceFlow("dv");
    bed.clock.now += 1_000;
    assert.equal((await bed.service.pollDeviceFlow("dv", denied.flowId)).status, "pending");
    bed.clock.now += 1_000;
    assert.deepEqual(await bed.service.pollDeviceFlow("dv", denied.flowId), { status: "denied" });
  });

  it("a code past its expires_in is expired without asking the provider", async () => {
    bed.mock.scriptRfcDevice(["authorization_pending"]);
    const started = await bed.service.startDeviceFlow("dv");
    const polls = devicePolls();
    bed.clock.now += 600_001;
    assert.deepEqual(await bed.service.pollDeviceFlow("dv", started.flowId), { status: "expired" });
    assert.equal(devicePolls(), polls);
  });

  it("with PKCE (Qwen): the challenge on the authorization, the verifier on the poll", async () => {
    bed.mock.scriptRfcDevice(["approve"]);
    const started = await bed.service.startDeviceFlow("dp");
    const authorization = bed.mock.requests.filter((request) => request.path === "/rfc/device/code").at(-1);
    assert.equal(authorization?.body.code_challenge_method, "S256");
    bed.clock.now += 1_000;
    assert.equal((await bed.service.pollDeviceFlow("dp", started.flowId)).status, "connected");
    const poll = bed.mock.requests.filter((request) => request.path === "/rfc/token").at(-1);
    assert.equal(typeof poll?.body.code_verifier, "string");
  });
});

describe("RFC 8628 spellings (AWS OIDC: camelCase JSON, exception names)", () => {
  it("reads camelCase answers and AWS error names", async () => {
    const answers = [
      { status: 200, json: { deviceCode: "dc-1", userCode: "ABCD-EFGH", verificationUri: "https://device.example/activate", verificationUriComplete: "https://device.example/activate?user_code=ABCD-EFGH", expiresIn: 600, interval: 2 } },
      { status: 400, json: { error: "authorization_pending", error_description: "pending" } },
      { status: 400, json: { __type: "com.amazonaws#SlowDownException" } },
      { status: 200, json: { accessToken: "aoa-access", refreshToken: "aor-refresh", expiresIn: 3600, tokenType: "Bearer" } },
    ];
    const sent: Record<string, unknown>[] = [];
    const http: OAuthHttp = async (request) => {
      sent.push(request.json as Record<string, unknown>);
      const answer = answers.shift()!;
      return { status: answer.status, headers: {}, text: JSON.stringify(answer.json), json: answer.json };
    };
    const flow = rfc8628DeviceFlow({
      encoding: "json",
      naming: "camel",
      sendScope: false,
      prepare: async () => ({ clientId: "registered-client", clientSecret: "registered-secret" }),
      extraStartParams: (_context, prepared) => ({ clientSecret: prepared.clientSecret ?? "", startUrl: "https://view.awsapps.com/start" }),
      extraPollParams: (_context, state) => ({ clientSecret: state.clientSecret ?? "" }),
    });
    const context = { providerId: "kr", endpoints: { clientId: "unused", tokenUrl: "https://oidc.example/token", deviceCodeUrl: "https://oidc.example/device_authorization", scopes: [] }, http, now: 0 };
    const start = await flow.start(context);
    assert.equal(start.userCode, "ABCD-EFGH");
    assert.equal(start.intervalMs, 2_000);
    assert.deepEqual(sent[0], { clientId: "registered-client", clientSecret: "registered-secret", startUrl: "https://view.awsapps.com/start" });
    assert.deepEqual(await flow.poll(context, start.pollState), { kind: "pending" });
    assert.deepEqual(sent[1], { grantType: "urn:ietf:params:oauth:grant-type:device_code", deviceCode: "dc-1", clientId: "registered-client", clientSecret: "registered-secret" });
    assert.deepEqual(await flow.poll(context, start.pollState), { kind: "slow-down" });
    const done = await flow.poll(context, start.pollState);
    assert.equal(done.kind, "tokens");
    assert.equal(done.kind === "tokens" ? done.response.access_token : undefined, "aoa-access");
    assert.equal(done.kind === "tokens" ? done.response.refresh_token : undefined, "aor-refresh");
  });
});
