// node --import tsx --test tester/conformance/multi-turn.test.ts

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { multiTurnId, multiTurnIds, recordedTokens } from "./multi-turn";

let root: string;

before(() => {
  root = mkdtempSync(path.join(tmpdir(), "multi-turn-"));
  const write = (folder: string, file: string, text: string) => {
    mkdirSync(path.join(root, folder), { recursive: true });
    writeFileSync(path.join(root, folder, file), text);
  };
  write("claude", "thinks.json", JSON.stringify({ content: [{ type: "thinking", thinking: "t", signature: "claude-signature-0123456789" }, { type: "text", text: "hi" }] }));
  write(
    "openai-responses",
    "two.chunks.txt",
    [
      { type: "response.output_item.done", item: { type: "reasoning", encrypted_content: "first-stream-token-0123456789" } },
      { type: "response.completed", response: { output: [] } },
      { type: "response.output_item.done", item: { type: "reasoning", encrypted_content: "second-stream-token-0123456789" } },
      { type: "response.completed", response: { output: [] } },
    ]
      .map((event) => JSON.stringify(event))
      .join("\n"),
  );
  write("gemini", "short.json", JSON.stringify({ candidates: [{ content: { parts: [{ text: "x", thoughtSignature: "tiny" }] } }] }));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe("recordedTokens", () => {
  it("reads the tokens of the form the mock serves: a Claude signature from the JSON answer", () => {
    assert.deepEqual(recordedTokens(root, { protocol: "claude", fixture: "thinks" }, "json"), ["claude-signature-0123456789"]);
  });

  it("reads only the first stream of a Responses recording of several, as the mock replays it", () => {
    assert.deepEqual(recordedTokens(root, { protocol: "openai-responses", fixture: "two" }, "sse"), ["first-stream-token-0123456789"]);
  });

  it("ignores strings too short to be a provider token", () => {
    assert.deepEqual(recordedTokens(root, { protocol: "gemini", fixture: "short" }, "json"), []);
  });
});

describe("multi-turn cell ids", () => {
  it("lists every client × history × mode × upstream once", () => {
    const ids = multiTurnIds();
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 5 * 5 * 2 * 4);
    assert.ok(ids.includes(multiTurnId("anthropic", "claude-gpt", "json", "claude")));
  });
});
