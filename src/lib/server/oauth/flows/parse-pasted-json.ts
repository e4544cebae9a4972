import { invalidInput } from "../oauth-flow-error";
import { isRecord } from "../token-endpoint";

/** The most a pasted credentials file may be: real ones are a few kilobytes. */
export const MAX_PASTED_CREDENTIALS_BYTES = 64 * 1024;

/**
 * A credentials file the user pasted into the dashboard, as text or already parsed. Never a path: the server
 * reads no file on a client's say-so. Errors name what is wrong, never the content.
 */
export function parsePastedJson(pasted: unknown): Record<string, unknown> {
  let value = pasted;
  if (typeof pasted === "string") {
    if (Buffer.byteLength(pasted, "utf8") > MAX_PASTED_CREDENTIALS_BYTES) throw invalidInput("content: larger than a credentials file can be");
    try {
      value = JSON.parse(pasted);
    } catch {
      throw invalidInput("content: not valid JSON (paste the whole file)");
    }
  }
  if (!isRecord(value)) throw invalidInput("content: must be a JSON object");
  return value;
}
