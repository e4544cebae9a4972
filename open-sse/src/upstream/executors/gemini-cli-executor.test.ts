import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, OAuthSession } from "../../ports";
import type { ExecutorRequest } from "../upstream-executor";
import { unwrapCodeAssistData, unwrapCodeAssistJson } from "./code-assist-envelope";
import { geminiCliExecutor } from "./gemini-cli-executor";

const account: AccountRuntime = { id: "a1", name: "google", apiKey: "", baseUrl: "https://cloudcode-pa.googleapis.com", priority: 0 };
const session: OAuthSession = { accessToken: "ya29.access", expiresAt: null, extras: { projectId: "proj-42" } };
const geminiBody = { contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig: { temperature: 1 } };

function request(overrides: Partial<ExecutorRequest> = {}): ExecutorRequest {
  return { account, session, model: "gemini-2.5-pro", stream: true, body: structuredClone(geminiBody), requestId: "req-1", userAgent: "omniroute/1.0.0", ...overrides };
}

describe("gemini-cli executor", () => {
  it("streams from v1internal:streamGenerateContent?alt=sse with the Code Assist envelope", () => {
    const call = geminiCliExecutor.prepare(request());
    assert.equal(`${call.baseUrl}${call.path}`, "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse");
    assert.equal(call.headers.authorization, "Bearer ya29.access");
    assert.equal(call.headers.accept, "text/event-stream");
    assert.match(call.headers["user-agent"]!, /^GeminiCLI\/0\.61\.0\/gemini-2\.5-pro \(/);
    assert.deepEqual(JSON.parse(call.body.toString()), { model: "gemini-2.5-pro", project: "proj-42", user_prompt_id: "req-1", request: geminiBody });
  });

  it("answers JSON from v1internal:generateContent; a body's model and a conversation id go where they belong", () => {
    const call = geminiCliExecutor.prepare(request({ stream: false, body: { ...structuredClone(geminiBody), model: "gemini-2.5-pro" }, conversationId: "c0ffee", session: { ...session, extras: {} } }));
    assert.equal(call.path, "/v1internal:generateContent");
    assert.equal(call.upstreamStreams, false);
    const envelope = JSON.parse(call.body.toString()) as Record<string, unknown>;
    assert.equal(envelope.project, undefined, "no project: none is sent (the upstream says what it wants)");
    assert.deepEqual(envelope.request, { ...geminiBody, session_id: "c0ffee" });
  });

  it("a Gemini CLI client's user agent passes through", () => {
    const call = geminiCliExecutor.prepare(request({ sameFormatClientHeaders: { "user-agent": "GeminiCLI-tui/0.61.0/gemini-2.5-pro (linux; x64; terminal)" } }));
    assert.equal(call.headers["user-agent"], "GeminiCLI-tui/0.61.0/gemini-2.5-pro (linux; x64; terminal)");
  });
});

describe("Code Assist envelope", () => {
  it("unwraps {response} to plain Gemini wire, the trace id becoming the responseId", () => {
    const event = JSON.stringify({ response: { candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] } }], modelVersion: "gemini-2.5-pro" }, traceId: "t-1" });
    assert.deepEqual(JSON.parse(unwrapCodeAssistData(event)), { candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] } }], modelVersion: "gemini-2.5-pro", responseId: "t-1" });
    assert.deepEqual(unwrapCodeAssistJson({ response: { candidates: [], responseId: "own" }, traceId: "t-2" }), { candidates: [], responseId: "own" });
  });

  it("leaves anything else as it is", () => {
    const error = JSON.stringify({ error: { code: 429, message: "quota" } });
    assert.equal(unwrapCodeAssistData(error), error);
    assert.equal(unwrapCodeAssistData("not json"), "not json");
    assert.equal(unwrapCodeAssistData('{"response": "text"}'), '{"response": "text"}');
  });
});
