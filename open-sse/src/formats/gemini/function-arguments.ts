import { isJsonObject, tryParseJson } from "../shared/json-fields";

/**
 * Canonical tool-call arguments are JSON text; Gemini's `functionCall.args` is a JSON object. Text that is not
 * a JSON object (a truncated stream, a model that produced a bare value) cannot be carried: it becomes `{}`,
 * the same "no arguments" a Gemini client would see for a call without `args`.
 */
export function argumentsObject(argumentsText: string): Record<string, unknown> {
  const parsed = argumentsText.trim() === "" ? undefined : tryParseJson(argumentsText);
  return isJsonObject(parsed) ? parsed : {};
}

/** Gemini `args` (absent for a call without arguments) as canonical JSON text. */
export function argumentsText(args: unknown): string {
  return JSON.stringify(isJsonObject(args) ? args : {});
}
