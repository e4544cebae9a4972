import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { StreamEvent } from "../../../core/stream-event";
import { encodeConnectFrame } from "./connect-frame";
import { CursorStreamDecoder } from "./cursor-stream-decoder";
import { bytesField, message } from "./protobuf-wire";

/** `StreamUnifiedChatWithToolsResponse { message = 2 { text = 1, thinking = 25 { text = 1 } } }` in an envelope. */
function cursorTextFrame(text: string, thinking?: string): Buffer {
  const inner = message(...(thinking !== undefined ? [bytesField(25, bytesField(1, thinking))] : []), bytesField(1, text));
  return encodeConnectFrame(bytesField(2, inner));
}

function decode(chunks: Buffer[]): StreamEvent[] {
  const decoder = new CursorStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

const END_OK = encodeConnectFrame(Buffer.from("{}"), 0x02);

describe("CursorStreamDecoder", () => {
  it("streams thinking and text, and finishes on the end-of-stream envelope", () => {
    const stream = Buffer.concat([cursorTextFrame("", "Let me think."), cursorTextFrame("Hel"), cursorTextFrame("lo"), END_OK]);
    const expected: StreamEvent[] = [
      { type: "message-start" },
      { type: "reasoning-delta", text: "Let me think." },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "finish", reason: "stop" },
    ];
    for (let split = 0; split <= stream.length; split++) {
      assert.deepEqual(decode([stream.subarray(0, split), stream.subarray(split)]), expected, `split at ${split}`);
    }
  });

  it("turns the end-of-stream error into an error event with Cursor's title", () => {
    const error = {
      error: {
        code: "resource_exhausted",
        message: "Error",
        details: [{ type: "aiserver.v1.ErrorDetails", debug: { error: "ERROR_RATE_LIMITED", details: { title: "Too many requests", detail: "Try again later." } } }],
      },
    };
    const events = decode([cursorTextFrame("Hi"), encodeConnectFrame(Buffer.from(JSON.stringify(error)), 0x02)]);
    assert.deepEqual(events.at(-1), { type: "error", message: "Cursor: Too many requests: Try again later.", code: "resource_exhausted" });
    assert.deepEqual(decode([encodeConnectFrame(Buffer.from('{"error":{"code":"unauthenticated","message":"Not logged in"}}'))]).at(-1), {
      type: "error",
      message: "Cursor: Not logged in",
      code: "unauthenticated",
    });
  });

  it("reports a cut stream, a broken message and a broken end-of-stream status", () => {
    assert.deepEqual(decode([cursorTextFrame("Hi")]).at(-1), { type: "error", message: "stream ended before the response was complete", code: "stream_truncated" });
    assert.deepEqual(decode([encodeConnectFrame(Buffer.from([0x12, 0x09, 0x01]))]).at(-1), { type: "error", message: "Cursor sent a message that is not valid protobuf", code: "invalid_cursor_message" });
    assert.deepEqual(decode([encodeConnectFrame(Buffer.from("nope"), 0x02)]).at(-1), { type: "error", message: "Cursor ended the stream with an unreadable status", code: "invalid_connect_stream" });
  });

  it("ignores a tool-call message it never asked for", () => {
    const toolCall = encodeConnectFrame(bytesField(1, bytesField(9, "read_file")));
    assert.deepEqual(decode([toolCall, cursorTextFrame("ok"), END_OK]), [{ type: "message-start" }, { type: "text-delta", text: "ok" }, { type: "finish", reason: "stop" }]);
  });
});
