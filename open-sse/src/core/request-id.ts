import { randomUUID } from "node:crypto";

/** Ids we echo back must be safe in a header and a log line: no CR/LF, no spaces, bounded length. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function resolveRequestId(presented: string | string[] | undefined): string {
  if (typeof presented === "string" && SAFE_REQUEST_ID.test(presented)) return presented;
  return `req_${randomUUID().replaceAll("-", "")}`;
}
