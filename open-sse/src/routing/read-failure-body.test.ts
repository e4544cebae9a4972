import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { MAX_FAILURE_BODY_BYTES, readFailureBody } from "./read-failure-body";

describe("readFailureBody", () => {
  it("reads a small error body whole, across chunks", async () => {
    const body = Readable.from([Buffer.from('{"error":{"message":"mo'), Buffer.from('del not found"}}')]);
    assert.equal(await readFailureBody(body), '{"error":{"message":"model not found"}}');
  });

  it("stops at the bound and releases the rest of the stream", async () => {
    const chunk = Buffer.alloc(16 * 1024, "x");
    let produced = 0;
    const body = new Readable({
      read() {
        produced += 1;
        this.push(produced > 100 ? null : chunk);
      },
    });
    const text = await readFailureBody(body);
    assert.equal(text.length, MAX_FAILURE_BODY_BYTES);
    assert.ok(body.destroyed);
    assert.ok(produced < 100, `read ${produced} chunks`);
  });

  it("a body that fails mid-read yields what arrived", async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from("partial"));
    setImmediate(() => body.destroy(new Error("socket hang up")));
    assert.equal(await readFailureBody(body), "partial");
  });
});
