import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SseEventReader } from "./sse-event-reader";

function readAll(parts: (string | Uint8Array)[]): string[] {
  const events: string[] = [];
  const reader = new SseEventReader((data) => events.push(data));
  for (const part of parts) reader.push(typeof part === "string" ? Buffer.from(part) : part);
  reader.end();
  return events;
}

describe("SseEventReader", () => {
  it("handles CRLF, comments, multi-line data and lines split across chunks", () => {
    assert.deepEqual(readAll([": keep-alive\r\n", "data: {\"a\":", "1}\r\n\r\n", "data: x\ndata: y\n\n"]), ['{"a":1}', "x\ny"]);
  });

  it("joins a UTF-8 sequence split across chunks", () => {
    const bytes = Buffer.from("data: héllo 🌍\n\n");
    const split = bytes.indexOf(0xf0) + 2;
    assert.deepEqual(readAll([bytes.subarray(0, split), bytes.subarray(split)]), ["héllo 🌍"]);
  });

  it("emits a last event that lacks its blank line", () => {
    assert.deepEqual(readAll(["data: 1\n\ndata: 2"]), ["1", "2"]);
  });
});
