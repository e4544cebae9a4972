/**
 * Small readers for JSON of unknown shape. Client bodies and upstream answers arrive as `unknown`; these keep
 * the translators free of casts and make "absent", "null" and "wrong type" explicit at each call site.
 */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The field when it is a string, else undefined. */
export function stringField(value: unknown, key: string): string | undefined {
  if (!isJsonObject(value)) return undefined;
  const field = value[key];
  return typeof field === "string" ? field : undefined;
}

/** Parses JSON without throwing: undefined for text that is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `undefined` and `null` both mean "not sent" in OpenAI bodies (the SDKs serialise unset fields as null). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}
