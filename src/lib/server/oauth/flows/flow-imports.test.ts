import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OAuthFlowError } from "../oauth-flow-error";
import { claudeCodeFlow } from "./claude-code-flow";
import { codexIdentityOf, readCodexIdToken } from "./codex-id-token";
import { codexFlow } from "./codex-flow";
import { geminiCliFlow } from "./gemini-cli-flow";

const NOW = 1_800_000_000_000;
const jwt = (payload: object) => `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
const badInput = (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400;

describe("token import (pasted file content, never a path)", () => {
  it("Claude Code .credentials.json", () => {
    const imported = claudeCodeFlow.importCredentials!(
      JSON.stringify({ claudeAiOauth: { accessToken: "sk-ant-oat01-a", refreshToken: "sk-ant-ort01-r", expiresAt: NOW + 1000, scopes: ["user:inference", "user:profile"], subscriptionType: "max" } }),
      NOW,
    );
    assert.deepEqual(imported, {
      tokens: { accessToken: "sk-ant-oat01-a", refreshToken: "sk-ant-ort01-r", expiresAt: NOW + 1000, scope: "user:inference user:profile", obtainedAt: NOW, extras: {} },
      hints: { plan: "max" },
    });
    assert.throws(() => claudeCodeFlow.importCredentials!({ something: 1 }, NOW), badInput);
    assert.throws(() => claudeCodeFlow.importCredentials!("x".repeat(70_000), NOW), badInput);
  });

  it("Codex auth.json: expiry from the access token, account from the file, 8-day clock from last_refresh", () => {
    const access = jwt({ exp: NOW / 1000 + 600 });
    const imported = codexFlow.importCredentials!(
      { OPENAI_API_KEY: null, tokens: { id_token: jwt({ email: "a@b.c" }), access_token: access, refresh_token: "rt", account_id: "ws-9" }, last_refresh: new Date(NOW - 5_000).toISOString() },
      NOW,
    );
    assert.equal(imported.tokens.expiresAt, NOW + 600_000);
    assert.equal(imported.tokens.obtainedAt, NOW - 5_000);
    assert.deepEqual(imported.tokens.extras, { chatgptAccountId: "ws-9" });
    assert.throws(() => codexFlow.importCredentials!({ OPENAI_API_KEY: "sk-1" }, NOW), (error: unknown) => badInput(error) && /API key/.test((error as Error).message));
  });

  it("Gemini CLI oauth_creds.json", () => {
    const imported = geminiCliFlow.importCredentials!({ access_token: "ya29.a", refresh_token: "1//r", expiry_date: NOW + 3_000, scope: "s", token_type: "Bearer" }, NOW);
    assert.equal(imported.tokens.expiresAt, NOW + 3_000);
    assert.equal(imported.tokens.refreshToken, "1//r");
    assert.throws(() => geminiCliFlow.importCredentials!({ access_token: "ya29.a" }, NOW), badInput);
  });
});

describe("Codex id token", () => {
  it("reads email, workspace and plan; tolerates junk", () => {
    const claims = readCodexIdToken(
      jwt({ "https://api.openai.com/profile": { email: "p@x.y" }, "https://api.openai.com/auth": { chatgpt_account_id: "ws", chatgpt_plan_type: "pro", chatgpt_user_id: "u" } }),
    );
    assert.deepEqual(claims, { email: "p@x.y", chatgptAccountId: "ws", chatgptPlanType: "pro", chatgptUserId: "u" });
    assert.deepEqual(codexIdentityOf(claims), { email: "p@x.y", accountId: "ws", plan: "pro" });
    assert.deepEqual(readCodexIdToken("not-a-jwt"), {});
    assert.deepEqual(readCodexIdToken("a.b.c"), {});
    assert.deepEqual(readCodexIdToken(undefined), {});
  });
});
