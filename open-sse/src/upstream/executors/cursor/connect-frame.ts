import { gunzipSync } from "node:zlib";

/**
 * Connect protocol streaming envelopes (https://connectrpc.com/docs/protocol/#streaming-request, "Envelope"):
 * each message is `flags (1 byte) | length (u32 BE) | data`. Flag 0x01 marks a compressed payload (gzip when
 * `connect-content-encoding: gzip`); flag 0x02 marks the end-of-stream message, whose data is JSON
 * `{"error"?: {code, message, details}, "metadata"?: {…}}`. A server stream is complete only once its
 * end-of-stream message arrived. Never throws: a broken envelope is reported.
 */
export const CONNECT_FLAG_COMPRESSED = 0x01;
export const CONNECT_FLAG_END_STREAM = 0x02;
const ENVELOPE_HEADER_LENGTH = 5;
/** Larger than any chat message; a length above it means the stream is misaligned or hostile. */
const MAXIMUM_ENVELOPE_LENGTH = 64 * 1024 * 1024;

export function encodeConnectFrame(payload: Uint8Array, flags = 0): Buffer {
  const frame = Buffer.alloc(ENVELOPE_HEADER_LENGTH + payload.length);
  frame.writeUInt8(flags, 0);
  frame.writeUInt32BE(payload.length, 1);
  Buffer.from(payload.buffer, payload.byteOffset, payload.length).copy(frame, ENVELOPE_HEADER_LENGTH);
  return frame;
}

export interface ConnectFrame {
  endStream: boolean;
  /** Decompressed when the envelope said so. */
  payload: Buffer;
}

export class ConnectFrameDecoder {
  private buffer = Buffer.alloc(0);
  private failed = false;

  push(chunk: Uint8Array): { frames: ConnectFrame[]; error?: string } {
    const frames: ConnectFrame[] = [];
    if (this.failed) return { frames };
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= ENVELOPE_HEADER_LENGTH) {
      const flags = this.buffer.readUInt8(0);
      const length = this.buffer.readUInt32BE(1);
      if (length > MAXIMUM_ENVELOPE_LENGTH) return this.fail(frames, `connect envelope length ${length} is out of range`);
      if (this.buffer.length < ENVELOPE_HEADER_LENGTH + length) break;
      let payload = this.buffer.subarray(ENVELOPE_HEADER_LENGTH, ENVELOPE_HEADER_LENGTH + length);
      this.buffer = this.buffer.subarray(ENVELOPE_HEADER_LENGTH + length);
      if ((flags & CONNECT_FLAG_COMPRESSED) !== 0) {
        try {
          payload = gunzipSync(payload);
        } catch {
          return this.fail(frames, "connect envelope is marked compressed but is not gzip");
        }
      }
      frames.push({ endStream: (flags & CONNECT_FLAG_END_STREAM) !== 0, payload });
    }
    return { frames };
  }

  get pendingBytes(): number {
    return this.failed ? 0 : this.buffer.length;
  }

  private fail(frames: ConnectFrame[], error: string): { frames: ConnectFrame[]; error: string } {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    return { frames, error };
  }
}
