/** Thrown by `openSqlite` when neither better-sqlite3 nor the built-in node:sqlite can be loaded. */
export class SqliteUnavailableError extends Error {
  override readonly name = "SqliteUnavailableError";
  readonly betterSqliteError: string;
  readonly nodeSqliteError: string;

  constructor(betterSqliteError: string, nodeSqliteError: string) {
    super(
      `SQLite is unavailable: better-sqlite3 failed to load (${betterSqliteError}), and the built-in ` +
        `node:sqlite is not usable on Node ${process.versions.node} (${nodeSqliteError}). ` +
        "Fix: run `npm rebuild better-sqlite3` (needs python3, make and g++), " +
        "or run on Node >= 22.13, where the built-in node:sqlite is used instead.",
    );
    this.betterSqliteError = betterSqliteError;
    this.nodeSqliteError = nodeSqliteError;
  }
}

/** The first line of an error's message: native load errors carry long require stacks after it. */
export function firstLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The most common case, a module built for another Node.js, says so only on its later lines.
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) return `it was built for another Node.js version (module ABI ${abi[1]}, this Node.js needs ${abi[2]})`;
  return message.split("\n", 1)[0]?.trim() || "unknown error";
}
