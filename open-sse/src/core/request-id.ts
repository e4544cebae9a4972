import { randomUUID } from "node:crypto";

/** Ids we echo back must be safe in a header and a log line: no CR/LF, no spaces, bounded length. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/**
 * A client id shaped like a provider key (sk-…, AIza…, ghp_…, xai-…, a JWT) is replaced rather than echoed:
 * the id is stored in the usage table and logs, where a key pasted into the wrong header must not land.
 */
const KEY_SHAPED = /\b(?:(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|eyJ[A-Za-z0-9_-]{10,}\.)/;

export function resolveRequestId(presented: string | string[] | undefined): string {
  if (typeof presented === "string" && SAFE_REQUEST_ID.test(presented) && !KEY_SHAPED.test(presented)) return presented;
  return `req_${randomUUID().replaceAll("-", "")}`;
}
