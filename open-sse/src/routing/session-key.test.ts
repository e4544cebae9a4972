import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deriveSessionKey, type SessionKeyInput } from "./session-key";

const claudeBody = (sessionId: string, prompt = "fix the bug") => ({
  model: "claude-sonnet-4-5",
  system: [{ type: "text", text: "You are Claude Code." }],
  metadata: { user_id: JSON.stringify({ device_id: "d1", account_uuid: "", session_id: sessionId }) },
  messages: [{ role: "user", content: [{ type: "text", text: "<system-reminder>x</system-reminder>" }, { type: "text", text: prompt }] }],
});

function key(input: Partial<SessionKeyInput> & Pick<SessionKeyInput, "body">) {
  return deriveSessionKey({ format: "openai-chat", headers: {}, ...input });
}

describe("deriveSessionKey", () => {
  it("uses Claude Code's session header first, then its metadata.user_id session", () => {
    const fromHeader = key({ format: "anthropic-messages", headers: { "x-claude-code-session-id": "s-1" }, body: claudeBody("s-1") });
    assert.equal(fromHeader?.source, "x-claude-code-session-id");
    assert.match(fromHeader!.key, /^[0-9a-f]{32}$/);
    const fromMetadata = key({ format: "anthropic-messages", body: claudeBody("s-1") });
    assert.equal(fromMetadata?.source, "metadata.user_id");
    // The same session on a later turn (a different last message) keeps its key; another session gets another.
    assert.equal(key({ format: "anthropic-messages", body: claudeBody("s-1", "now run the tests") })?.key, fromMetadata?.key);
    assert.notEqual(key({ format: "anthropic-messages", body: claudeBody("s-2") })?.key, fromMetadata?.key);
  });

  it("reads the legacy user_…_session_<uuid> form, and ignores a plain user id", () => {
    const legacy = { metadata: { user_id: "user_abc_account_def_session_0a1b2c3d-4e5f" }, messages: [{ role: "user", content: "x" }] };
    assert.equal(key({ format: "anthropic-messages", body: legacy })?.source, "metadata.user_id");
    const plain = { metadata: { user_id: "user-42" }, messages: [{ role: "user", content: "x" }] };
    assert.equal(key({ format: "anthropic-messages", body: plain })?.source, "fingerprint");
    const broken = { metadata: { user_id: "{not json" }, messages: [{ role: "user", content: "x" }] };
    assert.equal(key({ format: "anthropic-messages", body: broken })?.source, "fingerprint");
  });

  it("uses Codex's session-id header (and its older spellings), then prompt_cache_key", () => {
    const body = { model: "gpt-5.2-codex", input: [{ role: "user", content: [{ type: "input_text", text: "hi" }] }], prompt_cache_key: "conv-9" };
    assert.equal(key({ format: "openai-responses", headers: { "session-id": "conv-9" }, body })?.source, "session-id");
    assert.equal(key({ format: "openai-responses", headers: { session_id: "conv-9" }, body })?.source, "session-id");
    assert.equal(key({ format: "openai-responses", headers: { conversation_id: "conv-9" }, body })?.source, "conversation-id");
    assert.equal(key({ format: "openai-responses", body })?.source, "prompt_cache_key");
    // A blank or oversized id is no id.
    assert.equal(key({ format: "openai-responses", headers: { "session-id": "  " }, body })?.source, "prompt_cache_key");
    assert.equal(key({ format: "openai-responses", headers: { "session-id": "x".repeat(600) }, body })?.source, "prompt_cache_key");
  });

  it("separates client keys that send the same session id", () => {
    const body = { messages: [{ role: "user", content: "x" }] };
    const first = key({ headers: { "session-id": "same" }, body, clientKeyId: "key-a" });
    const second = key({ headers: { "session-id": "same" }, body, clientKeyId: "key-b" });
    assert.notEqual(first?.key, second?.key);
  });

  it("fingerprints the system prompt and first user message, so later turns of one conversation match", () => {
    const turn1 = { messages: [{ role: "system", content: "You are helpful." }, { role: "user", content: "Write a parser." }] };
    const turn2 = {
      messages: [...turn1.messages, { role: "assistant", content: "Here it is." }, { role: "user", content: "Add tests." }],
    };
    const first = key({ body: turn1 });
    assert.equal(first?.source, "fingerprint");
    assert.equal(key({ body: turn2 })?.key, first?.key);
    assert.notEqual(key({ body: { messages: [{ role: "system", content: "You are helpful." }, { role: "user", content: "Write a lexer." }] } })?.key, first?.key);
    assert.notEqual(key({ body: { messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Write a parser." }] } })?.key, first?.key);
    // Text parts count like a string; an image part adds nothing.
    const parts = { messages: [{ role: "system", content: [{ type: "text", text: "You are helpful." }] }, { role: "user", content: [{ type: "text", text: "Write a parser." }, { type: "image_url", image_url: { url: "data:" } }] }] };
    assert.equal(key({ body: parts })?.key, first?.key);
  });

  it("fingerprints each client format from its own fields", () => {
    const gemini = {
      systemInstruction: { role: "user", parts: [{ text: "You are Gemini CLI." }] },
      contents: [{ role: "user", parts: [{ text: "<session_context>…</session_context>" }, { text: "list files" }] }],
    };
    const geminiLater = { ...gemini, contents: [...gemini.contents, { role: "model", parts: [{ text: "ok" }] }, { role: "user", parts: [{ text: "more" }] }] };
    assert.equal(key({ format: "gemini", body: gemini })?.key, key({ format: "gemini", body: geminiLater })?.key);
    const responses = { instructions: "Be brief.", input: "hello" };
    assert.equal(key({ format: "openai-responses", body: responses })?.source, "fingerprint");
    assert.notEqual(key({ format: "openai-responses", body: responses })?.key, key({ format: "openai-responses", body: { instructions: "Be brief.", input: "bye" } })?.key);
    const anthropic = { system: "Be brief.", messages: [{ role: "user", content: "hello" }] };
    assert.equal(key({ format: "anthropic-messages", body: anthropic })?.source, "fingerprint");
  });

  it("has no key for a request without a user message", () => {
    assert.equal(key({ body: { messages: [{ role: "system", content: "x" }] } }), undefined);
    assert.equal(key({ format: "gemini", body: { contents: [] } }), undefined);
    assert.equal(key({ body: {} }), undefined);
  });

  it("reads only the ends of a huge text, so its cost is bounded", () => {
    const half = "a".repeat(2_500_000);
    const body = (middle: string) => ({ messages: [{ role: "user", content: `${half}${middle}${half}` }] });
    const result = key({ body: body("x") });
    assert.equal(key({ body: body("y") })?.key, result?.key, "the middle of a long text is not read");
    assert.notEqual(key({ body: { messages: [{ role: "user", content: `${half}x${half}b` }] } })?.key, result?.key, "its end is");
    assert.notEqual(key({ body: { messages: [{ role: "user", content: `${half}xx${half}` }] } })?.key, result?.key, "and its length");
  });
  it("follows the pin always for a client's own id, and for a fingerprint only on a continued conversation", () => {
    const oneShot = { messages: [{ role: "system", content: "s" }, { role: "user", content: "q" }] };
    const continued = { messages: [...oneShot.messages, { role: "assistant", content: "a" }, { role: "user", content: "q2" }] };
    assert.equal(key({ body: oneShot })?.sticky, false, "identical one-shot requests keep being spread");
    assert.equal(key({ body: continued })?.sticky, true);
    assert.equal(key({ headers: { "session-id": "s1" }, body: oneShot })?.sticky, true);
    assert.equal(key({ format: "openai-responses", body: { input: "q" } })?.sticky, false);
    assert.equal(key({ format: "openai-responses", body: { input: [{ role: "user", content: "q" }, { type: "function_call_output", call_id: "c", output: "x" }] } })?.sticky, true);
    assert.equal(key({ format: "gemini", body: { contents: [{ role: "user", parts: [{ text: "q" }] }] } })?.sticky, false);
    assert.equal(key({ format: "gemini", body: { contents: [{ role: "user", parts: [{ text: "q" }] }, { role: "model", parts: [{ text: "a" }] }] } })?.sticky, true);
    assert.equal(key({ format: "anthropic-messages", body: { messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }] } })?.sticky, true);
  });
});
