/**
 * The protobuf binary wire format, the small part Cursor's messages need: varints (wire type 0) and
 * length-delimited fields (wire type 2: strings, bytes, nested messages); 64- and 32-bit fixed fields are read
 * only to be skipped. Per the protobuf encoding guide (https://protobuf.dev/programming-guides/encoding/):
 * a field is a tag varint `(field number << 3) | wire type` followed by its value; varints are little-endian
 * base-128 with the high bit as continuation.
 */
export type ProtoField = { field: number; wireType: 0; value: bigint } | { field: number; wireType: 2; value: Buffer } | { field: number; wireType: 1 | 5; value: Buffer };

export function encodeVarint(value: number | bigint): Buffer {
  let remaining = BigInt(value);
  if (remaining < 0n) remaining = BigInt.asUintN(64, remaining);
  const bytes: number[] = [];
  while (remaining >= 0x80n) {
    bytes.push(Number(remaining & 0x7fn) | 0x80);
    remaining >>= 7n;
  }
  bytes.push(Number(remaining));
  return Buffer.from(bytes);
}

/** A varint field; zero is written too (the reverse-engineered schemas send explicit zeros). */
export function varintField(field: number, value: number | bigint | boolean): Buffer {
  return Buffer.concat([encodeVarint((field << 3) | 0), encodeVarint(typeof value === "boolean" ? (value ? 1 : 0) : value)]);
}

/** A length-delimited field: a string (UTF-8), raw bytes, or an already-encoded nested message. */
export function bytesField(field: number, value: string | Uint8Array): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.buffer, value.byteOffset, value.length);
  return Buffer.concat([encodeVarint((field << 3) | 2), encodeVarint(bytes.length), bytes]);
}

export function message(...fields: Buffer[]): Buffer {
  return Buffer.concat(fields);
}

/** Every field of one message, in wire order; throws on malformed input (callers guard). */
export function decodeFields(bytes: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    offset = tag.next;
    const field = Number(tag.value >> 3n);
    const wireType = Number(tag.value & 7n);
    if (field === 0) throw new Error("protobuf field number 0");
    switch (wireType) {
      case 0: {
        const value = readVarint(bytes, offset);
        offset = value.next;
        fields.push({ field, wireType: 0, value: value.value });
        break;
      }
      case 2: {
        const length = readVarint(bytes, offset);
        const start = length.next;
        const end = start + Number(length.value);
        if (length.value > BigInt(bytes.length) || end > bytes.length) throw new Error("protobuf length runs past the message");
        fields.push({ field, wireType: 2, value: bytes.subarray(start, end) });
        offset = end;
        break;
      }
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (offset + size > bytes.length) throw new Error("protobuf fixed field runs past the message");
        fields.push({ field, wireType, value: bytes.subarray(offset, offset + size) });
        offset += size;
        break;
      }
      default:
        throw new Error(`protobuf wire type ${wireType} is not supported`);
    }
  }
  return fields;
}

function readVarint(bytes: Buffer, start: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let offset = start; offset < bytes.length && shift < 70n; offset++) {
    const byte = bytes[offset] as number;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: offset + 1 };
    shift += 7n;
  }
  throw new Error("protobuf varint runs past the message");
}

/** The first length-delimited field with this number, as UTF-8 text. */
export function stringOf(fields: readonly ProtoField[], field: number): string | undefined {
  const found = fields.find((candidate) => candidate.field === field && candidate.wireType === 2);
  return found === undefined ? undefined : (found.value as Buffer).toString("utf8");
}

/** The first length-delimited field with this number, as a nested message's bytes. */
export function bytesOf(fields: readonly ProtoField[], field: number): Buffer | undefined {
  const found = fields.find((candidate) => candidate.field === field && candidate.wireType === 2);
  return found === undefined ? undefined : (found.value as Buffer);
}
