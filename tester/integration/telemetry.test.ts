// Telemetry against the real server: per-phase p50/p95/p99 at /api/telemetry, one OTLP trace per request sent to
// a local mock collector named by the standard OTEL_* variables, and structured JSON log lines carrying the
// request id.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startWireReplayServer, type WireReplayServer } from "../mock-upstream/wire-replay-server";
import { loginCookie } from "../lib/dashboard-session";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const PASSWORD = "telemetry-password-1";
const CLIENT_KEY = "omr-telemetry-key-0123456789";
const REQUESTS = 6;

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}
interface Export {
  path: string;
  headers: IncomingHttpHeaders;
  resource: { key: string; value: Record<string, unknown> }[];
  spans: ExportedSpan[];
}

let mock: WireReplayServer;
let gateway: OmnirouteProcess;
let cookie: string;
const exports: Export[] = [];
const collector = createServer((incoming, response) => {
  const chunks: Buffer[] = [];
  incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
  incoming.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { resourceSpans: { resource: { attributes: Export["resource"] }; scopeSpans: { spans: ExportedSpan[] }[] }[] };
    for (const resourceSpans of body.resourceSpans) {
      exports.push({ path: incoming.url ?? "", headers: incoming.headers, resource: resourceSpans.resource.attributes, spans: resourceSpans.scopeSpans.flatMap((scope) => scope.spans) });
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
});

before(async () => {
  mock = await startWireReplayServer();
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const collectorOrigin = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  gateway = await startOmniroute({
    env: {
      INITIAL_PASSWORD: PASSWORD,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorOrigin,
      OTEL_EXPORTER_OTLP_HEADERS: "x-collector-token=t0ken",
      OTEL_SERVICE_NAME: "omniroute-it",
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      apiKeys: [{ name: "ci", key: CLIENT_KEY }],
      providers: [{ id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.openAiBaseUrl, accounts: [{ name: "main", apiKey: "sk-up-0000000000" }] }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
  for (let index = 0; index < REQUESTS; index += 1) {
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_KEY}`, "x-request-id": `tm-${index}` },
      body: JSON.stringify({ model: "up-chat/openai-text", stream: index % 2 === 0, messages: [{ role: "user", content: "hi" }] }),
    });
    await response.body.text();
    assert.equal(response.statusCode, 200);
  }
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

async function telemetry() {
  const response = await request(`${gateway.url}/api/telemetry`, { headers: { cookie } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the API's JSON
  return { status: response.statusCode, json: JSON.parse(await response.body.text()) as any };
}

describe("telemetry", () => {
  it("/api/telemetry gives p50/p95/p99 per lifecycle phase over sliding windows", async () => {
    const { status, json } = await telemetry();
    assert.equal(status, 200);
    assert.deepEqual(json.phases, ["receive", "auth", "route", "translate", "upstream", "stream", "record"]);
    for (const window of ["1m", "5m", "15m"]) {
      const summary = json.windows[window];
      assert.equal(summary.requests, REQUESTS, window);
      assert.equal(summary.measured, REQUESTS, window);
      for (const phase of json.phases) {
        const figures = summary.phases[phase];
        assert.equal(figures.count, REQUESTS, `${window} ${phase}`);
        assert.ok(figures.p50 > 0 && figures.p50 <= figures.p95 && figures.p95 <= figures.p99 && figures.p99 <= figures.max * 1.025 + 0.001, `${window} ${phase}: ${JSON.stringify(figures)}`);
      }
      assert.ok(summary.total.p50 >= summary.phases.upstream.p50, "a request takes at least its upstream phase");
    }
    assert.equal(json.otlp.enabled, true);
    assert.match(json.otlp.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/v1\/traces$/);
    assert.equal(JSON.stringify(json).includes("t0ken"), false, "headers are never shown");
    assert.equal((await request(`${gateway.url}/api/telemetry`)).statusCode, 401);
  });

  it("exports one OTLP trace per request to the collector: a server span and a span per phase", async () => {
    const spans = await eventually(() => {
      const all = exports.flatMap((entry) => entry.spans);
      return all.filter((span) => span.name.startsWith("POST ")).length >= REQUESTS ? all : undefined;
    }, 10_000);
    const first = exports[0]!;
    assert.equal(first.path, "/v1/traces");
    assert.equal(first.headers["content-type"], "application/json");
    assert.equal(first.headers["x-collector-token"], "t0ken");
    assert.deepEqual(first.resource.find((entry) => entry.key === "service.name")?.value, { stringValue: "omniroute-it" });
    const roots = spans.filter((span) => span.name === "POST /v1/chat/completions");
    assert.equal(roots.length, REQUESTS);
    const requestIds = roots.map((root) => root.attributes.find((entry) => entry.key === "omniroute.request_id")?.value.stringValue).sort();
    assert.deepEqual(requestIds, Array.from({ length: REQUESTS }, (_, index) => `tm-${index}`));
    for (const root of roots) {
      assert.match(root.traceId, /^[0-9a-f]{32}$/);
      const children = spans.filter((span) => span.parentSpanId === root.spanId);
      assert.deepEqual(children.map((span) => span.name), ["omniroute.receive", "omniroute.auth", "omniroute.route", "omniroute.translate", "omniroute.upstream", "omniroute.stream", "omniroute.record"]);
      assert.ok(children.every((span) => span.traceId === root.traceId));
      assert.ok(BigInt(children.at(-1)!.endTimeUnixNano) <= BigInt(root.endTimeUnixNano), "the phases fit in the request");
      assert.equal(children[0]!.startTimeUnixNano, root.startTimeUnixNano);
      assert.deepEqual(root.attributes.find((entry) => entry.key === "gen_ai.provider.name")?.value, { stringValue: "up-chat" });
    }
  });

  it("logs structured JSON lines with the request id", () => {
    const lines = gateway.stdout().split("\n").filter((line) => line.startsWith("{"));
    const parsed = lines.map((line) => JSON.parse(line) as { time: string; level: string; msg: string; requestId?: string });
    const requestLines = parsed.filter((line) => line.msg === "request" && line.requestId?.startsWith("tm-"));
    assert.equal(requestLines.length, REQUESTS);
    for (const line of requestLines) {
      assert.equal(line.level, "info");
      assert.ok(!Number.isNaN(Date.parse(line.time)));
    }
    assert.ok(!gateway.stdout().includes(CLIENT_KEY));
  });
});
