import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSubscriptionMock, type SubscriptionMock } from "./subscription-mock";

// The mock must refuse what the real backends refuse, or the integration tests would prove nothing.
let mock: SubscriptionMock;

before(async () => {
  mock = await startSubscriptionMock();
  mock.acceptTokens("good");
});

after(() => mock.close());

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

const claudeHeaders = {
  authorization: "Bearer good",
  "anthropic-beta": "claude-code-20250219,oauth-2025-04-20",
  "anthropic-version": "2023-06-01",
  "x-app": "cli",
  "user-agent": "claude-cli/2.1.197 (external, cli)",
};

describe("subscription mock", () => {
  it("Claude: an unknown token is a 401 in Anthropic's shape; a system prompt without the identity is refused", async () => {
    const url = `${mock.baseUrls["claude-code"]}/v1/messages?beta=true`;
    const body = { model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] };
    const stale = await post(url, body, { ...claudeHeaders, authorization: "Bearer stale" });
    assert.equal(stale.status, 401);
    assert.match(stale.text, /"authentication_error"/);
    const anonymous = await post(url, body, claudeHeaders);
    assert.equal(anonymous.status, 400);
    assert.match(anonymous.text, /only authorized for use with Claude Code/);
    const identified = await post(url, { ...body, system: [{ type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude." }] }, claudeHeaders);
    assert.equal(identified.status, 200, identified.text);
  });

  it("Codex: refuses a non-streamed, stored call and a max_output_tokens", async () => {
    const url = `${mock.baseUrls.codex}/responses`;
    const headers = { authorization: "Bearer good", "chatgpt-account-id": "a", originator: "codex_cli_rs", "openai-beta": "responses=experimental" };
    const body = { model: "gpt-5.2-codex", instructions: "", input: [], stream: true, store: false, include: ["reasoning.encrypted_content"] };
    assert.match((await post(url, { ...body, stream: false }, headers)).text, /Stream must be set to true/);
    assert.match((await post(url, { ...body, max_output_tokens: 5 }, headers)).text, /Unsupported parameter: max_output_tokens/);
    const ok = await post(url, body, headers);
    assert.equal(ok.status, 200);
    assert.match(ok.text, /event: response\.completed/);
  });

  it("Code Assist: refuses an envelope without a project, answers {response} events", async () => {
    const url = `${mock.baseUrls["gemini-cli"]}/v1internal:streamGenerateContent?alt=sse`;
    const envelope = { model: "gemini-2.5-pro", user_prompt_id: "p", request: { contents: [{ role: "user", parts: [{ text: "hi" }] }] } };
    assert.match((await post(url, envelope, { authorization: "Bearer good" })).text, /project is required/);
    const ok = await post(url, { ...envelope, project: "p1" }, { authorization: "Bearer good" });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /^data: \{"response":\{"candidates"/);
    assert.deepEqual(
      mock.calls.slice(-2).map((call) => [call.flavour, call.status]),
      [
        ["gemini-cli", 400],
        ["gemini-cli", 200],
      ],
    );
  });
});
