import assert from "node:assert/strict";
import { describe, it } from "node:test";
import zlib from "node:zlib";

import { crc32 } from "./crc32";
import { EventStreamFrameDecoder, stringHeader } from "./event-stream-decoder";
import { encodeEventStreamMessage, encodeKiroEvent } from "./event-stream-encoder";

// AWS's own event-stream test vectors (aws/aws-sdk-js-v3 packages/eventstream-marshaller/src/TestVectors.fixture.ts):
// bytes an independent encoder produced, so the decoder is checked against more than our own encoder.
const FOO_BAR = [123, 39, 102, 111, 111, 39, 58, 39, 98, 97, 114, 39, 125]; // {'foo':'bar'}
const VECTORS = {
  emptyMessage: [0, 0, 0, 16, 0, 0, 0, 0, 5, 194, 72, 235, 125, 152, 200, 255],
  int32Header: [0, 0, 0, 43, 0, 0, 0, 14, 52, 139, 236, 123, 8, 101, 118, 101, 110, 116, 45, 105, 100, 4, 0, 0, 160, 12, ...FOO_BAR, 211, 137, 2, 133],
  payloadNoHeaders: [0, 0, 0, 29, 0, 0, 0, 0, 253, 82, 140, 90, ...FOO_BAR, 195, 101, 57, 54],
  payloadOneStringHeader: [
    0, 0, 0, 61, 0, 0, 0, 32, 7, 253, 131, 150, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112, 101, 7, 0, 16, 97, 112, 112, 108, 105, 99,
    97, 116, 105, 111, 110, 47, 106, 115, 111, 110, ...FOO_BAR, 141, 156, 8, 177,
  ],
  corruptedHeaders: [
    0, 0, 0, 61, 0, 0, 0, 32, 7, 253, 131, 150, 12, 99, 111, 110, 116, 101, 110, 116, 43, 116, 121, 112, 101, 7, 0, 16, 97, 112, 112, 108, 105, 99,
    97, 116, 105, 111, 110, 47, 106, 115, 111, 110, ...FOO_BAR, 141, 156, 8, 177,
  ],
  corruptedHeaderLength: [
    0, 0, 0, 61, 0, 0, 1, 32, 7, 253, 131, 150, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112, 101, 7, 0, 16, 97, 112, 112, 108, 105, 99,
    97, 116, 105, 111, 110, 47, 106, 115, 111, 110, ...FOO_BAR, 141, 156, 8, 177,
  ],
  corruptedLength: [1, 0, 0, 29, 0, 0, 0, 0, 253, 82, 140, 90, ...FOO_BAR, 195, 101, 57, 54],
  corruptedPayload: [0, 0, 0, 29, 0, 0, 0, 0, 253, 82, 140, 90, 123, 39, 102, 111, 111, 39, 58, 39, 98, 97, 114, 39, 141, 195, 101, 57, 54],
};

function decodeAll(bytes: number[] | Buffer) {
  return new EventStreamFrameDecoder().push(Buffer.from(bytes));
}

describe("crc32", () => {
  it("matches the standard check value and zlib", () => {
    assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
    const sample = Buffer.from("event-stream framing");
    // zlib.crc32 exists from Node 20.15; compare when present.
    const zlibCrc = (zlib as unknown as { crc32?: (data: Buffer) => number }).crc32;
    if (zlibCrc !== undefined) assert.equal(crc32(sample), zlibCrc(sample));
  });
});

describe("EventStreamFrameDecoder on AWS test vectors", () => {
  it("decodes the valid vectors", () => {
    assert.deepEqual(decodeAll(VECTORS.emptyMessage).messages.map((message) => [message.headers.size, message.payload.length]), [[0, 0]]);
    const withInt = decodeAll(VECTORS.int32Header);
    assert.equal(withInt.messages[0]?.headers.get("event-id"), 0x0000a00c);
    assert.deepEqual([...(withInt.messages[0]?.payload ?? [])], FOO_BAR);
    assert.deepEqual([...(decodeAll(VECTORS.payloadNoHeaders).messages[0]?.payload ?? [])], FOO_BAR);
    const withString = decodeAll(VECTORS.payloadOneStringHeader).messages[0];
    assert.ok(withString !== undefined);
    assert.equal(stringHeader(withString, "content-type"), "application/json");
    assert.equal(withString.payload.toString(), "{'foo':'bar'}");
  });

  it("reports every corrupted vector as an error and no message", () => {
    const cases: Array<[number[], RegExp]> = [
      [VECTORS.corruptedHeaders, /message checksum/],
      [VECTORS.corruptedHeaderLength, /prelude checksum/],
      [VECTORS.corruptedLength, /prelude checksum/],
      [VECTORS.corruptedPayload, /message checksum/],
    ];
    for (const [bytes, expected] of cases) {
      const result = decodeAll(bytes);
      assert.deepEqual(result.messages, []);
      assert.match(result.error ?? "", expected);
    }
  });

  it("our encoder writes the same bytes as AWS's for the one-string-header vector", () => {
    assert.deepEqual([...encodeEventStreamMessage({ "content-type": "application/json" }, Buffer.from(FOO_BAR))], VECTORS.payloadOneStringHeader);
  });
});

describe("EventStreamFrameDecoder on split input", () => {
  const stream = Buffer.concat([
    encodeKiroEvent("assistantResponseEvent", { content: "Hel" }),
    encodeKiroEvent("assistantResponseEvent", { content: "lo ✓" }),
    Buffer.from(VECTORS.emptyMessage),
  ]);

  it("yields the same messages whichever byte the stream is split at", () => {
    for (let split = 0; split <= stream.length; split++) {
      const decoder = new EventStreamFrameDecoder();
      const first = decoder.push(stream.subarray(0, split));
      const second = decoder.push(stream.subarray(split));
      const payloads = [...first.messages, ...second.messages].map((message) => message.payload.toString());
      assert.deepEqual(payloads, ['{"content":"Hel"}', '{"content":"lo ✓"}', ""], `split at ${split}`);
      assert.equal(decoder.pendingBytes, 0);
      assert.equal(first.error ?? second.error, undefined);
    }
  });

  it("decodes byte-by-byte input", () => {
    const decoder = new EventStreamFrameDecoder();
    const payloads: string[] = [];
    for (const byte of stream) for (const message of decoder.push(Buffer.from([byte])).messages) payloads.push(message.payload.toString());
    assert.equal(payloads.length, 3);
  });

  it("keeps the bytes of a message cut short as pending", () => {
    const decoder = new EventStreamFrameDecoder();
    const result = decoder.push(stream.subarray(0, stream.length - 5));
    assert.equal(result.messages.length, 2);
    assert.equal(decoder.pendingBytes, VECTORS.emptyMessage.length - 5);
  });

  it("stops for good after corruption", () => {
    const corrupted = Buffer.from(stream);
    corrupted[20] = (corrupted[20] ?? 0) ^ 0xff; // inside the first message's headers
    const decoder = new EventStreamFrameDecoder();
    const result = decoder.push(corrupted);
    assert.deepEqual(result.messages, []);
    assert.match(result.error ?? "", /checksum/);
    assert.deepEqual(decoder.push(Buffer.from(VECTORS.emptyMessage)), { messages: [] });
    assert.equal(decoder.pendingBytes, 0);
  });
});
