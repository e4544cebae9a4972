import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Logger, RequestLogLine } from "@omniroute/open-sse";
import { redactSecrets } from "./redact-secrets";

export interface LoggerOptions {
  logsDir: string;
  /** Where human-readable lines go; defaults to process.stdout. */
  console?: NodeJS.WritableStream;
  /** `false` silences per-request lines on the console (they still go to the file). */
  requestLinesOnConsole?: boolean;
}

export interface HostLogger extends Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

/**
 * One line per request, on the console (text) and in DATA_DIR/logs/omniroute-YYYY-MM-DD.log (JSON lines).
 * Lines are buffered and written every FLUSH_INTERVAL_MS (or at 64 KB): a write per request cost ~100 µs of
 * CPU here (a syscall plus a thread-pool round trip), a batch costs that once. Redaction runs over each
 * batch, so no secret reaches a log even if a caller slipped one into a field.
 */
const FLUSH_INTERVAL_MS = 50;
const FLUSH_AT_BYTES = 64 * 1024;
export function createLogger(options: LoggerOptions): HostLogger {
  const consoleStream = options.console ?? process.stdout;
  const showRequests = options.requestLinesOnConsole ?? true;
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
      fileFor(new Date().toISOString()).write(redactSecrets(fileBuffer));
      fileBuffer = "";
    }
  };

  const emit = (level: string, text: string, record: Record<string, unknown>, toConsole: boolean, urgent: boolean) => {
    const time = new Date().toISOString();
    if (toConsole) consoleBuffer += `${time} ${level.padEnd(5)} ${text}\n`;
    fileBuffer += `${JSON.stringify({ time, level: level.toLowerCase(), ...record })}\n`;
    if (urgent || fileBuffer.length >= FLUSH_AT_BYTES) {
      // Warnings and errors are written now: they may be the last words before a crash.
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      flushTimer = setTimeout(flush, FLUSH_INTERVAL_MS);
      // Buffered log lines alone must not keep the process alive; close() flushes them.
      flushTimer.unref();
    }
  };

  const withFields = (message: string, fields?: Record<string, unknown>) =>
    fields === undefined
      ? message
      : `${message} ${Object.entries(fields)
          .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
          .join(" ")}`;

  return {
    request(line: RequestLogLine) {
      const route = line.model === null ? "" : ` ${line.model}${line.account === null ? "" : ` account=${line.account}`}`;
      const error = line.errorCode === null ? "" : ` error=${line.errorCode}`;
      const text = `${line.method} ${line.path} ${line.status} ${line.latencyMs}ms${route}${error} id=${line.requestId}`;
      emit("INFO", text, { msg: "request", ...line }, showRequests, false);
    },
    info(message, fields) {
      emit("INFO", withFields(message, fields), { msg: message, ...fields }, true, true);
    },
    warn(message, fields) {
      emit("WARN", withFields(message, fields), { msg: message, ...fields }, true, false);
    },
    error(message, fields) {
      emit("ERROR", withFields(message, fields), { msg: message, ...fields }, true, true);
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
