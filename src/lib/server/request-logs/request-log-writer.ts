/**
 * The request log on disk: JSON lines in DATA_DIR/logs/requests-YYYY-MM-DD-NNN.jsonl, one entry per request,
 * indexed in SQLite (`request_log`: each entry's file and byte offset, so a detail read is one seek; the list view
 * joins the request's usage row for everything else). Entries are queued by the usage sink and written in batches, off the request path: one
 * append and one index transaction per batch.
 *
 * Bounded three ways: a file is closed past `maxFileBytes` (and at each UTC day), files past `retentionDays`
 * are deleted, and past `maxBytes` in total the oldest files go first. Deleting a file deletes its index rows.
 * Files are created 0600: they hold prompts.
 */
import { appendFile, open, rm } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SqliteDatabase, SqliteValue } from "../sqlite/sqlite-database";
import type { RequestLogRecord } from "./request-log-entry";
import type { RequestLogSettings } from "./request-log-settings";

export interface RequestLogWriterOptions {
  /** DATA_DIR/logs. */
  dir: string;
  db: SqliteDatabase;
  settings: () => RequestLogSettings;
  now?: () => number;
  /** How long an entry may wait before its batch is written. Default 500 ms. */
  flushIntervalMs?: number;
  /** Entries waiting at most; past it the oldest are dropped (counted in `droppedCount`). Default 5,000. */
  maxQueue?: number;
  onError?: (error: Error) => void;
}

export interface RequestLogWriter {
  /** Queues an entry, built later (when its batch is written). Never throws, never does I/O. */
  append(build: () => RequestLogRecord): void;
  /** Writes what is queued now. */
  flush(): Promise<void>;
  /** Retention and the size cap now (also after every batch that passes the cap, and hourly). */
  maintain(): Promise<{ filesDeleted: number; rowsDeleted: number }>;
  /** The entry at a position the index gave, or undefined when its file is gone or the bytes are not an entry. */
  readEntry(file: string, offset: number, bytes: number): Promise<RequestLogRecord | undefined>;
  close(): Promise<void>;
  readonly pendingCount: number;
  readonly droppedCount: number;
  /** Bytes in log files now. */
  readonly totalBytes: number;
}

const FILE_PATTERN = /^requests-(\d{4}-\d{2}-\d{2})-(\d{3,6})\.jsonl$/;
const MAX_BATCH = 500;
const DAY_MS = 86_400_000;

interface LogFile {
  name: string;
  day: string;
  sequence: number;
  bytes: number;
  /** No more lines go here (a failed append may have left part of a batch: offsets after it would be wrong). */
  closed?: boolean;
}

export function createRequestLogWriter(options: RequestLogWriterOptions): RequestLogWriter {
  const now = options.now ?? Date.now;
  const flushIntervalMs = options.flushIntervalMs ?? 500;
  const maxQueue = options.maxQueue ?? 5_000;
  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A throwing error handler must not break the writer.
    }
  };

  const files: LogFile[] = scanFiles(options.dir);
  let totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const insert = options.db.prepare(
    "INSERT INTO request_log (request_id, started_at, has_bodies, file, byte_offset, bytes) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
  );
  const insertBatch = options.db.transaction((rows: SqliteValue[][]) => {
    for (const values of rows) insert.run(...values);
  });
  const deleteFileRows = options.db.prepare("DELETE FROM request_log WHERE file = ?");

  let queue: (() => RequestLogRecord)[] = [];
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let reconciled = false;

  function schedule(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush().catch(report);
    }, flushIntervalMs);
    timer.unref();
  }

  /** The file the next line goes to: today's newest, unless it is full (or none exists yet). */
  function currentFile(lineBytes: number, maxFileBytes: number): LogFile {
    const day = new Date(now()).toISOString().slice(0, 10);
    const last = files.at(-1);
    if (last !== undefined && last.day === day && !last.closed && (last.bytes === 0 || last.bytes + lineBytes <= maxFileBytes)) return last;
    const sequence = last !== undefined && last.day === day ? last.sequence + 1 : 1;
    const file: LogFile = { name: `requests-${day}-${String(sequence).padStart(3, "0")}.jsonl`, day, sequence, bytes: 0 };
    files.push(file);
    return file;
  }

  async function writeBatch(batch: (() => RequestLogRecord)[]): Promise<void> {
    const settings = options.settings();
    // Lines grouped by the file they go to, each with the index row that points at it.
    const groups: { file: LogFile; chunks: Buffer[]; rows: SqliteValue[][] }[] = [];
    for (const build of batch) {
      let entry: RequestLogRecord;
      try {
        entry = build();
      } catch (error) {
        report(new Error(`request log entry dropped: ${messageOf(error)}`));
        continue;
      }
      const line = Buffer.from(`${JSON.stringify(entry)}\n`);
      const file = currentFile(line.length, settings.maxFileBytes);
      let group = groups.at(-1);
      if (group === undefined || group.file !== file) {
        group = { file, chunks: [], rows: [] };
        groups.push(group);
      }
      group.rows.push(indexValues(entry, file.name, file.bytes, line.length));
      group.chunks.push(line);
      file.bytes += line.length;
      totalBytes += line.length;
    }
    for (const group of groups) {
      const bytes = Buffer.concat(group.chunks);
      try {
        await appendFile(join(options.dir, group.file.name), bytes, { mode: 0o600 });
      } catch (error) {
        // The lines never reached the file (or only some did): forget them, and write the next ones to a fresh
        // file so every indexed offset stays true.
        group.file.bytes -= bytes.length;
        totalBytes -= bytes.length;
        group.file.closed = true;
        report(new Error(`request log: ${group.rows.length} entries not written: ${messageOf(error)}`));
        continue;
      }
      try {
        insertBatch(group.rows);
      } catch (error) {
        report(new Error(`request log: ${group.rows.length} entries written but not indexed: ${messageOf(error)}`));
      }
    }
    if (totalBytes > settings.maxBytes) await maintainNow(settings);
  }

  async function flush(): Promise<void> {
    const run = writing.then(async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        await writeBatch(batch);
      }
    });
    writing = run.catch(() => undefined);
    return run;
  }

  async function maintainNow(settings: RequestLogSettings): Promise<{ filesDeleted: number; rowsDeleted: number }> {
    let filesDeleted = 0;
    let rowsDeleted = 0;
    const cutoffDay = new Date(now() - settings.retentionDays * DAY_MS).toISOString().slice(0, 10);
    const remove = async (file: LogFile) => {
      files.splice(files.indexOf(file), 1);
      totalBytes -= file.bytes;
      filesDeleted += 1;
      try {
        rowsDeleted += deleteFileRows.run(file.name).changes;
      } catch (error) {
        report(error);
      }
      await rm(join(options.dir, file.name), { force: true }).catch(report);
    };
    for (const file of [...files]) if (file.day < cutoffDay) await remove(file);
    // The oldest files go first; the newest (being written) always stays.
    while (totalBytes > settings.maxBytes && files.length > 1) await remove(files[0]!);
    try {
      // Whole UTC days, like the files: an entry is kept exactly as long as the file it is in.
      rowsDeleted += options.db.prepare("DELETE FROM request_log WHERE started_at < ?").run(Date.parse(`${cutoffDay}T00:00:00Z`)).changes;
      if (!reconciled) {
        // Once per process: index rows whose file is gone (deleted by hand, or by a crash before the index caught up).
        reconciled = true;
        const known = files.map((file) => file.name);
        const placeholders = known.map(() => "?").join(", ");
        rowsDeleted += options.db.prepare(`DELETE FROM request_log WHERE file NOT IN (${placeholders || "''"})`).run(...known).changes;
      }
    } catch (error) {
      report(error);
    }
    return { filesDeleted, rowsDeleted };
  }

  return {
    append(build) {
      if (closed) return;
      queue.push(build);
      if (queue.length > maxQueue) {
        const overflow = queue.length - maxQueue;
        queue.splice(0, overflow);
        dropped += overflow;
      }
      if (queue.length >= MAX_BATCH) void flush().catch(report);
      else schedule();
    },
    flush,
    maintain() {
      const run = writing.then(() => maintainNow(options.settings()));
      writing = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async readEntry(file, offset, bytes) {
      if (!FILE_PATTERN.test(file) || !Number.isInteger(offset) || offset < 0 || !Number.isInteger(bytes) || bytes <= 0 || bytes > 256 * 1024 * 1024) return undefined;
      let handle;
      try {
        handle = await open(join(options.dir, file), "r");
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, offset);
        return JSON.parse(buffer.toString("utf8", 0, bytesRead)) as RequestLogRecord;
      } catch {
        return undefined;
      } finally {
        await handle?.close();
      }
    },
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await flush().catch(report);
      closed = true;
    },
    get pendingCount() {
      return queue.length;
    },
    get droppedCount() {
      return dropped;
    },
    get totalBytes() {
      return totalBytes;
    },
  };
}

function indexValues(entry: RequestLogRecord, file: string, offset: number, bytes: number): SqliteValue[] {
  return [entry.requestId, Math.round(entry.startedAt), entry.bodies === "stored" ? 1 : 0, file, offset, bytes];
}

/** The log files already there, oldest first. */
function scanFiles(dir: string): LogFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: LogFile[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match) continue;
    let bytes = 0;
    try {
      bytes = statSync(join(dir, name)).size;
    } catch {
      continue;
    }
    found.push({ name, day: match[1]!, sequence: Number(match[2]), bytes });
  }
  return found.sort((left, right) => (left.day === right.day ? left.sequence - right.sequence : left.day < right.day ? -1 : 1));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
