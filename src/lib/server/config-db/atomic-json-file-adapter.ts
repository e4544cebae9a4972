import { randomBytes } from "node:crypto";
import { open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";

/**
 * A lowdb adapter whose writes survive power loss and `kill -9`: the document goes to a temp file beside the
 * target, is fsynced, renamed over the target, and the directory is fsynced so the rename itself is durable.
 * Readers therefore see the old or the new document, never a truncated one. lowdb's own `steno` writer
 * renames without fsync, which is why this exists.
 */
export class AtomicJsonFileAdapter<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileAtomically(this.file, `${JSON.stringify(data, null, 2)}\n`, this.mode);
  }
}

export async function writeFileAtomically(file: string, content: string, mode = 0o600): Promise<void> {
  const directory = dirname(file);
  const temp = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * Removes temp files that a process killed mid-write (kill -9, power loss) left beside `file`; otherwise every
 * such crash leaves another full copy of the document behind, forever. A temp file of a process that is still
 * running is kept: it may be about to be renamed into place. Call it before this process writes `file`.
 */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const directory = dirname(file);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(file))}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (match === null || isRunning(Number(match[1]))) continue;
    try {
      await unlink(join(directory, name));
      removed.push(name);
    } catch {
      // Another process cleaned it up first, or it cannot be removed; it does no harm where it is.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  // Called before this process writes, so a file with our own pid is from an earlier process that had the same
  // pid (in a container the server is often pid 1 on every start).
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch (error) {
    // Some platforms and file systems (Windows, some network mounts) cannot fsync a directory; the rename stands.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EACCES") throw error;
  } finally {
    await handle?.close();
  }
}
