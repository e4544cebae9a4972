/**
 * One pass over the raw request bytes, before `JSON.parse`, that finds what the hot path needs without
 * re-serializing the body:
 * - nesting depth (hostile 10,000-deep bodies are refused before anything recursive touches them);
 * - `__proto__` keys at any depth (refused: they are never legitimate in an API request and poison merges);
 * - the byte span of the top-level `"model"` string, so the prefix can be rewritten in place and every
 *   other byte reaches the upstream unchanged (prompt-cache keys and signatures survive).
 * The bytes are not validated here: `JSON.parse` does that, and this scanner never throws or loops on junk.
 */
export interface JsonBodyScan {
  tooDeep: boolean;
  forbiddenKey: boolean;
  /** Offset of the opening quote of the last top-level "model" string value, or -1. */
  modelStart: number;
  /** Offset just past its closing quote, or -1. */
  modelEnd: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const MODEL_BYTES = Buffer.from("model");
const PROTO_BYTES = Buffer.from("__proto__");

export function scanJsonBody(bytes: Buffer, maxDepth: number): JsonBodyScan {
  const length = bytes.length;
  // containerIsObject[d] is 1 when the container opened at depth d is an object.
  const containerIsObject = new Uint8Array(maxDepth + 2);
  let depth = 0;
  let expectingKey = false;
  let modelValueNext = false;
  let forbiddenKey = false;
  let modelStart = -1;
  let modelEnd = -1;

  for (let index = 0; index < length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      const start = index;
      let hasEscape = false;
      index++;
      while (index < length) {
        const inner = bytes[index];
        if (inner === BACKSLASH) {
          hasEscape = true;
          index += 2;
          continue;
        }
        if (inner === QUOTE) break;
        index++;
      }
      const end = index + 1;
      if (expectingKey && containerIsObject[depth] === 1) {
        expectingKey = false;
        const key = hasEscape ? decodeKey(bytes, start, end) : null;
        if (key !== null ? key === "__proto__" : equalsAt(bytes, start + 1, end - 1, PROTO_BYTES)) forbiddenKey = true;
        if (depth === 1) modelValueNext = key !== null ? key === "model" : equalsAt(bytes, start + 1, end - 1, MODEL_BYTES);
        continue;
      }
      if (modelValueNext && depth === 1) {
        modelStart = start;
        modelEnd = end;
      }
      modelValueNext = false;
      continue;
    }
    switch (byte) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
        depth++;
        if (depth > maxDepth) return { tooDeep: true, forbiddenKey, modelStart: -1, modelEnd: -1 };
        containerIsObject[depth] = byte === OPEN_BRACE ? 1 : 0;
        expectingKey = byte === OPEN_BRACE;
        modelValueNext = false;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        if (depth > 0) depth--;
        expectingKey = false;
        modelValueNext = false;
        break;
      case COMMA:
        expectingKey = containerIsObject[depth] === 1;
        modelValueNext = false;
        break;
      default:
        break;
    }
  }
  return { tooDeep: false, forbiddenKey, modelStart, modelEnd };
}

function equalsAt(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let offset = 0; offset < expected.length; offset++) {
    if (bytes[start + offset] !== expected[offset]) return false;
  }
  return true;
}

/** Keys with escapes (`"\u005f_proto__"`) are decoded exactly as JSON.parse would see them. */
function decodeKey(bytes: Buffer, start: number, end: number): string | null {
  try {
    const decoded: unknown = JSON.parse(bytes.toString("utf8", start, end));
    return typeof decoded === "string" ? decoded : null;
  } catch {
    return null;
  }
}
