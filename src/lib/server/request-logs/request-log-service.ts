/**
 * The request log (`ENABLE_REQUEST_LOGS=true` or `settings.requestLogs.enabled`): one entry per API request with
 * its metadata, attempt trail and phase timings — written from the usage sink, so it needs nothing from the
 * engine — and, where the engine hands them over (`GatewayPorts.requestCapture`), its request and response
 * bodies, redacted and cut to a per-body cap. A client key with `logRequestContent: false` keeps metadata only.
 *
 * On the request path: only `capture.wants` (a settings read and a set lookup) and `capture.capture` (a map
 * insert). One turn after the request ended (the usage sink's batch), the entry is serialized (bodies as redacted text,
 * no parse: ~10 µs) and its place in the log file is written into the request's usage row — so the log needs no
 * table and no insert of its own; the writer appends the lines in batches.
 */
import type { RequestCapturePort, UsageRow } from "../../../../open-sse/src/ports";
import type { ConfigDocument, StoredApiKey } from "../config-db/config-db-schema";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import type { RowAccounting } from "../usage/usage-columns";
import { findRequestLogLocation, queryRequestLogList, type RequestLogPage, type RequestLogQuery } from "./query-request-logs";
import { buildRequestLogEntry, presentEntry, type CapturedBodies, type RequestLogEntry, type RequestLogRecord } from "./request-log-entry";
import { resolveRequestLogSettings, type RequestLogSettings } from "./request-log-settings";
import { createRequestLogWriter, type RequestLogWriter } from "./request-log-writer";

/** The host's side of `GatewayPorts.requestCapture`. */
export type RequestCapture = RequestCapturePort;

export interface RequestLogService {
  capture: RequestCapture;
  /**
   * For every priced usage row (the usage sink's `onPriced`, before the row is stored): writes the entry and sets
   * `accounting.requestLog` to where it is, which the usage row stores. Never throws.
   */
  onRow(row: UsageRow, accounting: RowAccounting): void;
  settings(): RequestLogSettings;
  list(query: RequestLogQuery): RequestLogPage;
  /** The full entry, bodies included when stored (whole JSON bodies parsed); undefined when not logged (or removed). */
  detail(requestId: string): Promise<RequestLogEntry | undefined>;
  flush(): Promise<void>;
  maintain(): Promise<{ filesDeleted: number }>;
  close(): Promise<void>;
  readonly writer: RequestLogWriter;
}

export interface RequestLogServiceOptions {
  logsDir: string;
  db: SqliteDatabase;
  readDocument: () => ConfigDocument;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  flushIntervalMs?: number;
  onError?: (error: Error) => void;
  /** Writes queued usage rows (where entries are located), so a detail right after a request finds it. */
  flushUsage?: () => Promise<void>;
}

/** Bodies handed over wait here for their usage row (it follows at once); bounded whatever happens. */
const MAX_PENDING_BODIES = 1_000;

export function createRequestLogService(options: RequestLogServiceOptions): RequestLogService {
  const now = options.now ?? Date.now;
  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A throwing error handler must not break request logging.
    }
  };
  let settingsFrom: ConfigDocument["settings"] | undefined;
  let settings: RequestLogSettings = resolveRequestLogSettings(options.readDocument(), options.env);
  const currentSettings = (): RequestLogSettings => {
    const document = options.readDocument();
    if (document.settings !== settingsFrom) {
      settingsFrom = document.settings;
      settings = resolveRequestLogSettings(document, options.env);
    }
    return settings;
  };
  let keysFrom: readonly StoredApiKey[] | undefined;
  let optedOut = new Set<string>();
  const contentOffFor = (apiKeyId: string | null | undefined): boolean => {
    if (apiKeyId === null || apiKeyId === undefined) return false;
    const keys = options.readDocument().apiKeys;
    if (keys !== keysFrom) {
      keysFrom = keys;
      optedOut = new Set(keys.filter((key) => key.logRequestContent === false).map((key) => key.id));
    }
    return optedOut.has(apiKeyId);
  };

  const writer = createRequestLogWriter({
    dir: options.logsDir,
    settings: currentSettings,
    now,
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
    onError: report,
  });
  const pending = new Map<string, CapturedBodies>();

  const capture: RequestCapture = {
    wants(apiKeyId) {
      try {
        return currentSettings().enabled && currentSettings().maxBodyBytes > 0 && !contentOffFor(apiKeyId);
      } catch {
        return false;
      }
    },
    get maxBodyBytes() {
      return currentSettings().maxBodyBytes;
    },
    capture(requestId, bodies) {
      try {
        if (pending.size >= MAX_PENDING_BODIES) pending.delete(pending.keys().next().value!);
        pending.set(requestId, bodies);
      } catch (error) {
        report(error);
      }
    },
  };

  return {
    capture,
    writer,
    onRow(row, accounting) {
      try {
        const bodies = pending.get(row.requestId);
        if (bodies !== undefined) pending.delete(row.requestId);
        if (!currentSettings().enabled) return;
        // A key that opted out keeps no content, whatever was captured (settings may have changed mid-request).
        const off = contentOffFor(row.apiKeyId);
        const kept = off ? undefined : bodies;
        const record = buildRequestLogEntry(row, accounting, kept, off ? "off-for-key" : "not-captured", now());
        const location = writer.append(`${JSON.stringify(record)}\n`);
        if (location !== undefined) accounting.requestLog = { ...location, hasBodies: record.bodies === "stored" };
      } catch (error) {
        report(error);
      }
    },
    settings: currentSettings,
    list: (query) => queryRequestLogList(options.db, query, writer.oldestFileKey()),
    async detail(requestId) {
      let location = findRequestLogLocation(options.db, requestId);
      if (location === undefined && options.flushUsage !== undefined) {
        // A request that just finished: its usage row (which says where the entry is) may still be queued.
        await options.flushUsage().catch(report);
        location = findRequestLogLocation(options.db, requestId);
      }
      if (location === undefined) return undefined;
      // An entry still queued is written first.
      if (writer.pendingCount > 0) await writer.flush().catch(report);
      const line = await writer.readLine(location);
      if (line === undefined) return undefined;
      try {
        const record = JSON.parse(line) as RequestLogRecord;
        return record.requestId === requestId ? presentEntry(record) : undefined;
      } catch {
        return undefined;
      }
    },
    flush: () => writer.flush(),
    maintain: () => writer.maintain(),
    close: () => writer.close(),
  };
}
