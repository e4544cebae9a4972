import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasForeignSignatures, stripForeignSignatures } from "./strip-foreign-signatures";

describe("stripForeignSignatures", () => {
  it("finds wrapped tokens by a byte search, and leaves native ones alone", () => {
    assert.equal(hasForeignSignatures(Buffer.from('{"signature":"omr1.openai-chat.x"}')), true);
    assert.equal(hasForeignSignatures(Buffer.from('{"signature":"EqQBCkYIBxgCKkDnative"}')), false);
  });

  it("drops Anthropic thinking blocks another provider issued, keeps Claude's own", () => {
    const body = {
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "mine", signature: "EqQBnative" },
            { type: "thinking", thinking: "gpt's", signature: "omr1.openai-chat." },
            { type: "redacted_thinking", data: "omr1.gemini.abc" },
            { type: "text", text: "answer" },
          ],
        },
      ],
    };
    const stripped = stripForeignSignatures("anthropic-messages", body);
    assert.deepEqual((stripped?.messages as Array<{ content: unknown }>)[1]!.content, [
      { type: "thinking", thinking: "mine", signature: "EqQBnative" },
      { type: "text", text: "answer" },
    ]);
    // The original is not mutated (a retry on another target starts from the client's body again).
    assert.equal(((body.messages[1] as { content: unknown[] }).content).length, 4);
  });

  it("drops foreign Responses reasoning items and strips foreign Gemini thought signatures", () => {
    const responses = stripForeignSignatures("openai-responses", {
      input: [
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "omr1.anthropic-messages.sig" },
        { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAnative" },
        { role: "user", content: "next" },
      ],
    });
    assert.deepEqual((responses?.input as Array<{ id?: string }>).map((item) => item.id), ["rs_2", undefined]);

    const gemini = stripForeignSignatures("gemini", {
      contents: [
        {
          role: "model",
          parts: [
            { text: "thinking", thought: true, thoughtSignature: "omr1.anthropic-messages.s" },
            { functionCall: { name: "f", args: {} }, thoughtSignature: "omr1.openai-responses.e" },
            { functionCall: { name: "g", args: {} }, thoughtSignature: "nativeSig" },
          ],
        },
      ],
    });
    assert.deepEqual((gemini?.contents as Array<{ parts: unknown[] }>)[0]!.parts, [
      { functionCall: { name: "f", args: {} } },
      { functionCall: { name: "g", args: {} }, thoughtSignature: "nativeSig" },
    ]);
  });

  it("returns undefined when nothing changes", () => {
    assert.equal(stripForeignSignatures("anthropic-messages", { messages: [{ role: "user", content: "x" }] }), undefined);
    assert.equal(stripForeignSignatures("openai-chat", { messages: [] }), undefined);
  });
});
