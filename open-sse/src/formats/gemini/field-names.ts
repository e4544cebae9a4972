import { isJsonObject, type JsonObject } from "../shared/json-fields";

/**
 * Google's REST endpoints parse request JSON with the proto rules, which accept a field under its JSON name
 * (`systemInstruction`, `inlineData`) or its proto name (`system_instruction`, `inline_data`); Google's own curl
 * examples use the second. The client parser reads both, always at a known structural level (never inside
 * free-form values such as `functionCall.args` or a schema's `properties`, whose keys are the client's data).
 */
export function snakeCase(camelKey: string): string {
  return camelKey.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `object[camelKey]`, or the same field spelled in snake_case. */
export function readField(object: unknown, camelKey: string): unknown {
  if (!isJsonObject(object)) return undefined;
  const value = object[camelKey];
  return value !== undefined ? value : object[snakeCase(camelKey)];
}

/** The fields of `object` this codec does not read (either spelling), kept as the client wrote them. */
export function unreadFields(object: JsonObject, read: ReadonlySet<string>): JsonObject {
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!read.has(camelCase(key))) extra[key] = value;
  return extra;
}
