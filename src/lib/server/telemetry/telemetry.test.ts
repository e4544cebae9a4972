import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { PhaseDurations } from "../../../../open-sse/src/http/phase-timer";
import { NO_ACCOUNTING } from "../usage/usage-columns";
import { otlpConfigFrom, parseKeyValues } from "./otlp-config";
import { createOtlpExporter, spansOf, type RequestSpanInput } from "./otlp-exporter";
import { SlidingHistograms, SLOT_MS } from "./sliding-histograms";
import { createTelemetry } from "./telemetry-service";

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe("SlidingHistograms", () => {
  it("gives percentiles within 2.5 % over the window, and forgets samples that slid out", () => {
    let now = 1_000_000 * SLOT_MS;
    const histograms = new SlidingHistograms(() => now);
    // 1..1000 ms, uniformly: p50 ≈ 500, p95 ≈ 950, p99 ≈ 990.
    for (let value = 1; value <= 1000; value += 1) histograms.record("upstream", value);
    const summary = histograms.summary("upstream", 60_000);
    assert.equal(summary.count, 1000);
    for (const [actual, expected] of [
      [summary.p50, 500],
      [summary.p95, 950],
      [summary.p99, 990],
    ] as const) {
      assert.ok(actual !== null && Math.abs(actual - expected) / expected <= 0.025, `${actual} vs ${expected}`);
    }
    assert.equal(summary.max, 1000);
    assert.equal(summary.mean, 500.5);

    now += 2 * 60_000;
    histograms.record("upstream", 5);
    assert.equal(histograms.summary("upstream", 60_000).count, 1, "the 1-minute window no longer holds the old samples");
    assert.equal(histograms.summary("upstream", 300_000).count, 1001, "the 5-minute one still does");
    now += 20 * 60_000;
    assert.equal(histograms.summary("upstream", 900_000).count, 0, "15 minutes later nothing is left");
    assert.deepEqual(histograms.summary("nothing", 60_000), { count: 0, p50: null, p95: null, p99: null, mean: null, max: null });
  });

  it("keeps sub-millisecond phases apart from zero and ignores bad samples", () => {
    const histograms = new SlidingHistograms(() => 0);
    histograms.record("auth", 0.004);
    histograms.record("auth", -1);
    histograms.record("auth", Number.NaN);
    const summary = histograms.summary("auth", 60_000);
    assert.equal(summary.count, 1);
    assert.ok(summary.p50! > 0.0039 && summary.p50! <= 0.004, String(summary.p50));
  });
});

describe("OTLP configuration", () => {
  it("reads the standard variables", () => {
    const setup = otlpConfigFrom(
      env({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
        OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20abc,x-team=ai",
        OTEL_SERVICE_NAME: "gateway",
        OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
      }),
    );
    assert.equal(setup.enabled, true);
    if (!setup.enabled) return;
    assert.equal(setup.config.url, "http://collector:4318/v1/traces");
    assert.deepEqual(setup.config.headers, { authorization: "Bearer abc", "x-team": "ai" });
    assert.equal(setup.config.serviceName, "gateway");
    assert.equal(setup.config.sampleRatio, 0.25);
    const specific = otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://x.example/custom", OTEL_EXPORTER_OTLP_ENDPOINT: "http://ignored" }));
    assert.equal(specific.enabled && specific.config.url, "https://x.example/custom");
  });

  it("stays off without an endpoint, when disabled, or for gRPC", () => {
    assert.equal(otlpConfigFrom(env({})).enabled, false);
    assert.equal(otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" })).enabled, false);
    assert.equal(otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" })).enabled, false);
    assert.equal(otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).enabled, false);
    assert.equal(otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "file:///tmp" })).enabled, false);
    assert.deepEqual(parseKeyValues("a=1,,=x,b"), { a: "1" });
  });
});

const phases: PhaseDurations = { receive: 0.2, auth: 0.05, route: 0.1, translate: 0.3, upstream: 40, stream: 60, record: 0.1 };
const spanInput: RequestSpanInput = {
  requestId: "req-1",
  startedAt: 1_767_000_000_000,
  latencyMs: 100.75,
  endpoint: "/v1/messages",
  status: "ok",
  httpStatus: 200,
  errorCode: null,
  provider: "anthropic",
  model: "anthropic/claude-sonnet-4-5",
  upstreamModel: "claude-sonnet-4-5",
  account: "work",
  attempts: 1,
  stream: true,
  inputTokens: 10,
  outputTokens: 20,
  costUsd: 0.00033,
  phases,
};

describe("OTLP spans", () => {
  it("one server span per request and a child per phase, laid out in lifecycle order", () => {
    let next = 0;
    const spans = spansOf(spanInput, { trace: () => "a".repeat(32), span: () => (next += 1).toString(16).padStart(16, "0") });
    assert.equal(spans.length, 8);
    const [root, ...children] = spans;
    assert.equal(root!.name, "POST /v1/messages");
    assert.equal(root!.kind, 2);
    assert.equal(root!.startTimeUnixNano, "1767000000000000000");
    assert.equal(root!.endTimeUnixNano, "1767000000100750000");
    assert.deepEqual(root!.status, { code: 0 });
    assert.deepEqual(
      root!.attributes.find((entry) => entry.key === "gen_ai.usage.input_tokens"),
      { key: "gen_ai.usage.input_tokens", value: { intValue: "10" } },
    );
    assert.deepEqual(children.map((span) => span.name), ["omniroute.receive", "omniroute.auth", "omniroute.route", "omniroute.translate", "omniroute.upstream", "omniroute.stream", "omniroute.record"]);
    for (const child of children) assert.equal(child.parentSpanId, root!.spanId);
    // Each phase starts where the previous one ended.
    for (let index = 1; index < children.length; index += 1) assert.equal(children[index]!.startTimeUnixNano, children[index - 1]!.endTimeUnixNano);
    assert.equal(children[4]!.endTimeUnixNano, (1_767_000_000_000_000_000n + 40_650_000n).toString());
    const failed = spansOf({ ...spanInput, status: "error", errorCode: "upstream_rate_limited", phases: null });
    assert.equal(failed.length, 1);
    assert.deepEqual(failed[0]!.status, { code: 2, message: "upstream_rate_limited" });
  });
});

/** A local OTLP/HTTP collector: records each POST's path, headers and JSON body. */
async function mockCollector(statuses: number[] = []) {
  const received: { path: string; headers: IncomingMessage["headers"]; body: { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[] } }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      response.statusCode = statuses.shift() ?? 200;
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("OTLP export against a local collector", () => {
  it("batches spans as OTLP/HTTP JSON with the configured headers, and retries a 503 once", async () => {
    const collector = await mockCollector([503]);
    try {
      const setup = otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin, OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=secret", OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "100" }));
      assert.ok(setup.enabled);
      const exporter = createOtlpExporter({ config: setup.config, version: "1.2.3" });
      exporter.add(spanInput);
      exporter.add({ ...spanInput, requestId: "req-2" });
      await exporter.flush();
      assert.equal(collector.received.length, 2, "the 503 was retried once");
      const last = collector.received[1]!;
      assert.equal(last.path, "/v1/traces");
      assert.equal(last.headers["content-type"], "application/json");
      assert.equal(last.headers["x-api-key"], "secret");
      const spans = last.body.resourceSpans[0]!.scopeSpans[0]!.spans;
      assert.equal(spans.length, 16);
      assert.match(spans[0]!.traceId, /^[0-9a-f]{32}$/);
      assert.ok(last.body.resourceSpans[0]!.resource.attributes.some((entry) => entry.key === "service.name"));
      assert.deepEqual(exporter.stats(), { exportedSpans: 16, droppedSpans: 0, failedExports: 0, lastError: "collector answered 503" });
      await exporter.close();
    } finally {
      await collector.close();
    }
  });

  it("drops (and counts) spans past the queue bound, and when the collector keeps failing", async () => {
    const collector = await mockCollector([500]);
    try {
      const setup = otlpConfigFrom(env({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin, OTEL_BSP_MAX_QUEUE_SIZE: "10" }));
      assert.ok(setup.enabled);
      const exporter = createOtlpExporter({ config: setup.config, version: "1" });
      exporter.add(spanInput);
      exporter.add(spanInput);
      await exporter.flush();
      const stats = exporter.stats();
      assert.equal(stats.droppedSpans, 16, "8 over the queue bound, then 8 refused with a 500 (not retried)");
      assert.equal(stats.failedExports, 1);
      await exporter.close();
    } finally {
      await collector.close();
    }
  });
});

describe("createTelemetry", () => {
  it("aggregates each row's phases into /api/telemetry windows and exports them when OTLP is set", async () => {
    const collector = await mockCollector();
    try {
      const now = 5_000_000;
      const telemetry = createTelemetry({ env: env({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin }), version: "9", now: () => now });
      const row = (latencyMs: number, withPhases: boolean): UsageRow =>
        ({
          requestId: `r${latencyMs}`,
          startedAt: now - latencyMs,
          endpoint: "/v1/chat/completions",
          clientFormat: "openai-chat",
          provider: "openai",
          model: "openai/gpt-4o",
          upstreamModel: "gpt-4o",
          account: "work",
          apiKeyName: null,
          stream: false,
          status: "ok",
          httpStatus: 200,
          errorCode: null,
          latencyMs,
          ttfbMs: latencyMs / 2,
          inputTokens: 1,
          outputTokens: 1,
          cacheReadTokens: null,
          cacheWriteTokens: null,
          reasoningTokens: null,
          ...(withPhases ? { phases: { durations: () => ({ ...phases, upstream: latencyMs }) } } : {}),
        }) as UsageRow;
      for (let latency = 10; latency <= 100; latency += 10) telemetry.onRow(row(latency, true), NO_ACCOUNTING);
      telemetry.onRow(row(7, false), NO_ACCOUNTING);
      const snapshot = telemetry.snapshot();
      const minute = snapshot.windows["1m"];
      assert.equal(minute.requests, 11);
      assert.equal(minute.measured, 10);
      assert.equal(minute.phases.upstream.count, 10);
      assert.ok(Math.abs(minute.phases.upstream.p50! - 50) <= 1.25, String(minute.phases.upstream.p50));
      assert.ok(Math.abs(minute.phases.upstream.p99! - 100) <= 2.5, String(minute.phases.upstream.p99));
      assert.equal(minute.phases.auth.max, 0.05);
      assert.equal(minute.total.count, 11);
      assert.deepEqual(snapshot.phases, ["receive", "auth", "route", "translate", "upstream", "stream", "record"]);
      assert.equal(snapshot.otlp.enabled, true);
      await telemetry.flush();
      const spans = collector.received.flatMap((request) => request.body.resourceSpans[0]!.scopeSpans[0]!.spans);
      assert.equal(spans.length, 10 * 8 + 1);
      await telemetry.close();
      const off = createTelemetry({ env: env({}), version: "9" });
      assert.deepEqual(off.snapshot().otlp, { enabled: false, reason: "no OTEL_EXPORTER_OTLP_ENDPOINT" });
    } finally {
      await collector.close();
    }
  });
});
