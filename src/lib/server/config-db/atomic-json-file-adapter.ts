import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
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
