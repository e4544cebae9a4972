import { createHash } from "node:crypto";

import { derivedUuid } from "../executor-support";
import { DNS_NAMESPACE, nameBasedUuid } from "../kiro/name-based-uuid";

/**
 * The headers the Cursor IDE's Connect client sends to `api2.cursor.sh`, as the open-source gateways rebuilt
 * them (decolua/9router open-sse/utils/cursorChecksum.js `buildCursorHeaders`; the same set in several Go and
 * Python ports):
 *
 * - `authorization: Bearer <access token>`, `connect-protocol-version: 1`, `content-type:
 *   application/connect+proto`, `connect-accept-encoding: gzip`, `user-agent: connect-es/1.6.1`;
 * - `x-client-key` = hex SHA-256 of the token; `x-session-id` = the UUIDv5 of the token in the DNS namespace;
 * - `x-cursor-checksum` (see below), `x-cursor-client-version`, `-client-type: ide`, `-client-os`,
 *   `-client-arch`, `-client-device-type: desktop`, `-config-version`, `-timezone`, `x-ghost-mode` (privacy
 *   mode), `x-request-id`, `x-amzn-trace-id`.
 *
 * The checksum is the desktop client's (workbench.desktop.main.js, as transcribed by 9router and by a second,
 * independent port that documents the 32-bit shift quirk): 6 bytes of `floor(now / 1e6)` taken with JavaScript's
 * `>> 40, >> 32, >> 24, >> 16, >> 8, >> 0`, obfuscated with a rolling key that starts at 165
 * (`byte = ((byte ^ key) + index) & 0xff; key = byte`), URL-safe base64 without padding, followed by the
 * machine id (`storage.serviceMachineId` of the local install, or one derived from the token) and, when known,
 * `/` + the MAC machine id. It needs the call's time, so it is only sent when the engine passes `now`.
 */
export const CURSOR_CLIENT_VERSION = "3.1.0";

export interface CursorHeaderInput {
  accessToken: string;
  requestId: string;
  /** `storage.serviceMachineId` from the Cursor install; absent: derived from the token (9router's fallback). */
  machineId?: string;
  macMachineId?: string;
  clientVersion?: string;
  /** Privacy mode (Cursor's default for API use): true unless the account says otherwise. */
  ghostMode?: boolean;
  /** Epoch ms of the call; without it no checksum is sent. */
  now?: number;
}

export function cursorHeaders(input: CursorHeaderInput): Record<string, string> {
  const token = cursorBareToken(input.accessToken);
  const machineId = input.machineId ?? createHash("sha256").update(`${token}machineId`).digest("hex");
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    "connect-accept-encoding": "gzip",
    "connect-protocol-version": "1",
    "content-type": "application/connect+proto",
    "user-agent": "connect-es/1.6.1",
    "x-amzn-trace-id": `Root=${derivedUuid(`cursor-trace:${input.requestId}`)}`,
    "x-client-key": createHash("sha256").update(token).digest("hex"),
    "x-cursor-client-version": input.clientVersion ?? CURSOR_CLIENT_VERSION,
    "x-cursor-client-type": "ide",
    "x-cursor-client-os": "linux",
    "x-cursor-client-arch": "x64",
    "x-cursor-client-device-type": "desktop",
    "x-cursor-config-version": derivedUuid(`cursor-config:${machineId}`),
    "x-cursor-timezone": "UTC",
    "x-ghost-mode": input.ghostMode === false ? "false" : "true",
    "x-request-id": derivedUuid(`cursor-request:${input.requestId}`),
    "x-session-id": nameBasedUuid(token, DNS_NAMESPACE),
  };
  if (input.now !== undefined) headers["x-cursor-checksum"] = cursorChecksum(machineId, input.now, input.macMachineId);
  return headers;
}

export function cursorChecksum(machineId: string, now: number, macMachineId?: string): string {
  const stamp = Math.floor(now / 1e6);
  // Exactly the client's expression: JavaScript shifts are 32-bit with the count taken mod 32, so `>> 40` and
  // `>> 32` are really `>> 8` and `>> 0`. "Fixing" them to 48-bit arithmetic would give another checksum.
  const bytes = [(stamp >> 40) & 255, (stamp >> 32) & 255, (stamp >> 24) & 255, (stamp >> 16) & 255, (stamp >> 8) & 255, stamp & 255];
  let key = 165;
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = (((bytes[index] as number) ^ key) + (index % 256)) & 0xff;
    key = bytes[index] as number;
  }
  const prefix = Buffer.from(bytes).toString("base64url");
  return macMachineId === undefined ? `${prefix}${machineId}` : `${prefix}${machineId}/${macMachineId}`;
}

/** The JWT alone: the web cookie form `user_…::<jwt>` (or `%3A%3A`) carries the user id in front. */
export function cursorBareToken(token: string): string {
  const decoded = token.includes("%3A%3A") ? token.replaceAll("%3A%3A", "::") : token;
  const separator = decoded.lastIndexOf("::");
  return (separator === -1 ? decoded : decoded.slice(separator + 2)).trim();
}
