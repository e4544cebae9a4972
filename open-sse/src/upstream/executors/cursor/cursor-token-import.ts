import { cursorBareToken } from "./cursor-headers";

/**
 * Importing an existing Cursor login (Cursor has no login flow a third party can drive): the user pastes the
 * access token, or the host reads it from the local Cursor install's state database.
 *
 * The install is a VS Code fork: its global state is the SQLite file `User/globalStorage/state.vscdb` under the
 * per-OS application data folder, table `ItemTable (key, value)`. The keys (decolua/9router
 * src/lib/oauth/constants/oauth.js `CURSOR_CONFIG` and src/app/api/oauth/cursor/auto-import/route.js;
 * JiuZ-Chn/Cursor-To-OpenAI README): `cursorAuth/accessToken` (a JWT), `cursorAuth/refreshToken`,
 * `cursorAuth/cachedEmail`, `cursorAuth/stripeMembershipType` (the plan) and `storage.serviceMachineId`
 * (the machine id the request checksum carries). Reading SQLite is the host's job; these are pure helpers.
 */
export const CURSOR_STATE_KEYS = {
  accessToken: "cursorAuth/accessToken",
  refreshToken: "cursorAuth/refreshToken",
  email: "cursorAuth/cachedEmail",
  membership: "cursorAuth/stripeMembershipType",
  machineId: "storage.serviceMachineId",
} as const;

/** `SELECT value FROM ItemTable WHERE key = ?`, once per key above. */
export const CURSOR_STATE_QUERY = "SELECT value FROM ItemTable WHERE key = ?";

export interface CursorStatePathInput {
  /** `process.platform`. */
  platform: string;
  /** The user's home directory (`os.homedir()`). */
  homeDir: string;
  /** `process.env` (APPDATA on Windows, XDG_CONFIG_HOME on Linux). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Where the Cursor install keeps `state.vscdb` on this OS; undefined for a platform Cursor does not ship on. */
export function cursorStateDatabasePath(input: CursorStatePathInput): string | undefined {
  const relative = ["Cursor", "User", "globalStorage", "state.vscdb"];
  switch (input.platform) {
    case "darwin":
      return joinPath("/", [input.homeDir, "Library", "Application Support", ...relative]);
    case "win32": {
      const appData = nonEmpty(input.env.APPDATA) ?? joinPath("\\", [input.homeDir, "AppData", "Roaming"]);
      return joinPath("\\", [appData, ...relative]);
    }
    case "linux":
    case "freebsd":
    case "openbsd": {
      const config = nonEmpty(input.env.XDG_CONFIG_HOME) ?? joinPath("/", [input.homeDir, ".config"]);
      return joinPath("/", [config, ...relative]);
    }
    default:
      return undefined;
  }
}

export interface ImportedCursorToken {
  accessToken: string;
  /** Epoch ms from the JWT's `exp`; null when it has none. */
  expiresAt: number | null;
  /** The JWT's `sub` (`auth0|user_…`, `google-oauth2|…`): the account identity that de-duplicates reconnects. */
  subject: string | null;
}

/**
 * Reads a pasted Cursor token: the bare access token (a JWT, as `cursorAuth/accessToken` holds it) or the web
 * session cookie `WorkosCursorSessionToken` (`user_…::<jwt>`, URL-encoded as `%3A%3A` when copied from the
 * browser). Throws an Error with a message for the user when it is neither.
 */
export function parseCursorToken(pasted: string): ImportedCursorToken {
  const token = cursorBareToken(pasted.trim().replace(/^Bearer\s+/i, ""));
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    throw new Error("This is not a Cursor access token: expected a JWT (three base64url parts), or the `user_…::<token>` session cookie.");
  }
  let claims: Record<string, unknown>;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8"));
    if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) throw new Error("not an object");
    claims = decoded as Record<string, unknown>;
  } catch {
    throw new Error("This is not a Cursor access token: its payload is not JSON.");
  }
  return {
    accessToken: token,
    expiresAt: typeof claims.exp === "number" && Number.isFinite(claims.exp) ? claims.exp * 1000 : null,
    subject: typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : null,
  };
}

function joinPath(separator: string, parts: readonly string[]): string {
  return parts
    .map((part, index) => (index === 0 ? part.replace(/[\\/]+$/, "") : part.replace(/^[\\/]+|[\\/]+$/g, "")))
    .filter((part, index) => index === 0 || part !== "")
    .join(separator);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
