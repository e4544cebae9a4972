import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Logger, RequestLogLine } from "@omniroute/open-sse";
import { isSecretFieldName, maskSecretFields } from "./mask-secret-fields";
import { redactSecrets } from "./redact-secrets";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFormat = "json" | "pretty";

export interface LoggerOptions {
  logsDir: string;
  /** Where console lines go; defaults to process.stdout. */
  console?: NodeJS.WritableStream;
  /** `false` silences per-request lines on the console (they still go to the file). */
  requestLinesOnConsole?: boolean;
  /** Lines below this level are dropped (console and file). Default: `LOG_LEVEL`, else `info`. */
  level?: LogLevel;
  /** Console format: `json` (one JSON object per line, the default) or `pretty` (`LOG_FORMAT=pretty`, for humans). The file is always JSON. */
  format?: LogFormat;
  /** Where LOG_LEVEL / LOG_FORMAT are read when `level` / `format` are not given. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Test seam for the `time` field. */
  now?: () => Date;
}

export interface HostLogger extends Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  /** The effective level (after LOG_LEVEL). */
  readonly level: LogLevel;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];
const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
/** `time`, `level`, `msg` lead every line; a field by one of these names cannot replace them. */
const RESERVED_FIELDS = new Set(["time", "level", "msg"]);

/**
 * Structured logs: every line is one JSON object, `{"time","level","msg",...fields}`, with `requestId` wherever
 * a request is known (request lines and the engine's warnings carry it). Lines go to the console (JSON, or text
 * with LOG_FORMAT=pretty) and to DATA_DIR/logs/omniroute-YYYY-MM-DD.log (always JSON).
 *
 * Lines are buffered and written every FLUSH_INTERVAL_MS (or at 64 KB): a write per request cost ~100 µs of CPU
 * here (a syscall plus a thread-pool round trip), a batch costs that once. Secrets never reach a line: fields
 * named like secrets are masked (mask-secret-fields.ts) and every batch runs through redactSecrets.
 *
 * Not pino: this already is what pino would give here (JSON lines, levels, batched asynchronous writes,
 * redaction) in ~150 lines, with no dependency and no worker thread; pino's speed edge is in serializing
 * millions of lines per second, which a gateway writing one line per request never needs.
 */
const FLUSH_INTERVAL_MS = 50;

const FLUSH_AT_BYTES = 64 * 1024;

export function createLogger(options: LoggerOptions): HostLogger {
  const env = options.env ?? process.env;
  const consoleStream = options.console ?? process.stdout;
  const showRequests = options.requestLinesOnConsole ?? true;
  const level = options.level ?? parseLogLevel(env.LOG_LEVEL) ?? "info";
  const format = options.format ?? (env.LOG_FORMAT?.trim().toLowerCase() === "pretty" ? "pretty" : "json");
  const threshold = SEVERITY[level];
  const clock = options.now ?? (() => new Date());
  let consoleBuffer = "";
  let fileBuffer = "";
  let flushScheduled = false;
  let fileDay = "";
  let file: WriteStream | undefined;

  const fileFor = (isoTime: string): WriteStream => {
    const day = isoTime.slice(0, 10);
    if (file === undefined || day !== fileDay) {
      file?.end();
      fileDay = day;
      file = createWriteStream(join(options.logsDir, `omniroute-${day}.log`), { flags: "a", mode: 0o600 });
      file.on("error", () => {
        // A full disk must not take the gateway down; console logging continues.
      });
    }
    return file;
  };

  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    flushScheduled = false;
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (consoleBuffer.length > 0) {
      consoleStream.write(redactSecrets(consoleBuffer));
      consoleBuffer = "";
    }
    if (fileBuffer.length > 0) {
      fileFor(clock().toISOString()).write(redactSecrets(fileBuffer));
      fileBuffer = "";
    }
  };

  /** `urgent`: written now (errors, start-up and shutdown lines); others wait for the next batch. */
  const emit = (lineLevel: Exclude<LogLevel, "silent">, json: (time: string) => string, toConsole: boolean, prettyText: () => string, urgent: boolean) => {
    if (SEVERITY[lineLevel] < threshold) return;
    const time = clock().toISOString();
    const line = json(time);
    fileBuffer += line;
    if (toConsole) consoleBuffer += format === "pretty" ? `${time} ${lineLevel.toUpperCase().padEnd(5)} ${prettyText()}\n` : line;
    if (urgent || fileBuffer.length >= FLUSH_AT_BYTES) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      flushTimer = setTimeout(flush, FLUSH_INTERVAL_MS);
      // Buffered log lines alone must not keep the process alive; close() flushes them.
      flushTimer.unref();
    }
  };
  const fieldsLine = (lineLevel: string, message: string, fields?: Record<string, unknown>) => (time: string) => jsonLine(time, lineLevel, message, fields);

  return {
    level,
    request(line: RequestLogLine) {
      // Once per request, on the hot path: the line's fields are never secrets (the port says so), so it is
      // serialized as it is; the batch still runs through redactSecrets.
      emit(
        "info",
        (time) => `{"time":"${time}","level":"info","msg":"request",${JSON.stringify(line).slice(1)}\n`,
        showRequests,
        () => {
          const route = line.model === null ? "" : ` ${line.model}${line.account === null ? "" : ` account=${line.account}`}`;
          const error = line.errorCode === null ? "" : ` error=${line.errorCode}`;
          return `${line.method} ${line.path} ${line.status} ${line.latencyMs}ms${route}${error} id=${line.requestId}`;
        },
        false,
      );
    },
    debug(message, fields) {
      emit("debug", fieldsLine("debug", message, fields), true, () => prettyFields(message, fields), false);
    },
    info(message, fields) {
      emit("info", fieldsLine("info", message, fields), true, () => prettyFields(message, fields), true);
    },
    warn(message, fields) {
      // Buffered: the engine warns on every failed attempt and skipped route, on the request path.
      emit("warn", fieldsLine("warn", message, fields), true, () => prettyFields(message, fields), false);
    },
    error(message, fields) {
      // Written now: it may be the last words before a crash.
      emit("error", fieldsLine("error", message, fields), true, () => prettyFields(message, fields), true);
    },
    close() {
      flush();
      return new Promise((resolve) => {
        if (file === undefined) return resolve();
        file.end(() => resolve());
      });
    },
  };
}

/** `LOG_LEVEL` as a level; undefined for unset or unknown values (the default applies). */
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const normalized = value?.trim().toLowerCase();
  if (normalized === "warning") return "warn";
  return (LOG_LEVELS as readonly string[]).includes(normalized ?? "") ? (normalized as LogLevel) : undefined;
}

/** One JSON line: time, level and msg first, then the fields (secrets masked; values JSON cannot hold made safe). */
export function jsonLine(time: string, level: string, message: string, fields?: Record<string, unknown>): string {
  const record: Record<string, unknown> = { time, level, msg: message };
  if (fields !== undefined) {
    // Strings are not scanned here: the whole batch goes through redactSecrets on its way out.
    const masked = maskSecretFields(fields, { maxDepth: 6, maxStringLength: 4_000, redactStrings: false }) as Record<string, unknown>;
    for (const [key, value] of Object.entries(masked)) {
      if (!RESERVED_FIELDS.has(key)) record[key] = value;
    }
  }
  return `${JSON.stringify(record)}\n`;
}

function prettyFields(message: string, fields?: Record<string, unknown>): string {
  if (fields === undefined) return message;
  const parts = Object.entries(fields).map(([key, value]) => {
    if (isSecretFieldName(key) && value !== null && value !== undefined && value !== "") return `${key}=[masked]`;
    return `${key}=${typeof value === "string" ? value : safeJson(value)}`;
  });
  return `${message} ${parts.join(" ")}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(maskSecretFields(value, { maxDepth: 4 })) ?? String(value);
  } catch {
    return String(value);
  }
}
