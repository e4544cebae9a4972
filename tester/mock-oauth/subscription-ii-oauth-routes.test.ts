// The subscription-II mock servers must refuse what the real ones refuse, or the flow tests would pass for nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { challengeOf, startMockOAuth, type MockOAuthServer } from "./mock-oauth-server";
import { SUBSCRIPTION_II_CLIENTS } from "./subscription-ii-oauth-routes";

let mock: MockOAuthServer;
before(async () => {
  mock = await startMockOAuth();
});
after(async () => {
  await mock.close();
});

async function call(method: "GET" | "POST", path: string, options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: string | undefined;
  if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] = "application/json";
  }
  const response = await request(`${mock.url}${path}`, { method, headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), location: response.headers.location };
}

describe("subscription-II mock servers refuse what the real ones refuse", () => {
  it("GitHub: another client id; the Copilot exchange without a token or editor headers", async () => {
    assert.deepEqual((await call("POST", "/github/login/device/code", { form: { client_id: "someone-else", scope: "read:user" } })).json, { error: "incorrect_client_credentials" });
    assert.equal((await call("GET", "/github/api/copilot_internal/v2/token", { headers: { authorization: "token ghu_unknown", "editor-version": "vscode/1" } })).status, 401);
  });

  it("Qwen: a device code without PKCE, and a poll with a verifier that does not match", async () => {
    assert.equal((await call("POST", "/qwen/api/v1/oauth2/device/code", { form: { client_id: SUBSCRIPTION_II_CLIENTS.qwen } })).status, 400);
    const started = await call("POST", "/qwen/api/v1/oauth2/device/code", { form: { client_id: SUBSCRIPTION_II_CLIENTS.qwen, code_challenge: challengeOf("right-verifier"), code_challenge_method: "S256" } });
    const wrong = await call("POST", "/qwen/api/v1/oauth2/token", {
      form: { client_id: SUBSCRIPTION_II_CLIENTS.qwen, grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: String(started.json.device_code), code_verifier: "wrong-verifier" },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error_description, "PKCE verification failed");
  });

  it("AWS OIDC: a device authorization or token poll with a wrong client secret", async () => {
    const client = await call("POST", "/aws/client/register", { json: { clientName: "Kiro IDE", clientType: "public", scopes: ["codewhisperer:completions"] } });
    assert.equal(client.status, 200);
    assert.equal((await call("POST", "/aws/device_authorization", { json: { clientId: client.json.clientId, clientSecret: "wrong", startUrl: "https://view.awsapps.com/start" } })).status, 401);
    const refused = await call("POST", "/aws/token", { json: { clientId: client.json.clientId, clientSecret: "wrong", deviceCode: "x", grantType: "urn:ietf:params:oauth:grant-type:device_code" } });
    assert.deepEqual(refused.json, { error: "invalid_client" });
  });

  it("iFlow: the token endpoint without HTTP Basic, and an authorize with redirect_uri instead of redirect", async () => {
    const noBasic = await call("POST", "/iflow/oauth/token", {
      form: { grant_type: "authorization_code", code: "x", client_id: SUBSCRIPTION_II_CLIENTS.iflow, client_secret: SUBSCRIPTION_II_CLIENTS.iflowSecret },
    });
    assert.equal(noBasic.status, 401);
    const wrongParameter = await call("GET", `/iflow/oauth?loginMethod=phone&type=phone&client_id=${SUBSCRIPTION_II_CLIENTS.iflow}&redirect_uri=${encodeURIComponent("http://localhost:1/cb")}`);
    assert.equal(wrongParameter.status, 400);
  });

  it("Kiro social: a login without PKCE or with a web redirect", async () => {
    assert.equal((await call("GET", "/kiro-auth/login?idp=Google&redirect_uri=kiro%3A%2F%2Fkiro.kiroAgent%2Fauthenticate-success&state=s")).status, 400);
    assert.equal((await call("GET", `/kiro-auth/login?idp=Google&redirect_uri=${encodeURIComponent("https://evil.example/")}&code_challenge=c&code_challenge_method=S256&state=s`)).status, 400);
  });
});
