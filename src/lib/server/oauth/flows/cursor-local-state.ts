import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { CURSOR_STATE_KEYS, CURSOR_STATE_QUERY } from "../../../../../open-sse/src/upstream/executors/cursor/cursor-token-import";
import { OAuthFlowError } from "../oauth-flow-error";

const requireFromHere = createRequire(import.meta.url);

export type CursorStateValues = Partial<Record<keyof typeof CURSOR_STATE_KEYS, string>>;

/**
 * Reads the login out of the Cursor install's `state.vscdb` (SQLite, `ItemTable (key, value)`), opened read-only
 * so the IDE's own database is never written, and only at the fixed per-OS path the caller computed
 * (`cursorStateDatabasePath`), never a path from a request. better-sqlite3 is loaded on first use: a machine where
 * it does not load can still paste the token.
 */
export function readCursorStateDatabase(file: string): CursorStateValues {
  let Database: typeof BetterSqlite3;
  try {
    Database = requireFromHere("better-sqlite3") as typeof BetterSqlite3;
  } catch {
    throw new OAuthFlowError(500, "unsupported", "The Cursor install cannot be read on this server (better-sqlite3 did not load): paste the token instead.");
  }
  let database: BetterSqlite3.Database;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new OAuthFlowError(409, "conflict", "The Cursor state database could not be opened (is it locked or damaged?): paste the token instead.");
  }
  try {
    const statement = database.prepare(CURSOR_STATE_QUERY);
    const values: CursorStateValues = {};
    for (const [name, key] of Object.entries(CURSOR_STATE_KEYS) as [keyof typeof CURSOR_STATE_KEYS, string][]) {
      const row = statement.get(key) as { value?: unknown } | undefined;
      const value = textOf(row?.value);
      if (value !== undefined) values[name] = value;
    }
    return values;
  } catch {
    throw new OAuthFlowError(409, "conflict", "The Cursor state database could not be read (is it locked or damaged?): paste the token instead.");
  } finally {
    database.close();
  }
}

/** VS Code stores values as text, sometimes as a BLOB, and a few as JSON-quoted strings. */
function textOf(value: unknown): string | undefined {
  const text = Buffer.isBuffer(value) ? value.toString("utf8") : typeof value === "string" ? value : undefined;
  if (text === undefined) return undefined;
  let trimmed = text.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      const unquoted: unknown = JSON.parse(trimmed);
      if (typeof unquoted === "string") trimmed = unquoted.trim();
    } catch {
      // Not JSON: keep it as it is.
    }
  }
  return trimmed === "" ? undefined : trimmed;
}
