import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SseUsageTap } from "./sse-usage-tap";

function tapAll(parts: string[]): string[] {
  const seen: string[] = [];
  const tap = new SseUsageTap("\"usage\"", (data) => seen.push(data));
  for (const part of parts) tap.push(Buffer.from(part));
  tap.end();
  return seen;
}

const usageEvent = 'data: {"choices":[],"usage":{"prompt_tokens":3}}\n\n';

describe("SseUsageTap", () => {
  it("finds the usage event and ignores the rest", () => {
    assert.deepEqual(tapAll(['data: {"a":1}\n\n', usageEvent, "data: [DONE]\n\n"]), ['{"choices":[],"usage":{"prompt_tokens":3}}']);
  });

  it("sees an event split anywhere across chunks, the marker included", () => {
    const stream = `data: {"x":1}\n\n${usageEvent}data: [DONE]\n\n`;
    for (let cut = 1; cut < stream.length; cut++) {
      const found = tapAll([stream.slice(0, cut), stream.slice(cut)]).filter((data) => data.includes("usage"));
      assert.equal(found.length, 1, `cut at ${cut}`);
    }
  });

  it("handles CRLF events and a final event without its blank line", () => {
    assert.equal(tapAll(['data: {"usage":{"a":1}}\r\n\r\n']).length, 1);
    assert.equal(tapAll(['data: {"usage":{"a":1}}']).length, 1);
  });
});

describe("SseUsageTap with an acceptance check", () => {
  it("parses only the last usage event when it is accepted", () => {
    const seen: string[] = [];
    const tap = new SseUsageTap("\"usage\"", (data) => seen.push(data), () => seen.length > 0);
    tap.push(Buffer.from('data: {"usage":null,"n":1}\n\ndata: {"usage":null,"n":2}\n\ndata: {"usage":{"a":1}}\n\ndata: [DONE]\n\n'));
    tap.end();
    assert.deepEqual(seen, ['{"usage":{"a":1}}']);
  });

  it("walks back past events the caller does not accept", () => {
    const seen: string[] = [];
    const tap = new SseUsageTap("\"usage\"", (data) => seen.push(data), () => seen.some((data) => data.includes('"a"')));
    tap.push(Buffer.from('data: {"usage":{"a":1}}\n\ndata: {"usage":null}\n\n'));
    assert.deepEqual(seen, ['{"usage":null}', '{"usage":{"a":1}}']);
  });
});
