/**
 * Optional OpenTelemetry export: one trace per API request — a server span for the request with a child span
 * per lifecycle phase — sent as OTLP/HTTP JSON to the collector the standard variables name (otlp-config.ts),
 * in batches, off the request path, with a bounded queue that drops (and counts) rather than grows.
 *
 * Hand-written rather than the OpenTelemetry SDK: the SDK (api, sdk-trace-base, resources, exporter, transformer:
 * a dozen packages) would be a tracer the engine calls into on every request, while all that is needed here is
 * to turn a finished usage row into ~8 spans and POST them; that is this file. Phase spans are laid out one after
 * another in lifecycle order with their measured durations (a phase run once per attempt shows as one span with
 * the attempts' total), so they show where the time went, not each attempt's own start.
 */
import { randomBytes } from "node:crypto";
import { REQUEST_PHASES } from "../../../../open-sse/src/http/phase-timer";
import type { PhaseDurationsView } from "./phases-of-row";
import type { OtlpConfig } from "./otlp-config";

export interface RequestSpanInput {
  requestId: string;
  /** Epoch ms. */
  startedAt: number;
  latencyMs: number;
  endpoint: string;
  status: string;
  httpStatus: number;
  errorCode: string | null;
  provider: string | null;
  model: string | null;
  upstreamModel: string | null;
  account: string | null;
  attempts: number | null;
  stream: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  phases: PhaseDurationsView | null;
}

export interface OtlpExporterStats {
  exportedSpans: number;
  droppedSpans: number;
  failedExports: number;
  lastError: string | null;
}

export interface OtlpExporter {
  /** Queues one request's spans (or skips it, per the sampler). Never throws, never does I/O. */
  add(request: RequestSpanInput): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): OtlpExporterStats;
}

type AttributeValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
interface Attribute {
  key: string;
  value: AttributeValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attribute[];
  status: { code: number; message?: string };
}

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;
/** HTTP statuses after which a batch is worth one more try (OTLP/HTTP spec: retryable responses). */
const RETRYABLE = new Set([429, 502, 503, 504]);

export interface OtlpExporterOptions {
  config: OtlpConfig;
  version: string;
  /** Test seams. */
  fetch?: typeof fetch;
  random?: () => number;
}

export function createOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
  const { config } = options;
  const send = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const stats: OtlpExporterStats = { exportedSpans: 0, droppedSpans: 0, failedExports: 0, lastError: null };
  const resource = {
    attributes: [
      ...Object.entries(config.resourceAttributes).filter(([key]) => key !== "service.name").map(([key, value]) => attribute(key, value)),
      attribute("service.name", config.serviceName),
      attribute("service.version", options.version),
      attribute("telemetry.sdk.name", "omniroute"),
      attribute("telemetry.sdk.language", "nodejs"),
    ],
  };
  let queue: OtlpSpan[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;

  function schedule(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, config.scheduleDelayMs);
    timer.unref();
  }

  async function post(batch: OtlpSpan[], retry: boolean): Promise<void> {
    const body = JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "omniroute", version: options.version }, spans: batch }] }] });
    try {
      const response = await send(config.url, {
        method: "POST",
        headers: { ...config.headers, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        stats.exportedSpans += batch.length;
        return;
      }
      stats.lastError = `collector answered ${response.status}`;
      if (retry && RETRYABLE.has(response.status)) return post(batch, false);
    } catch (error) {
      stats.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (retry) return post(batch, false);
    }
    stats.failedExports += 1;
    stats.droppedSpans += batch.length;
  }

  function flush(): Promise<void> {
    sending = sending.then(async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, config.maxExportBatchSize);
        queue = queue.slice(batch.length);
        await post(batch, true);
      }
    });
    return sending;
  }

  return {
    add(request) {
      try {
        if (closed || config.sampleRatio <= 0 || (config.sampleRatio < 1 && random() >= config.sampleRatio)) return;
        const spans = spansOf(request);
        const room = config.maxQueueSize - queue.length;
        if (room < spans.length) {
          stats.droppedSpans += spans.length;
          return;
        }
        queue.push(...spans);
        if (queue.length >= config.maxExportBatchSize) void flush();
        else schedule();
      } catch {
        stats.droppedSpans += 1;
      }
    },
    flush,
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await flush();
      closed = true;
    },
    stats: () => ({ ...stats }),
  };
}

/** The request's spans: the server span, then one child per phase it went through. */
export function spansOf(request: RequestSpanInput, ids: { trace: () => string; span: () => string } = { trace: () => hex(16), span: () => hex(8) }): OtlpSpan[] {
  const traceId = ids.trace();
  const rootId = ids.span();
  const start = request.startedAt;
  const failed = request.status !== "ok";
  // The row's latency is taken just before its bookkeeping (the `record` phase): the request span ends when the
  // last phase does, so every phase span fits inside it in a trace view.
  const phaseTotal = request.phases === null ? 0 : REQUEST_PHASES.reduce((sum, phase) => sum + (request.phases![phase] ?? 0), 0);
  const durationMs = Math.max(request.latencyMs, phaseTotal);
  const root: OtlpSpan = {
    traceId,
    spanId: rootId,
    name: `POST ${request.endpoint}`,
    kind: SPAN_KIND_SERVER,
    startTimeUnixNano: nanos(start, 0),
    endTimeUnixNano: nanos(start, durationMs),
    attributes: [
      attribute("omniroute.request_id", request.requestId),
      attribute("http.request.method", "POST"),
      attribute("url.path", request.endpoint),
      attribute("http.response.status_code", request.httpStatus),
      attribute("omniroute.status", request.status),
      ...optional("error.type", request.errorCode),
      ...optional("gen_ai.provider.name", request.provider),
      ...optional("gen_ai.request.model", request.model),
      ...optional("gen_ai.response.model", request.upstreamModel),
      ...optional("omniroute.account", request.account),
      ...optional("omniroute.attempts", request.attempts),
      attribute("omniroute.stream", request.stream),
      ...optional("gen_ai.usage.input_tokens", request.inputTokens),
      ...optional("gen_ai.usage.output_tokens", request.outputTokens),
      ...optional("omniroute.cost_usd", request.costUsd, true),
    ],
    status: failed ? { code: STATUS_ERROR, message: request.errorCode ?? request.status } : { code: STATUS_UNSET },
  };
  const spans = [root];
  if (request.phases !== null) {
    let offset = 0;
    for (const phase of REQUEST_PHASES) {
      const duration = request.phases[phase];
      if (duration === null) continue;
      spans.push({
        traceId,
        spanId: ids.span(),
        parentSpanId: rootId,
        name: `omniroute.${phase}`,
        kind: SPAN_KIND_INTERNAL,
        startTimeUnixNano: nanos(start, offset),
        endTimeUnixNano: nanos(start, offset + duration),
        attributes: [attribute("omniroute.phase", phase), attribute("omniroute.phase.duration_ms", duration, true)],
        status: { code: STATUS_UNSET },
      });
      offset += duration;
    }
  }
  return spans;
}

/** Epoch ms plus an offset in (fractional) ms, as a decimal string of nanoseconds (int64 in OTLP JSON). */
function nanos(epochMs: number, offsetMs: number): string {
  return (BigInt(Math.round(epochMs)) * 1_000_000n + BigInt(Math.round(offsetMs * 1_000_000))).toString();
}

function attribute(key: string, value: string | number | boolean, asDouble = false): Attribute {
  if (typeof value === "string") return { key, value: { stringValue: value } };
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  if (asDouble || !Number.isInteger(value)) return { key, value: { doubleValue: value } };
  return { key, value: { intValue: String(value) } };
}

function optional(key: string, value: string | number | null, asDouble = false): Attribute[] {
  return value === null || (typeof value === "number" && !Number.isFinite(value)) ? [] : [attribute(key, value, asDouble)];
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}
