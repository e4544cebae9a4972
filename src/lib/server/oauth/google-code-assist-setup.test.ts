import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setUpCodeAssist } from "./google-code-assist-setup";
import { OAuthFlowError } from "./oauth-flow-error";
import type { OAuthHttp, OAuthHttpRequest } from "./oauth-http";

/** A scripted Code Assist: one answer per call, in order; the calls are recorded. */
function scripted(answers: { status?: number; json: unknown }[]): { http: OAuthHttp; calls: OAuthHttpRequest[] } {
  const calls: OAuthHttpRequest[] = [];
  const http: OAuthHttp = async (request) => {
    calls.push(request);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected call ${request.method} ${request.url}`);
    return { status: answer.status ?? 200, headers: {}, text: JSON.stringify(answer.json), json: answer.json };
  };
  return { http, calls };
}

const base = {
  baseUrl: "https://cloudcode.example/v1internal",
  accessToken: "ya29.test",
  route: { providerId: "gc" },
  metadata: { ideType: "IDE_UNSPECIFIED", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" },
  fallbackTierId: "legacy-tier",
  sleep: async () => undefined,
};

describe("Code Assist project setup", () => {
  it("an onboarded user: the project from loadCodeAssist, the paid tier before the current one", async () => {
    const { http, calls } = scripted([{ json: { currentTier: { id: "free-tier" }, paidTier: { id: "g1-pro-tier" }, cloudaicompanionProject: "proj-7" } }]);
    assert.deepEqual(await setUpCodeAssist({ ...base, http }), { projectId: "proj-7", tierId: "g1-pro-tier" });
    assert.equal(calls[0]?.url, "https://cloudcode.example/v1internal:loadCodeAssist");
    assert.deepEqual(calls[0]?.json, { metadata: base.metadata });
    assert.equal(calls[0]?.headers?.authorization, "Bearer ya29.test");
  });

  it("a new user: onboards the default tier and polls the operation until done", async () => {
    const { http, calls } = scripted([
      { json: { allowedTiers: [{ id: "standard-tier" }, { id: "free-tier", isDefault: true }] } },
      { json: { name: "operations/abc", done: false } },
      { json: { name: "operations/abc", done: false } },
      { json: { name: "operations/abc", done: true, response: { cloudaicompanionProject: { id: "proj-new", name: "x" } } } },
    ]);
    assert.deepEqual(await setUpCodeAssist({ ...base, http }), { projectId: "proj-new", tierId: "free-tier" });
    assert.deepEqual(calls.map((call) => `${call.method} ${call.url}`), [
      "POST https://cloudcode.example/v1internal:loadCodeAssist",
      "POST https://cloudcode.example/v1internal:onboardUser",
      "GET https://cloudcode.example/v1internal/operations/abc",
      "GET https://cloudcode.example/v1internal/operations/abc",
    ]);
    assert.deepEqual(calls[1]?.json, { tierId: "free-tier", metadata: base.metadata });
  });

  it("an operation without a name is asked again (Antigravity's way)", async () => {
    const { http, calls } = scripted([
      { json: {} },
      { json: { done: false } },
      { json: { done: true, response: { cloudaicompanionProject: "proj-ag" } } },
    ]);
    assert.deepEqual(await setUpCodeAssist({ ...base, http, fallbackTierId: "free-tier" }), { projectId: "proj-ag", tierId: "free-tier" });
    assert.equal(calls.filter((call) => call.url.endsWith(":onboardUser")).length, 2);
  });

  it("an account that must be verified first says where", async () => {
    const { http } = scripted([
      { json: { ineligibleTiers: [{ reasonCode: "VALIDATION_REQUIRED", reasonMessage: "Verify your account", validationUrl: "https://accounts.google.example/verify" }] } },
    ]);
    await assert.rejects(setUpCodeAssist({ ...base, http }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 403 && error.message.includes("https://accounts.google.example/verify"));
  });

  it("a tier without a project (Workspace) is a clear 403 with Google's reason", async () => {
    const { http } = scripted([{ json: { currentTier: { id: "standard-tier" }, ineligibleTiers: [{ reasonMessage: "Your organization needs a project" }] } }]);
    await assert.rejects(setUpCodeAssist({ ...base, http }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 403 && /Your organization needs a project/.test(error.message));
  });

  it("an error answer is a 502, and onboarding that never finishes is a 504", async () => {
    await assert.rejects(setUpCodeAssist({ ...base, http: scripted([{ status: 403, json: { error: {} } }]).http }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 502);
    const endless = scripted([{ json: {} }, ...Array.from({ length: 20 }, () => ({ json: { name: "operations/x", done: false } }))]);
    await assert.rejects(setUpCodeAssist({ ...base, http: endless.http, maxPolls: 3 }), (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 504);
  });
});
