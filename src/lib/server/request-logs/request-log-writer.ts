/**
 * The request log on disk: JSON lines in DATA_DIR/logs/requests-YYYY-MM-DD-NNN.jsonl, one entry per request.
 * `append` decides at once where a line will sit (file, byte offset) — the request's usage row stores that, so the
 * log needs no index of its own — and queues it; lines are written in batches, off the request path, through one
 * open handle per file.
 *
 * Bounded three ways: a file is closed past `maxFileBytes` (and at each UTC day), files past `retentionDays`
 * are deleted, and past `maxBytes` in total the oldest files go first. Files are always deleted oldest first, so
 * the files that exist are one range of keys (`oldestFileKey` onwards): a usage row pointing below it points at a
 * deleted entry. Files are created 0600: they hold prompts.
 */
import { open, rm, type FileHandle } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RequestLogSettings } from "./request-log-settings";

export interface RequestLogWriterOptions {
  /** DATA_DIR/logs. */
  dir: string;
  settings: () => RequestLogSettings;
  now?: () => number;
  /** How long a line may wait before its batch is written. Default 500 ms. */
  flushIntervalMs?: number;
  /** Bytes waiting at most; past it new lines are refused (not logged) rather than memory growing. Default 32 MB. */
  maxQueuedBytes?: number;
  onError?: (error: Error) => void;
}

/** Where a line sits: its file's key (see fileKeyOf), byte offset and length. */
export interface LineLocation {
  file: number;
  offset: number;
  bytes: number;
}

export interface RequestLogWriter {
  /**
   * Queues one line (newline included) and says where it will sit; undefined when it is not taken (the queue is
   * full, or the writer closed). Never throws, never does I/O.
   */
  append(line: string): LineLocation | undefined;
  /** Writes what is queued now. */
  flush(): Promise<void>;
  /** Retention and the size cap now (also after every batch that passes the cap). */
  maintain(): Promise<{ filesDeleted: number }>;
  /** The line at a location, or undefined when its file is gone or it cannot be read. */
  readLine(location: LineLocation): Promise<string | undefined>;
  /** The key of the oldest file still there (entries in older files are gone); null when there is none. */
  oldestFileKey(): number | null;
  close(): Promise<void>;
  readonly pendingCount: number;
  /** Lines refused because the queue was full (for the log's own health). */
  readonly droppedCount: number;
  /** Bytes in log files, written or queued. */
  readonly totalBytes: number;
}

const FILE_PATTERN = /^requests-(\d{4})-(\d{2})-(\d{2})-(\d{3,6})\.jsonl$/;
const MAX_SEQUENCE = 999_999;
const DAY_MS = 86_400_000;

/** `requests-2026-12-02-007.jsonl` ↔ 20261202000007: day and sequence in one integer, ordered like the files. */
export function fileKeyOf(name: string): number | undefined {
  const match = FILE_PATTERN.exec(name);
  if (!match) return undefined;
  return Number(`${match[1]}${match[2]}${match[3]}`) * 1_000_000 + Number(match[4]);
}

export function fileNameOf(key: number): string {
  const day = String(Math.floor(key / 1_000_000));
  const sequence = key % 1_000_000;
  return `requests-${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}-${String(sequence).padStart(3, "0")}.jsonl`;
}

interface LogFile {
  key: number;
  /** `YYYYMMDD` of its day. */
  day: number;
  /** Bytes written and queued. */
  bytes: number;
  /** No more lines go here (a failed write may have left part of a batch: offsets after it would be wrong). */
  closed: boolean;
}

interface QueuedLine {
  file: number;
  text: string;
}

export function createRequestLogWriter(options: RequestLogWriterOptions): RequestLogWriter {
  const now = options.now ?? Date.now;
  const flushIntervalMs = options.flushIntervalMs ?? 500;
  const maxQueuedBytes = options.maxQueuedBytes ?? 32 * 1024 * 1024;
  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A throwing error handler must not break the writer.
    }
  };

  const files: LogFile[] = scanFiles(options.dir);
  let totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  let queue: QueuedLine[] = [];
  let queuedBytes = 0;
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** The handle of the file being written (one at a time: files fill in order). */
  let handle: { key: number; file: FileHandle } | undefined;

  function schedule(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushIntervalMs);
    timer.unref();
  }

  /** The file the next line goes to: today's newest, unless it is full or closed (then the next one). */
  /** The UTC day (yyyymmdd) of `now()`, recomputed only when the clock leaves the cached day (a Date per line showed). */
  let cachedDay = { day: 0, startsAt: 0, endsAt: -1 };
  function currentDay(): number {
    const time = now();
    if (time >= cachedDay.startsAt && time < cachedDay.endsAt) return cachedDay.day;
    const date = new Date(time);
    const startsAt = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    cachedDay = { day: date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate(), startsAt, endsAt: startsAt + 86_400_000 };
    return cachedDay.day;
  }

  function fileFor(lineBytes: number, maxFileBytes: number): LogFile {
    const day = currentDay();
    const last = files.at(-1);
    if (last !== undefined && last.day === day && !last.closed && (last.bytes === 0 || last.bytes + lineBytes <= maxFileBytes || last.key % 1_000_000 >= MAX_SEQUENCE)) {
      return last;
    }
    const sequence = last !== undefined && last.day === day ? Math.min(MAX_SEQUENCE, (last.key % 1_000_000) + 1) : 1;
    const file: LogFile = { key: day * 1_000_000 + sequence, day, bytes: 0, closed: false };
    files.push(file);
    return file;
  }

  async function handleFor(key: number): Promise<FileHandle> {
    if (handle !== undefined && handle.key === key) return handle.file;
    await closeHandle();
    const file = await open(join(options.dir, fileNameOf(key)), "a", 0o600);
    handle = { key, file };
    return file;
  }

  async function closeHandle(): Promise<void> {
    const current = handle;
    handle = undefined;
    await current?.file.close().catch(report);
  }

  async function writeQueued(): Promise<void> {
    while (queue.length > 0) {
      const lines = queue;
      queue = [];
      queuedBytes = 0;
      // Consecutive lines of one file go out in one write.
      let start = 0;
      while (start < lines.length) {
        const key = lines[start]!.file;
        let end = start;
        let text = "";
        while (end < lines.length && lines[end]!.file === key) text += lines[end++]!.text;
        const bytes = Buffer.from(text);
        try {
          const file = await handleFor(key);
          await file.write(bytes);
        } catch (error) {
          // Some or none of the lines reached the file: later lines go to a new file, so every handed-out offset
          // is either true or points at bytes that are not an entry (the reader checks).
          const entry = files.find((candidate) => candidate.key === key);
          if (entry !== undefined) entry.closed = true;
          await closeHandle();
          report(new Error(`request log: ${end - start} entries not written: ${error instanceof Error ? error.message : String(error)}`));
        }
        start = end;
      }
    }
    if (totalBytes > options.settings().maxBytes) await maintainNow();
  }

  function flush(): Promise<void> {
    const run = writing.then(writeQueued);
    writing = run.catch(report);
    return run;
  }

  async function maintainNow(): Promise<{ filesDeleted: number }> {
    const settings = options.settings();
    let filesDeleted = 0;
    const cutoff = new Date(now() - settings.retentionDays * DAY_MS);
    const cutoffDay = cutoff.getUTCFullYear() * 10_000 + (cutoff.getUTCMonth() + 1) * 100 + cutoff.getUTCDate();
    const remove = async (file: LogFile) => {
      files.splice(files.indexOf(file), 1);
      totalBytes -= file.bytes;
      filesDeleted += 1;
      if (handle?.key === file.key) await closeHandle();
      await rm(join(options.dir, fileNameOf(file.key)), { force: true }).catch(report);
    };
    // Oldest first in both cases, so the files left are always one range of keys.
    while (files.length > 0 && files[0]!.day < cutoffDay) await remove(files[0]!);
    // The newest file (being written) always stays.
    while (totalBytes > settings.maxBytes && files.length > 1) await remove(files[0]!);
    return { filesDeleted };
  }

  return {
    append(line) {
      if (closed) return undefined;
      const bytes = Buffer.byteLength(line);
      if (queuedBytes + bytes > maxQueuedBytes) {
        dropped += 1;
        return undefined;
      }
      const file = fileFor(bytes, options.settings().maxFileBytes);
      const location = { file: file.key, offset: file.bytes, bytes };
      file.bytes += bytes;
      totalBytes += bytes;
      queue.push({ file: file.key, text: line });
      queuedBytes += bytes;
      if (queuedBytes >= 1024 * 1024) void flush();
      else schedule();
      return location;
    },
    flush,
    maintain() {
      const run = writing.then(maintainNow);
      writing = run.catch(report);
      return run;
    },
    async readLine(location) {
      if (!Number.isSafeInteger(location.file) || !Number.isInteger(location.offset) || location.offset < 0 || !Number.isInteger(location.bytes) || location.bytes <= 0 || location.bytes > 256 * 1024 * 1024) return undefined;
      if (!files.some((file) => file.key === location.file)) return undefined;
      let file: FileHandle | undefined;
      try {
        file = await open(join(options.dir, fileNameOf(location.file)), "r");
        const buffer = Buffer.alloc(location.bytes);
        const { bytesRead } = await file.read(buffer, 0, location.bytes, location.offset);
        return buffer.toString("utf8", 0, bytesRead);
      } catch {
        return undefined;
      } finally {
        await file?.close().catch(() => undefined);
      }
    },
    oldestFileKey: () => files[0]?.key ?? null,
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await flush().catch(report);
      closed = true;
      await closeHandle();
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
    const key = fileKeyOf(name);
    if (key === undefined || fileNameOf(key) !== name) continue;
    let bytes = 0;
    try {
      bytes = statSync(join(dir, name)).size;
    } catch {
      continue;
    }
    // Files left from an earlier run are not appended to: a crash may have cut their last line.
    found.push({ key, day: Math.floor(key / 1_000_000), bytes, closed: true });
  }
  return found.sort((left, right) => left.key - right.key);
}
