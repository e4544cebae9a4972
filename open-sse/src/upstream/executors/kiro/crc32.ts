/**
 * CRC-32 (IEEE 802.3, the "gzip" CRC: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF),
 * the checksum AWS event-stream frames carry for their prelude and for the whole message. Node's own
 * `zlib.crc32` only exists from Node 20.15, and the engine supports 20.9, so the table is computed here once.
 */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let value = byte;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[byte] = value >>> 0;
  }
  return table;
}

/** The CRC-32 of `bytes[start, end)` as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let index = start; index < end; index++) crc = (TABLE[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
