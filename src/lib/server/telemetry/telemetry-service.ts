/**
 * Request telemetry: where each API request's time went, in the seven lifecycle phases the engine laps
 * (open-sse/src/http/phase-timer.ts), with p50/p95/p99 over the last 1, 5 and 15 minutes at `/api/telemetry` —
 * plus the whole request and its time to first byte — and, when the standard OTLP variables name a collector,
 * one trace per request (otlp-exporter.ts).
 *
 * Rows come from the usage sink and are read a moment later, in batches: the engine laps the last phase
 * (`record`) after it handed the row over, and nothing here should run inside a request's own turn.
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import { REQUEST_PHASES, type RequestPhase } from "../../../../open-sse/src/http/phase-timer";
import type { RowAccounting } from "../usage/usage-columns";
import { describeOtlpUrl, otlpConfigFrom } from "./otlp-config";
import { createOtlpExporter, type OtlpExporter, type OtlpExporterStats } from "./otlp-exporter";
import { phasesOf } from "./phases-of-row";
import { SlidingHistograms, type DurationSummary } from "./sliding-histograms";

export const TELEMETRY_WINDOWS = { "1m": 60_000, "5m": 300_000, "15m": 900_000 } as const;
export type TelemetryWindow = keyof typeof TELEMETRY_WINDOWS;

export interface TelemetryWindowSummary {
  /** Requests seen in the window. */
  requests: number;
  /** Requests whose phases were measured (the engine's phase timer ran). */
  measured: number;
  phases: Record<RequestPhase, DurationSummary>;
  /** The whole request (latency) and the time to its first byte. */
  total: DurationSummary;
  ttfb: DurationSummary;
}

export interface TelemetrySnapshot {
  generatedAt: number;
  phases: readonly RequestPhase[];
  windows: Record<TelemetryWindow, TelemetryWindowSummary>;
  accuracy: string;
  otlp: { enabled: true; endpoint: string; stats: OtlpExporterStats } | { enabled: false; reason: string };
}

export interface Telemetry {
  /** Queues a recorded usage row (the usage sink's `onPriced`). Never throws, never does I/O. */
  onRow(row: UsageRow, accounting: RowAccounting): void;
  snapshot(): TelemetrySnapshot;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface TelemetryOptions {
  env: NodeJS.ProcessEnv;
  version: string;
  now?: () => number;
  /** Test seam for the OTLP exporter's HTTP calls. */
  fetch?: typeof fetch;
  onError?: (error: Error) => void;
}

const MAX_QUEUE = 20_000;
const PROCESS_DELAY_MS = 100;
const TOTAL = "total";
const TTFB = "ttfb";
const MEASURED = "measured";

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const now = options.now ?? Date.now;
  const histograms = new SlidingHistograms(now);
  const otlpSetup = otlpConfigFrom(options.env);
  const exporter: OtlpExporter | undefined = otlpSetup.enabled
    ? createOtlpExporter({ config: otlpSetup.config, version: options.version, ...(options.fetch ? { fetch: options.fetch } : {}) })
    : undefined;
  let queue: { row: UsageRow; costUsd: number | null }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function processQueue(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const rows = queue;
    queue = [];
    for (const { row, costUsd } of rows) {
      try {
        const phases = phasesOf(row);
        histograms.record(TOTAL, row.latencyMs);
        if (row.ttfbMs !== null) histograms.record(TTFB, row.ttfbMs);
        if (phases !== null) {
          histograms.record(MEASURED, 0);
          for (const phase of REQUEST_PHASES) {
            const duration = phases[phase];
            if (duration !== null) histograms.record(phase, duration);
          }
        }
        exporter?.add({
          requestId: row.requestId,
          startedAt: row.startedAt,
          latencyMs: row.latencyMs,
          endpoint: row.endpoint,
          status: row.status,
          httpStatus: row.httpStatus,
          errorCode: row.errorCode,
          provider: row.provider,
          model: row.model,
          upstreamModel: row.upstreamModel,
          account: row.account,
          attempts: row.attempts ?? null,
          stream: row.stream,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          costUsd,
          phases,
        });
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  return {
    onRow(row, accounting) {
      if (queue.length >= MAX_QUEUE) return;
      queue.push({ row, costUsd: accounting.costUsd });
      if (timer === undefined) {
        timer = setTimeout(processQueue, PROCESS_DELAY_MS);
        timer.unref();
      }
    },
    snapshot() {
      processQueue();
      const windows = {} as Record<TelemetryWindow, TelemetryWindowSummary>;
      for (const [name, windowMs] of Object.entries(TELEMETRY_WINDOWS) as [TelemetryWindow, number][]) {
        const phases = {} as Record<RequestPhase, DurationSummary>;
        for (const phase of REQUEST_PHASES) phases[phase] = histograms.summary(phase, windowMs);
        const total = histograms.summary(TOTAL, windowMs);
        windows[name] = { requests: total.count, measured: histograms.summary(MEASURED, windowMs).count, phases, total, ttfb: histograms.summary(TTFB, windowMs) };
      }
      return {
        generatedAt: now(),
        phases: REQUEST_PHASES,
        windows,
        accuracy: "percentiles come from log-scale buckets 5 % wide: within ±2.5 % of the true value; windows end on 10-second boundaries",
        otlp: otlpSetup.enabled && exporter !== undefined ? { enabled: true, endpoint: describeOtlpUrl(otlpSetup.config.url), stats: exporter.stats() } : { enabled: false, reason: otlpSetup.enabled ? "" : otlpSetup.reason },
      };
    },
    async flush() {
      processQueue();
      await exporter?.flush();
    },
    async close() {
      processQueue();
      await exporter?.close();
    },
  };
}
