import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import { ConnectFrameDecoder, encodeConnectFrame } from "./connect-frame";
import { bytesField, decodeFields, encodeVarint, message, stringOf, varintField } from "./protobuf-wire";

describe("protobuf wire", () => {
  it("encodes varints as the protobuf guide's examples", () => {
    assert.deepEqual([...encodeVarint(1)], [0x01]);
    assert.deepEqual([...encodeVarint(150)], [0x96, 0x01]);
    assert.deepEqual([...encodeVarint(300)], [0xac, 0x02]);
    // The guide's "testing" example: field 2, string "testing".
    assert.deepEqual([...bytesField(2, "testing")], [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    assert.deepEqual([...varintField(1, 150)], [0x08, 0x96, 0x01]);
  });

  it("decodes what it encodes, nested, and skips fixed fields", () => {
    const inner = message(bytesField(1, "héllo"), varintField(25, 2));
    const outer = Buffer.concat([bytesField(2, inner), Buffer.from([0x0d, 1, 2, 3, 4]), varintField(3, 1n << 40n)]);
    const fields = decodeFields(outer);
    assert.deepEqual(
      fields.map((field) => [field.field, field.wireType]),
      [
        [2, 2],
        [1, 5],
        [3, 0],
      ],
    );
    assert.equal(fields[2]?.value, 1n << 40n);
    assert.equal(stringOf(decodeFields(fields[0]?.value as Buffer), 1), "héllo");
  });

  it("throws on truncated input", () => {
    assert.throws(() => decodeFields(Buffer.from([0x12, 0x07, 0x74])), /runs past/);
    assert.throws(() => decodeFields(Buffer.from([0x08, 0x96])), /varint/);
    assert.throws(() => decodeFields(Buffer.from([0x0b])), /wire type 3/);
  });
});

describe("Connect envelopes", () => {
  it("frames a payload and reads frames back across any split, decompressing gzip ones", () => {
    const stream = Buffer.concat([
      encodeConnectFrame(Buffer.from("one")),
      encodeConnectFrame(gzipSync(Buffer.from("two")), 0x01),
      encodeConnectFrame(Buffer.from("{}"), 0x02),
    ]);
    assert.deepEqual([...encodeConnectFrame(Buffer.from("one")).subarray(0, 5)], [0, 0, 0, 0, 3]);
    for (let split = 0; split <= stream.length; split++) {
      const decoder = new ConnectFrameDecoder();
      const frames = [...decoder.push(stream.subarray(0, split)).frames, ...decoder.push(stream.subarray(split)).frames];
      assert.deepEqual(
        frames.map((frame) => [frame.endStream, frame.payload.toString()]),
        [
          [false, "one"],
          [false, "two"],
          [true, "{}"],
        ],
        `split at ${split}`,
      );
      assert.equal(decoder.pendingBytes, 0);
    }
  });

  it("reports a compressed flag on bytes that are not gzip, and an absurd length", () => {
    assert.match(new ConnectFrameDecoder().push(encodeConnectFrame(Buffer.from("plain"), 0x01)).error ?? "", /not gzip/);
    assert.match(new ConnectFrameDecoder().push(Buffer.from([0, 0xff, 0xff, 0xff, 0xff])).error ?? "", /out of range/);
  });
});
