// node --import tsx --test tester/conformance/read-ndjson.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { accumulateOllama, emptyOllamaAnswer, ollamaOutcome, readOllamaResponse } from "./drive-ollama";
import { parseNdjsonText, readNdjson } from "./read-ndjson";

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

/** The bytes of `text` cut every `size` bytes (which splits multi-byte characters). */
function piecesOf(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

async function collect(body: ReadableStream<Uint8Array>) {
  const lines = [];
  for await (const line of readNdjson(body)) lines.push(line);
  return lines;
}

describe("readNdjson", () => {
  it("joins lines and characters split across reads, CRLF included, and reads a last line without newline", async () => {
    const lines = await collect(streamOf(piecesOf('{"a":"é"}\r\n\n{"b":2}\n{"c":3}', 3)));
    assert.deepEqual(lines, [
      { ok: true, value: { a: "é" } },
      { ok: true, value: { b: 2 } },
      { ok: true, value: { c: 3 } },
    ]);
  });

  it("reports a line that is not JSON instead of throwing", () => {
    assert.deepEqual(parseNdjsonText('{"a":1}\nnope\n'), [
      { ok: true, value: { a: 1 } },
      { ok: false, text: "nope" },
    ]);
  });
});

describe("Ollama answers", () => {
  const line = (message: object, extra: object = {}) => `${JSON.stringify({ model: "m", created_at: "t", message: { role: "assistant", ...message }, done: false, ...extra })}\n`;

  it("accumulates content, thinking and whole tool calls up to the done line", async () => {
    const text =
      line({ content: "", thinking: "hm" }) +
      line({ content: "Hi" }) +
      line({ content: "", tool_calls: [{ id: "c1", function: { index: 0, name: "f", arguments: { a: 1 } } }] }) +
      line({ content: "" }, { done: true, done_reason: "stop", prompt_eval_count: 7, eval_count: 3 });
    const { answer, malformed } = await readOllamaResponse(new Response(streamOf(piecesOf(text, 5))));
    assert.deepEqual(malformed, []);
    const outcome = ollamaOutcome(answer);
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "Hi",
      reasoningText: "hm",
      toolCalls: [{ name: "f", arguments: { a: 1 } }],
      finish: "stop",
      usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
      rawUsage: { prompt_eval_count: 7, eval_count: 3 },
    });
  });

  it("turns an error line, or a stream without its done line, into an error", () => {
    const errored = emptyOllamaAnswer();
    accumulateOllama(errored, { message: { role: "assistant", content: "x" }, done: false });
    accumulateOllama(errored, { error: "upstream failed" });
    assert.deepEqual(ollamaOutcome(errored), { kind: "error", status: null, message: "upstream failed" });
    const cut = emptyOllamaAnswer();
    accumulateOllama(cut, { message: { role: "assistant", content: "x" }, done: false });
    assert.equal(ollamaOutcome(cut).kind, "error");
  });
});
