// The mock must refuse what the real servers refuse, or the flow tests would pass for nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { challengeOf, MOCK_CLIENTS, startMockOAuth, type MockOAuthServer } from "./mock-oauth-server";

let mock: MockOAuthServer;
before(async () => {
  mock = await startMockOAuth();
});
after(async () => {
  await mock.close();
});

async function authorizeCode(verifier: string, redirectUri = "http://localhost:21240/callback"): Promise<string> {
  const url = new URL(`${mock.url}/anthropic/oauth/authorize`);
  const params = { client_id: MOCK_CLIENTS.anthropic, response_type: "code", redirect_uri: redirectUri, code_challenge: challengeOf(verifier), code_challenge_method: "S256", state: "s" };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await request(url, { method: "GET" });
  await response.body.text();
  assert.equal(response.statusCode, 302);
  return new URL(String(response.headers.location)).searchParams.get("code")!;
}

async function token(body: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await request(`${mock.url}/anthropic/v1/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  token({ grant_type: "authorization_code", code, redirect_uri: "http://localhost:21240/callback", client_id: MOCK_CLIENTS.anthropic, code_verifier: verifier, state: "s", ...extra });

describe("mock OAuth server", () => {
  it("refuses a wrong PKCE verifier, a wrong redirect URI and a reused code", async () => {
    assert.equal((await exchange(await authorizeCode("right-verifier"), "wrong-verifier")).status, 400);
    assert.equal((await exchange(await authorizeCode("v1"), "v1", { redirect_uri: "http://localhost:1/other" })).status, 400);
    const code = await authorizeCode("v2");
    assert.equal((await exchange(code, "v2")).status, 200);
    assert.equal((await exchange(code, "v2")).status, 400);
  });

  it("refuses an unknown client id at authorize and at the token endpoint", async () => {
    const response = await request(`${mock.url}/anthropic/oauth/authorize?client_id=someone-else&response_type=code&redirect_uri=http://localhost/x&code_challenge=c&code_challenge_method=S256&state=s`);
    await response.body.text();
    assert.equal(response.statusCode, 400);
    assert.equal((await exchange(await authorizeCode("v3"), "v3", { client_id: "someone-else" })).status, 401);
  });

  it("rotates refresh tokens, refuses a replayed one, and counts refresh grants", async () => {
    const first = await exchange(await authorizeCode("v4"), "v4");
    const refreshToken = String(first.json.refresh_token);
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: MOCK_CLIENTS.anthropic });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.refresh_token, refreshToken);
    assert.equal((await token({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: MOCK_CLIENTS.anthropic })).status, 400);
    assert.equal(mock.refreshCalls("anthropic"), 2);
  });

  it("Google: refuses a non-loopback redirect", async () => {
    const url = `${mock.url}/google/o/oauth2/v2/auth?client_id=${MOCK_CLIENTS.googleGeminiCli}&response_type=code&redirect_uri=https://evil.example/cb&code_challenge=c&code_challenge_method=S256&state=s`;
    const response = await request(url);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(await response.body.json(), { error: "redirect_uri_mismatch" });
  });
});
