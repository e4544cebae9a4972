import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { inBandErrorOf, readFirstChunk } from "./read-first-chunk";

describe("readFirstChunk", () => {
  it("returns the first chunk and leaves the rest unread, paused", async () => {
    const body = new PassThrough();
    body.write("one");
    const first = await readFirstChunk(body);
    assert.equal(first.kind, "data");
    assert.equal(body.isPaused(), true);
    body.end("two");
    const rest: string[] = [];
    body.on("data", (chunk: Buffer) => rest.push(chunk.toString()));
    body.resume();
    await new Promise((resolve) => body.once("end", resolve));
    assert.deepEqual(rest, ["two"]);
  });

  it("reports an empty stream and a stream error", async () => {
    const empty = new PassThrough();
    empty.end();
    assert.equal((await readFirstChunk(empty)).kind, "end");
    const broken = new PassThrough();
    setImmediate(() => broken.destroy(new Error("reset")));
    assert.equal((await readFirstChunk(broken)).kind, "error");
  });
});

describe("inBandErrorOf", () => {
  it("finds OpenAI- and Anthropic-style error events, and nothing in content", () => {
    assert.ok(inBandErrorOf(Buffer.from('data: {"error":{"message":"overloaded"}}\n\n')));
    assert.ok(inBandErrorOf(Buffer.from('event: error\ndata: {"type":"error","error":{"type":"overloaded_error"}}\n\n')));
    assert.equal(inBandErrorOf(Buffer.from('data: {"choices":[{"delta":{"content":"error"}}]}\n\n')), undefined);
    assert.equal(inBandErrorOf(Buffer.from('data: {"error":null,"choices":[]}\n\n')), undefined);
    assert.equal(inBandErrorOf(Buffer.from('data: {"error":{"message":"cut')), undefined);
  });
});
