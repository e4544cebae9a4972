import { crc32 } from "./crc32";

/**
 * Reads AWS's binary event-stream framing (`application/vnd.amazon.eventstream`), the answer format of the
 * CodeWhisperer / Kiro `GenerateAssistantResponse` API. Every message is
 *
 *   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 (of the 8 bytes before it)
 *   | headers | payload | message CRC32 (of everything before it)
 *
 * and each header is: name length (u8), name (UTF-8), value type (u8), value — types 0/1 boolean true/false,
 * 2 byte, 3 short, 4 integer, 5 long, 6 byte array (u16 length), 7 string (u16 length), 8 timestamp (i64 ms),
 * 9 UUID (16 bytes). Sources: the AWS event-stream encoding description
 * (https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream) and
 * awslabs/aws-c-event-stream (`AWS_EVENT_STREAM_MAX_MESSAGE_SIZE` 16 MiB, max headers 128 KiB).
 *
 * Chunks may split a message anywhere. A checksum mismatch or an impossible length means the bytes can no
 * longer be trusted (a length read from a corrupted prelude would misalign every later frame), so the first
 * such fault ends decoding for good: it is reported once and later bytes are ignored. Never throws.
 */
export type EventStreamHeaderValue = string | number | boolean | bigint | Buffer;

export interface EventStreamMessage {
  headers: ReadonlyMap<string, EventStreamHeaderValue>;
  payload: Buffer;
}

export interface EventStreamDecodeResult {
  messages: EventStreamMessage[];
  /** Set once, on the push that met corrupted framing; every later push returns nothing. */
  error?: string;
}

const PRELUDE_LENGTH = 12;
const CHECKSUM_LENGTH = 4;
const MINIMUM_MESSAGE_LENGTH = PRELUDE_LENGTH + CHECKSUM_LENGTH;
const MAXIMUM_MESSAGE_LENGTH = 16 * 1024 * 1024;
const MAXIMUM_HEADERS_LENGTH = 128 * 1024;

export class EventStreamFrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total length of the message whose prelude was already checked, while its bytes are still arriving. */
  private expectedLength: number | undefined;
  private failed = false;

  push(chunk: Uint8Array): EventStreamDecodeResult {
    const messages: EventStreamMessage[] = [];
    if (this.failed || chunk.length === 0) return { messages };
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.buffered += chunk.length;
    for (;;) {
      if (this.expectedLength === undefined) {
        if (this.buffered < PRELUDE_LENGTH) break;
        const prelude = this.coalesce();
        const problem = preludeProblem(prelude);
        if (problem !== undefined) return this.fail(messages, problem);
        this.expectedLength = prelude.readUInt32BE(0);
      }
      if (this.buffered < this.expectedLength) break;
      const bytes = this.coalesce();
      const frame = bytes.subarray(0, this.expectedLength);
      const decoded = decodeFrame(frame);
      if (typeof decoded === "string") return this.fail(messages, decoded);
      messages.push(decoded);
      this.chunks = [bytes.subarray(this.expectedLength)];
      this.buffered -= this.expectedLength;
      this.expectedLength = undefined;
    }
    return { messages };
  }

  /** Bytes received that do not (yet) form a whole message: non-zero at the end of a cut-off stream. */
  get pendingBytes(): number {
    return this.failed ? 0 : this.buffered;
  }

  private coalesce(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private fail(messages: EventStreamMessage[], error: string): EventStreamDecodeResult {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    return { messages, error };
  }
}

function preludeProblem(prelude: Buffer): string | undefined {
  const totalLength = prelude.readUInt32BE(0);
  const headersLength = prelude.readUInt32BE(4);
  if (crc32(prelude, 0, 8) !== prelude.readUInt32BE(8)) return "event-stream prelude checksum mismatch";
  if (totalLength < MINIMUM_MESSAGE_LENGTH || totalLength > MAXIMUM_MESSAGE_LENGTH) return `event-stream message length ${totalLength} is out of range`;
  if (headersLength > MAXIMUM_HEADERS_LENGTH || headersLength + MINIMUM_MESSAGE_LENGTH > totalLength) {
    return `event-stream headers length ${headersLength} does not fit the message`;
  }
  return undefined;
}

/** One whole message whose prelude was already checked: the message checksum, then headers and payload. */
function decodeFrame(frame: Buffer): EventStreamMessage | string {
  const end = frame.length - CHECKSUM_LENGTH;
  if (crc32(frame, 0, end) !== frame.readUInt32BE(end)) return "event-stream message checksum mismatch";
  const headersEnd = PRELUDE_LENGTH + frame.readUInt32BE(4);
  const headers = decodeHeaders(frame, PRELUDE_LENGTH, headersEnd);
  if (typeof headers === "string") return headers;
  return { headers, payload: frame.subarray(headersEnd, end) };
}

function decodeHeaders(frame: Buffer, start: number, end: number): Map<string, EventStreamHeaderValue> | string {
  const headers = new Map<string, EventStreamHeaderValue>();
  let offset = start;
  const overrun = "event-stream header runs past its section";
  while (offset < end) {
    const nameLength = frame.readUInt8(offset);
    offset += 1;
    if (nameLength === 0 || offset + nameLength + 1 > end) return overrun;
    const name = frame.toString("utf8", offset, offset + nameLength);
    offset += nameLength;
    const type = frame.readUInt8(offset);
    offset += 1;
    const fixedSize = FIXED_VALUE_SIZES[type];
    let value: EventStreamHeaderValue;
    if (fixedSize !== undefined) {
      if (offset + fixedSize > end) return overrun;
      value = readFixedValue(frame, offset, type);
      offset += fixedSize;
    } else if (type === 6 || type === 7) {
      if (offset + 2 > end) return overrun;
      const length = frame.readUInt16BE(offset);
      offset += 2;
      if (offset + length > end) return overrun;
      value = type === 7 ? frame.toString("utf8", offset, offset + length) : Buffer.from(frame.subarray(offset, offset + length));
      offset += length;
    } else {
      return `event-stream header "${name}" has unknown value type ${type}`;
    }
    headers.set(name, value);
  }
  return headers;
}

const FIXED_VALUE_SIZES: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

function readFixedValue(frame: Buffer, offset: number, type: number): EventStreamHeaderValue {
  switch (type) {
    case 0:
      return true;
    case 1:
      return false;
    case 2:
      return frame.readInt8(offset);
    case 3:
      return frame.readInt16BE(offset);
    case 4:
      return frame.readInt32BE(offset);
    case 5:
      return frame.readBigInt64BE(offset);
    case 8:
      // Milliseconds since the epoch: well inside Number's exact range for any real date.
      return Number(frame.readBigInt64BE(offset));
    default:
      return formatUuid(frame.subarray(offset, offset + 16));
  }
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A string header's value, or undefined when absent or of another type. */
export function stringHeader(message: EventStreamMessage, name: string): string | undefined {
  const value = message.headers.get(name);
  return typeof value === "string" ? value : undefined;
}
