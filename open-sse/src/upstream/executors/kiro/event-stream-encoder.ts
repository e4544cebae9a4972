import { crc32 } from "./crc32";

/**
 * Writes one AWS event-stream message (see event-stream-decoder.ts for the layout) with string headers only,
 * which is all the CodeWhisperer / Kiro API sends (`:message-type`, `:event-type`, `:content-type`,
 * `:exception-type`). The mock upstream and the tests build their frames with it.
 */
export function encodeEventStreamMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, "utf8");
    const valueBytes = Buffer.from(value, "utf8");
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    header.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(header, 1);
    header.writeUInt8(7, 1 + nameBytes.length);
    header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(header, 4 + nameBytes.length);
    headerParts.push(header);
  }
  const headerBytes = Buffer.concat(headerParts);
  const totalLength = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(totalLength);
  message.writeUInt32BE(totalLength, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message, 0, 8), 8);
  headerBytes.copy(message, 12);
  Buffer.from(payload.buffer, payload.byteOffset, payload.length).copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message, 0, totalLength - 4), totalLength - 4);
  return message;
}

/** A Kiro event frame: `:message-type event`, the event type, and its JSON payload. */
export function encodeKiroEvent(eventType: string, payload: unknown): Buffer {
  return encodeEventStreamMessage(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    Buffer.from(JSON.stringify(payload), "utf8"),
  );
}

/** A Kiro exception frame (`:message-type exception`), as the service sends a mid-stream failure. */
export function encodeKiroException(exceptionType: string, message: string): Buffer {
  return encodeEventStreamMessage(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    Buffer.from(JSON.stringify({ message }), "utf8"),
  );
}
