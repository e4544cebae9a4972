import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import type { GeminiPart } from "./gemini-wire";
import { geminiCodec } from "./gemini-codec";

/**
 * What Gemini CLI keeps of a streamed answer for its next request (geminiChat.ts `processStreamResponse`): the
 * parts of chunks whose content is valid (no empty non-thought text), thought parts dropped, adjacent text merged.
 */
function cliHistory(sse: string): GeminiPart[] {
  const kept: GeminiPart[] = [];
  for (const event of sse.split("\r\n\r\n").filter((item) => item !== "")) {
    const chunk = JSON.parse(event.slice("data: ".length)) as { candidates?: Array<{ content?: { parts: GeminiPart[] } }> };
    const parts = chunk.candidates?.[0]?.content?.parts;
    if (parts === undefined || parts.length === 0 || parts.some((part) => part.thought !== true && part.text === "")) continue;
    for (const part of parts.filter((item) => item.thought !== true)) {
      const last = kept.at(-1);
      if (last?.text !== undefined && part.text !== undefined && last.functionCall === undefined && part.functionCall === undefined) last.text += part.text;
      else kept.push({ ...part });
    }
  }
  return kept;
}

function streamToGeminiClient(events: StreamEvent[]): string {
  const formatter = geminiCodec.createStreamFormatter({ model: "cc/claude-sonnet-4-5", requestId: "req-1", createdAt: 0, includeUsage: true });
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

describe("Gemini CLI served by another provider, next turn", () => {
  const answer: StreamEvent[] = [
    { type: "message-start", id: "msg_01", model: "claude-sonnet-4-5" },
    { type: "reasoning-delta", text: "I should read the file." },
    { type: "reasoning-signature", signature: { format: "anthropic-messages", value: "claude-sig" } },
    { type: "text-delta", text: "Reading it." },
    { type: "tool-call-start", index: 0, id: "toolu_01", name: "read_file" },
    { type: "tool-call-delta", index: 0, argumentsDelta: '{"file_path":"README.md"}' },
    { type: "tool-call-end", index: 0 },
    { type: "finish", reason: "tool-calls" },
  ];

  it("keeps the tool call id and the reasoning token through the CLI's history", () => {
    const history = cliHistory(streamToGeminiClient(answer));
    assert.deepEqual(history, [
      { text: "Reading it.", thoughtSignature: "omr1.anthropic-messages.claude-sig" },
      { functionCall: { id: "toolu_01", name: "read_file", args: { file_path: "README.md" } } },
    ]);
    const request = geminiCodec.parseRequest(
      {
        contents: [
          { role: "user", parts: [{ text: "What is in README.md?" }] },
          { role: "model", parts: history },
          { role: "user", parts: [{ functionResponse: { id: "toolu_01", name: "read_file", response: { output: "# omniroute" } } }] },
        ],
      },
      { model: "cc/claude-sonnet-4-5", stream: true },
    );
    assert.deepEqual(request.messages[1]?.parts, [
      { type: "reasoning", text: "", signature: { format: "anthropic-messages", value: "claude-sig" } },
      { type: "text", text: "Reading it." },
      { type: "tool-call", id: "toolu_01", name: "read_file", arguments: '{"file_path":"README.md"}' },
    ]);
    assert.deepEqual(request.messages[2]?.parts, [
      { type: "tool-result", toolCallId: "toolu_01", toolName: "read_file", content: [{ type: "text", text: "# omniroute" }] },
    ]);
  });

  it("sends that history to a Gemini upstream without the foreign token, with the placeholder on the call", () => {
    const history = cliHistory(streamToGeminiClient(answer));
    const request = geminiCodec.parseRequest(
      {
        contents: [
          { role: "user", parts: [{ text: "What is in README.md?" }] },
          { role: "model", parts: history },
          { role: "user", parts: [{ functionResponse: { id: "toolu_01", name: "read_file", response: { output: "# omniroute" } } }] },
        ],
      },
      { model: "gemini/gemini-3-flash-preview", stream: true },
    );
    const body = geminiCodec.formatRequest(request, { model: "gemini-3-flash-preview" }) as { contents: Array<{ parts: GeminiPart[] }> };
    assert.deepEqual(body.contents[1]?.parts, [
      { text: "Reading it." },
      { functionCall: { id: "toolu_01", name: "read_file", args: { file_path: "README.md" } }, thoughtSignature: "skip_thought_signature_validator" },
    ]);
  });
});
