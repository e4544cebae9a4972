import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { consentAt, createOAuthTestBed, type OAuthTestBed } from "../../../../tester/mock-oauth/oauth-test-kit";
import { dashboardOrigin, handleOAuthGet, handleOAuthPost, oauthServiceOf } from "./oauth-route-handlers";

const ORIGIN = "http://127.0.0.1:21235";
let bed: OAuthTestBed;
before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: 21236, cxCallbackPort: 21237 });
});
after(async () => {
  await bed.dispose();
});

function post(provider: string, action: string, body: unknown): Promise<Response> {
  // Next rebuilds request.url from its own hostname: the browser's origin comes from the Origin header.
  const request = new Request(`http://localhost:21235/api/oauth/${provider}/${action}`, {
    method: "POST",
    headers: { origin: ORIGIN },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return handleOAuthPost(bed.service, request, provider, action);
}

function get(provider: string, action: string, query = ""): Promise<Response> {
  return handleOAuthGet(bed.service, new Request(`${ORIGIN}/api/oauth/${provider}/${action}${query}`), provider, action);
}

describe("/api/oauth/[provider]/[action]", () => {
  it("finds the service on the runtime only when it is one", () => {
    assert.equal(oauthServiceOf(undefined), undefined);
    assert.equal(oauthServiceOf({ oauth: {} } as never), undefined);
    assert.equal(oauthServiceOf({ oauth: bed.service } as never), bed.service);
  });

  it("authorize → provider → callback → 302 to the dashboard, then status lists the connection", async () => {
    bed.mock.loginAs({ email: "route@example.com", accountId: "google-route" });
    bed.mock.setCodeAssist({ onboarded: true });
    const authorize = await post("gc", "authorize", {});
    assert.equal(authorize.status, 200);
    assert.equal(authorize.headers.get("cache-control"), "no-store");
    const started = (await authorize.json()) as { authorizeUrl: string; redirectUri: string; completion: string };
    assert.equal(started.redirectUri, `${ORIGIN}/api/oauth/gc/callback`);
    const back = await consentAt(started.authorizeUrl);
    const landing = await get("gc", "callback", back.search);
    assert.equal(landing.status, 302);
    assert.equal(landing.headers.get("location"), "/dashboard/providers?connected=gc");

    const status = await get("gc", "status");
    const body = (await status.json()) as { connections: { name: string; status: string }[]; capabilities: Record<string, unknown>; notice: string | null };
    assert.deepEqual(body.capabilities, { authorize: true, manual: true, deviceCode: false, import: true, localImport: false, identityProviders: [] });
    assert.equal(body.notice, null);
    assert.equal(body.connections[0]?.name, "route@example.com");
    const text = JSON.stringify(body);
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!text.includes(secret));
  });

  it("a replayed callback is a 400 error page that escapes what it shows", async () => {
    const page = await get("gc", "callback", "?code=x&state=%3Cscript%3E");
    assert.equal(page.status, 400);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const html = await page.text();
    assert.match(html, /Unknown or already used login state/);
    assert.ok(!html.includes("<script>"));
  });

  it("bad input is a 400 naming the field, never echoing the value", async () => {
    const response = await post("cx", "exchange", { redirectUrl: "", secretField: "sk-should-not-echo" });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.ok(!text.includes("sk-should-not-echo"));
    assert.equal(((JSON.parse(text) as { error: { code: string } }).error.code), "invalid_input");
    assert.equal((await post("cx", "poll", "{not json")).status, 400);
  });

  it("unknown providers and actions are 404s; wrong methods are 405s", async () => {
    assert.equal((await post("nope", "authorize", {})).status, 404);
    assert.equal((await post("cc", "frobnicate", {})).status, 404);
    assert.equal((await get("cc", "authorize")).status, 405);
    assert.equal((await post("cc", "callback", {})).status, 405);
    assert.equal((await post("cc", "device-code", {})).status, 400, "Claude Code has no device login");
  });

  it("disconnect removes it; a second time is a 404", async () => {
    const [connection] = bed.service.status("gc");
    assert.equal((await post("gc", "disconnect", { connectionId: connection!.connectionId })).status, 200);
    assert.equal((await post("gc", "disconnect", { connectionId: connection!.connectionId })).status, 404);
  });

  it("takes the dashboard's origin from Origin, else Host, else the URL", () => {
    assert.equal(dashboardOrigin(new Request("http://localhost:1/x", { headers: { origin: "http://192.168.1.5:20128", host: "192.168.1.5:20128" } })), "http://192.168.1.5:20128");
    assert.equal(dashboardOrigin(new Request("http://localhost:1/x", { headers: { host: "omni.lan:20128" } })), "http://omni.lan:20128");
    assert.equal(dashboardOrigin(new Request("http://localhost:1/x")), "http://localhost:1");
  });

  it("answers 503 when the server attached no OAuth engine", async () => {
    assert.equal((await handleOAuthPost(undefined, new Request(`${ORIGIN}/x`, { method: "POST" }), "cc", "authorize")).status, 503);
  });
});
