import { accessSync, chmodSync, constants, mkdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export interface ResolveDataDirInput {
  /** The `--data-dir` command-line value, when given. */
  cliDataDir?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Defaults to the OS home directory; tests pass a temp dir. */
  homeDir?: string;
}

/** Precedence: `--data-dir`, `DATA_DIR`, `$XDG_CONFIG_HOME/omniroute`, `~/.omniroute`. Always absolute. */
export function resolveDataDir(input: ResolveDataDirInput): string {
  const home = input.homeDir ?? homedir();
  const chosen = nonEmpty(input.cliDataDir) ?? nonEmpty(input.env.DATA_DIR);
  if (chosen !== undefined) return resolve(expandHome(chosen, home));
  const xdgConfigHome = nonEmpty(input.env.XDG_CONFIG_HOME);
  if (xdgConfigHome !== undefined) return resolve(expandHome(xdgConfigHome, home), "omniroute");
  return join(home, ".omniroute");
}

export interface DataDirPaths {
  dataDir: string;
  logsDir: string;
  secretsDir: string;
  backupsDir: string;
  /** LowDB config document. */
  configDbFile: string;
  /** Usage, request logs, audit. */
  sqliteFile: string;
}

export class DataDirError extends Error {
  override name = "DataDirError";
}

/** Creates the data directory layout (idempotent) and proves it is writable before anything else opens files in it. */
export function prepareDataDir(dir: string): DataDirPaths {
  const dataDir = resolve(dir);
  const paths: DataDirPaths = {
    dataDir,
    logsDir: join(dataDir, "logs"),
    secretsDir: join(dataDir, "secrets"),
    backupsDir: join(dataDir, "backups"),
    configDbFile: join(dataDir, "db.json"),
    sqliteFile: join(dataDir, "omniroute.sqlite"),
  };
  for (const directory of [paths.dataDir, paths.logsDir, paths.secretsDir, paths.backupsDir]) {
    makeDirectory(directory);
  }
  // mkdir's mode applies only on creation: tighten secrets/ even if it pre-existed with looser permissions.
  tightenMode(paths.secretsDir);
  for (const directory of [paths.dataDir, paths.secretsDir, paths.backupsDir, paths.logsDir]) {
    assertWritable(directory);
  }
  return paths;
}

function makeDirectory(directory: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DataDirError(`cannot create data directory ${directory}: ${describe(error)}`, { cause: error });
  }
  if (!statSync(directory).isDirectory()) {
    throw new DataDirError(`cannot use data directory ${directory}: it exists but is not a directory`);
  }
}

function tightenMode(directory: string): void {
  try {
    chmodSync(directory, 0o700);
  } catch (error) {
    throw new DataDirError(`cannot restrict permissions of ${directory} to 0700: ${describe(error)}`, { cause: error });
  }
}

function assertWritable(directory: string): void {
  try {
    accessSync(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new DataDirError(
      `data directory ${directory} is not writable: ${describe(error)} (choose another with --data-dir or DATA_DIR)`,
      { cause: error },
    );
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOTDIR: "a parent path is not a directory",
    EEXIST: "a file with that name exists",
    ENOSPC: "no space left on device",
  };
  if (code !== undefined) return `${reasons[code] ?? "error"} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/** `~/x` arrives unexpanded when the value comes from a quoted env var or a config file rather than a shell. */
function expandHome(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}
