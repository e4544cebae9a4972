import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { AccountRuntime, OAuthSession } from "../../ports";
import { copilotExecutor, copilotModelUsesResponses } from "./copilot";

const account: AccountRuntime = { id: "me", name: "me", apiKey: "", baseUrl: "https://api.githubcopilot.com", priority: 0 };
const session: OAuthSession = { accessToken: "tid=1;exp=2:mac", expiresAt: null, extras: { apiEndpoint: "https://api.individual.githubcopilot.com/" } };

describe("copilotExecutor.prepare", () => {
  it("sends a first user turn to /chat/completions on the plan's host with the VS Code headers", () => {
    const body = { model: "claude-sonnet-4.5", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } };
    const call = copilotExecutor.prepare({ account, session, model: "claude-sonnet-4.5", stream: true, body, requestId: "req_9", userAgent: "omniroute/0.1.0" });
    assert.equal(call.baseUrl, "https://api.individual.githubcopilot.com");
    assert.equal(call.path, "/chat/completions");
    assert.equal(call.upstreamStreams, false);
    assert.deepEqual(call.headers, {
      authorization: "Bearer tid=1;exp=2:mac",
      "content-type": "application/json",
      accept: "text/event-stream",
      "copilot-integration-id": "vscode-chat",
      "editor-version": "vscode/1.110.0",
      "editor-plugin-version": "copilot-chat/0.38.0",
      "user-agent": "GitHubCopilotChat/0.38.0",
      "openai-intent": "conversation-panel",
      "x-initiator": "user",
      "x-github-api-version": "2025-05-01",
      "x-request-id": "req_9",
      "x-vscode-user-agent-library-version": "electron-fetch",
    });
    assert.deepEqual(JSON.parse(call.body.toString()), body);
  });

  it("marks agent follow-ups and images", () => {
    const body = {
      model: "gpt-4.1",
      messages: [
        { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: "data:image/png;base64,AA" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "ok" },
      ],
    };
    const call = copilotExecutor.prepare({ account, session, model: "gpt-4.1", stream: false, body, requestId: "r", userAgent: "u" });
    assert.equal(call.headers["x-initiator"], "agent");
    assert.equal(call.headers["openai-intent"], "conversation-agent");
    assert.equal(call.headers["copilot-vision-request"], "true");
    assert.equal(call.headers.accept, "application/json");
  });

  it("sends Responses-only models to /responses and reads agent turns from input items", () => {
    const body = { model: "gpt-5.3-codex", input: [{ role: "user", content: [{ type: "input_text", text: "go" }] }, { type: "function_call_output", call_id: "c", output: "x" }] };
    const call = copilotExecutor.prepare({ account, session: undefined, model: "gpt-5.3-codex", stream: true, body, requestId: "r", userAgent: "u" });
    assert.equal(call.path, "/responses");
    assert.equal(call.baseUrl, "https://api.githubcopilot.com");
    assert.equal(call.headers.authorization, "Bearer ");
    assert.equal(call.headers["x-initiator"], "agent");
    assert.equal(copilotExecutor.formatFor("gpt-5.3-codex"), "openai-responses");
    assert.equal(copilotExecutor.formatFor("claude-sonnet-4.5"), "openai-chat");
  });

  it("never posts a chat body to /responses, whatever the model", () => {
    const body = { model: "gpt-5.3-codex", messages: [{ role: "user", content: "go" }] };
    const call = copilotExecutor.prepare({ account, session, model: "gpt-5.3-codex", stream: false, body, requestId: "r", userAgent: "u" });
    assert.equal(call.path, "/chat/completions");
  });
});

describe("copilotModelUsesResponses", () => {
  it("knows the Responses-only families and defers to supported_endpoints when given", () => {
    for (const model of ["gpt-5.2-codex", "gpt-5.1-codex-max", "gpt-5.4", "gpt-5.5", "gpt-6-sol"]) assert.equal(copilotModelUsesResponses(model), true, model);
    for (const model of ["gpt-4.1", "gpt-5-mini", "gpt-5.2", "claude-opus-4.6", "gemini-3.1-pro-preview"]) assert.equal(copilotModelUsesResponses(model), false, model);
    assert.equal(copilotModelUsesResponses("gpt-5.2", ["/responses"]), true);
    assert.equal(copilotModelUsesResponses("gpt-5.5", ["/chat/completions", "/responses"]), false);
  });
});

describe("copilot reasoning_text", () => {
  it("renames the stream delta's reasoning_text to reasoning_content and drops the opaque token", () => {
    const data = JSON.stringify({ choices: [{ index: 0, delta: { reasoning_text: "Hmm", reasoning_opaque: "enc" } }] });
    assert.deepEqual(JSON.parse(copilotExecutor.unwrapEventData!(data)), { choices: [{ index: 0, delta: { reasoning_content: "Hmm" } }] });
    const plain = JSON.stringify({ choices: [{ index: 0, delta: { content: "Hi" } }] });
    assert.equal(copilotExecutor.unwrapEventData!(plain), plain);
    assert.equal(copilotExecutor.unwrapEventData!("[DONE]"), "[DONE]");
  });

  it("does the same for a whole message", () => {
    const body = { choices: [{ index: 0, message: { role: "assistant", content: "4", reasoning_text: "2+2" } }] };
    assert.deepEqual(copilotExecutor.unwrapJson!(body), { choices: [{ index: 0, message: { role: "assistant", content: "4", reasoning_content: "2+2" } }] });
  });
});

describe("copilotExecutor.quotaFromHeaders", () => {
  it("reads the premium snapshot (remaining → used) and the rate windows", () => {
    const windows = copilotExecutor.quotaFromHeaders!(
      {
        "x-quota-snapshot-premium_interactions": "ent=300&ov=0.0&ovPerm=false&rem=87.5&rst=2026-08-01T00%3A00%3A00Z",
        "x-usage-ratelimit-weekly": "ent=0&rem=74.9&rst=2026-07-27T00:00:00Z",
      },
      0,
    );
    assert.deepEqual(windows, [
      { name: "premium_interactions", usedPercent: 12.5, used: null, limit: 300, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) },
      { name: "weekly", usedPercent: 25.1, used: 25.1, limit: 100, unit: "percent", resetsAt: Date.UTC(2026, 6, 27) },
    ]);
    assert.equal(copilotExecutor.quotaFromHeaders!({ "x-quota-snapshot-premium_interactions": "ent=-1&rem=100" }, 0), undefined);
    assert.equal(copilotExecutor.quotaFromHeaders!({}, 0), undefined);
  });
});
