import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ExecutorRequest } from "../upstream-executor";

/** One client header as a string (repeats joined with `,`), or undefined. */
export function clientHeader(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (Array.isArray(value) && value.length > 0) return value.join(",");
  return undefined;
}

/** Copies the client's header when it sent one (same-format traffic: the official client's own values win). */
export function passThrough(from: IncomingHttpHeaders | undefined, to: Record<string, string>, name: string): void {
  const value = clientHeader(from, name);
  if (value !== undefined) to[name] = value;
}

/** The credential the call carries: the OAuth session's access token, else the account's key. */
export function credentialOf(request: ExecutorRequest): string {
  return request.session?.accessToken ?? request.account.apiKey;
}

/** A session extra (`chatgptAccountId`, `projectId`), when the login returned it. */
export function sessionExtra(request: ExecutorRequest, key: string): string | undefined {
  const value = request.session?.extras[key];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * A UUID-shaped id derived from `seed` (v4 layout, hash bits): backends that want a session or request UUID get a
 * stable one per conversation without the engine drawing random numbers.
 */
export function derivedUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The base URL without a trailing slash or a version path the user pasted with it (`/v1`, `/v1internal`). */
export function baseWithout(baseUrl: string, suffix: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith(suffix) ? trimmed.slice(0, -suffix.length) : trimmed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
