/**
 * The standard OpenTelemetry environment variables, as far as a traces-only OTLP/HTTP JSON exporter uses them
 * (opentelemetry.io/docs/specs/otel/protocol/exporter and …/configuration/sdk-environment-variables):
 *
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as given) or `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`);
 *   neither set: no export.
 * - `OTEL_EXPORTER_OTLP[_TRACES]_HEADERS` (`k=v,k2=v2`, values percent-decoded), `…_TIMEOUT` (ms, default 10 s).
 * - `OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL`: `http/json` is what is sent; `http/protobuf` (the spec default) is
 *   accepted too, since OTLP/HTTP receivers take JSON on the same path; `grpc` cannot be served: export is off.
 * - `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`; `OTEL_SDK_DISABLED=true` and `OTEL_TRACES_EXPORTER=none` turn
 *   it off; `OTEL_TRACES_SAMPLER` `always_on` | `always_off` | `traceidratio` (+ `parentbased_` forms, which act
 *   as their base: requests arrive without a parent span) with `OTEL_TRACES_SAMPLER_ARG`.
 * - `OTEL_BSP_SCHEDULE_DELAY` (5000 ms), `OTEL_BSP_MAX_QUEUE_SIZE` (2048), `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (512).
 */

export interface OtlpConfig {
  /** Where spans are POSTed (`…/v1/traces`). */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  /** Fraction of requests exported, 0–1. */
  sampleRatio: number;
  scheduleDelayMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}

export type OtlpSetup = { enabled: true; config: OtlpConfig } | { enabled: false; reason: string };

export function otlpConfigFrom(env: NodeJS.ProcessEnv): OtlpSetup {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return { enabled: false, reason: "OTEL_SDK_DISABLED=true" };
  const exporters = env.OTEL_TRACES_EXPORTER?.split(",").map((name) => name.trim().toLowerCase()) ?? ["otlp"];
  if (!exporters.includes("otlp")) return { enabled: false, reason: `OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}` };
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim().toLowerCase();
  if (protocol === "grpc") return { enabled: false, reason: "OTLP over gRPC is not supported: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json" };
  const url = tracesUrl(env);
  if (url === undefined) return { enabled: false, reason: "no OTEL_EXPORTER_OTLP_ENDPOINT" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { enabled: false, reason: "the OTLP endpoint is not a URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { enabled: false, reason: "the OTLP endpoint must be http(s)" };
  const resourceAttributes = parseKeyValues(env.OTEL_RESOURCE_ATTRIBUTES);
  return {
    enabled: true,
    config: {
      url: parsed.toString(),
      headers: parseKeyValues(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS),
      timeoutMs: positiveInteger(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT, 10_000),
      serviceName: env.OTEL_SERVICE_NAME?.trim() || resourceAttributes["service.name"] || "omniroute",
      resourceAttributes,
      sampleRatio: sampleRatioOf(env.OTEL_TRACES_SAMPLER, env.OTEL_TRACES_SAMPLER_ARG),
      scheduleDelayMs: positiveInteger(env.OTEL_BSP_SCHEDULE_DELAY, 5_000),
      maxQueueSize: positiveInteger(env.OTEL_BSP_MAX_QUEUE_SIZE, 2_048),
      maxExportBatchSize: positiveInteger(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, 512),
    },
  };
}

/** The URL to show (origin and path): never the headers, never credentials in the URL. */
export function describeOtlpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(invalid)";
  }
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

/** `k=v,k2=v2` with percent-encoded values (W3C Baggage-like, as the spec says); malformed pairs are skipped. */
export function parseKeyValues(text: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (text === undefined) return result;
  for (const pair of text.split(",")) {
    const separator = pair.indexOf("=");
    if (separator <= 0) continue;
    const key = pair.slice(0, separator).trim();
    if (key === "") continue;
    try {
      result[key] = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      result[key] = pair.slice(separator + 1).trim();
    }
  }
  return result;
}

function sampleRatioOf(sampler: string | undefined, argument: string | undefined): number {
  const name = (sampler ?? "parentbased_always_on").trim().toLowerCase().replace(/^parentbased_/, "");
  if (name === "always_off") return 0;
  if (name === "traceidratio") {
    const ratio = Number(argument);
    return Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1;
  }
  return 1;
}

function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
