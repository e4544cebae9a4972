/**
 * Small readers for JSON of unknown shape, shared by every wire format. Client bodies and upstream answers
 * arrive as `unknown`; these keep the translators free of casts and make "absent", "null" and "wrong type"
 * explicit at each call site.
 */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object's own field, or undefined when `value` is not an object. */
export function fieldOf(value: unknown, key: string): unknown {
  return isJsonObject(value) ? value[key] : undefined;
}

export function stringField(value: unknown, key: string): string | undefined {
  const field = fieldOf(value, key);
  return typeof field === "string" ? field : undefined;
}

/** A finite, non-negative number (token counts): anything else reads as "not reported". */
export function countField(value: unknown, key: string): number | null {
  const field = fieldOf(value, key);
  return typeof field === "number" && Number.isFinite(field) && field >= 0 ? field : null;
}

/** Parses JSON without throwing: undefined for text that is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Copies `source` without the keys whose value is undefined (so JSON bodies carry no `"x": undefined`). */
export function withoutUndefined<T extends JsonObject>(source: T): T {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined) copy[key] = value;
  return copy as T;
}

/** `undefined` and `null` both mean "not sent" in OpenAI bodies (the SDKs serialise unset fields as null). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}
