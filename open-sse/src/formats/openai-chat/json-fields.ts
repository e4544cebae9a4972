/**
 * Small readers for JSON of unknown shape (client bodies and upstream answers arrive as `unknown`), so the
 * translators need no casts and "absent", "null" and "wrong type" are explicit at each call site.
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
