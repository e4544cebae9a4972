/**
 * The primary SQLite result code of an error ("SQLITE_BUSY", "SQLITE_CONSTRAINT", …) whichever driver threw
 * it: better-sqlite3 names extended codes ("SQLITE_CONSTRAINT_UNIQUE"), node:sqlite gives numbers.
 */
const PRIMARY_CODE_NAMES: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
};

export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (typeof code === "string") {
    const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
    if (primary) return primary;
  }
  // node:sqlite reports the extended code; its low byte is the primary one.
  if (typeof errcode === "number") return PRIMARY_CODE_NAMES[errcode & 0xff] ?? `SQLITE_${errcode & 0xff}`;
  return undefined;
}
