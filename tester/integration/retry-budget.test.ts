import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Gateway } from "../../open-sse/src/gateway";
import type { AttemptRecord, GatewaySnapshot, ProviderRuntime, UsageRow } from "../../open-sse/src/ports";
import { serveGateway, type ServedGateway } from "../lib/serve-gateway";
import { startOpenAiMock, type MockScenario, type OpenAiMock } from "../mock-upstream/openai-mock-server";

// The retry budget bounds storms against failing upstreams; moving past a target that refused the request itself
// (400 "model not supported") is what a combo is for and must not be refused under load. Also: each usage row
// names the last upstream call actually made, with every attempt in its trail. The engine runs in-process (its
// usage rows are read as the engine hands them over); the mocks count the upstream calls.
const mocks: Record<string, OpenAiMock> = {};
const rows: UsageRow[] = [];
let silent: TcpServer;
// A healthy upstream that takes a while to answer: the retries sent to it are still in flight when the rest of a
// storm fails, so the budget's bound shows in the number of calls it receives.
let slowBackup: Server;
let slowBackupCalls = 0;
const silentSockets = new Set<Socket>();
let silentUrl: string;
let served: ServedGateway;
let gateway: Gateway;
let baseUrl: string;

const baseSettings: GatewaySnapshot["settings"] = { requireApiKey: false, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 };
let snapshot: GatewaySnapshot;

/** A 400 "model not supported" whose body arrives after `delayMs`: every concurrent request is at the first target at once. */
const modelNotSupported = (delayMs: number): MockScenario => ({
  kind: "raw",
  status: 400,
  headers: { "content-type": "application/json" },
  chunks: ['{"error":{"message":"The model `m` is not supported', ' for this account.","type":"invalid_request_error","code":"model_not_supported"}}'],
  delayMs,
});
const serviceUnavailable = (delayMs: number): MockScenario => ({
  kind: "raw",
  status: 503,
  headers: { "content-type": "application/json" },
  chunks: ['{"error":{"message":"Service', ' unavailable","type":"server_error"}}'],
  delayMs,
});

function provider(id: string, baseUrl: string, timeouts?: ProviderRuntime["timeouts"]): ProviderRuntime {
  return {
    id,
    displayName: id,
    apiFormat: "openai-chat",
    models: ["m"],
    strategy: "priority",
    accounts: [{ id: `${id}-account`, name: `${id}-account`, apiKey: `sk-${id}-000000`, baseUrl, priority: 0 }],
    ...(timeouts !== undefined ? { timeouts } : {}),
  };
}

before(async () => {
  for (const id of ["refusing", "backup", "broken", "cold"]) mocks[id] = await startOpenAiMock();
  // Accepts connections and never answers: a call to it ends only by its first-byte timeout.
  silent = createTcpServer((socket) => {
    silentSockets.add(socket);
    socket.on("close", () => silentSockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
  slowBackup = createServer((request, response) => {
    slowBackupCalls += 1;
    request.resume();
    setTimeout(() => {
      const body = JSON.stringify({
        id: "chatcmpl-slow",
        object: "chat.completion",
        created: 1,
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
    }, 500);
  });
  await new Promise<void>((resolve) => slowBackup.listen(0, "127.0.0.1", resolve));
  const slowBackupUrl = `http://127.0.0.1:${(slowBackup.address() as AddressInfo).port}/v1`;
  const slow = { firstByteMs: 400, idleMs: 400 };
  snapshot = {
    settings: baseSettings,
    providers: new Map(
      [
        provider("refusing", mocks.refusing!.url),
        provider("backup", mocks.backup!.url),
        provider("broken", mocks.broken!.url),
        provider("cold", mocks.cold!.url),
        provider("slow-backup", slowBackupUrl),
        provider("s1", silentUrl, slow),
        provider("s2", silentUrl, slow),
        provider("s3", silentUrl, slow),
      ].map((entry) => [entry.id, entry]),
    ),
    clientKeys: [],
    combos: new Map([
      ["refusing-then-backup", { models: ["refusing/m", "backup/m"], strategy: "priority" }],
      ["broken-then-backup", { models: ["broken/m", "backup/m"], strategy: "priority" }],
      ["broken-then-cold", { models: ["broken/m", "cold/m"], strategy: "priority" }],
      ["broken-then-slow-backup", { models: ["broken/m", "slow-backup/m"], strategy: "priority" }],
      ["all-silent", { models: ["s1/m", "s2/m", "s3/m"], strategy: "priority" }],
    ]),
  };
  served = await serveGateway({ config: { getSnapshot: () => snapshot }, usage: { record: (row) => rows.push(row) } });
  gateway = served.gateway;
  baseUrl = served.url;
});

after(async () => {
  await served.close();
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  slowBackup.closeAllConnections();
  await new Promise((resolve) => slowBackup.close(resolve));
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
});

beforeEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
  gateway.resilience.reset();
  snapshot = { ...snapshot, settings: baseSettings };
  rows.length = 0;
  slowBackupCalls = 0;
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return {
    status: response.status,
    requestId: response.headers.get("x-request-id"),
    provider: response.headers.get("x-omniroute-provider"),
    attempts: response.headers.get("x-omniroute-attempts"),
    text: await response.text(),
  };
}

const chat = (model: string) => post("/v1/chat/completions", { model, messages: [{ role: "user", content: "x" }] });
const embed = (model: string) => post("/v1/embeddings", { model, input: "x" });

/** The usage row of one request (rows are handed over when the request ends). */
async function rowOf(requestId: string | null): Promise<UsageRow> {
  for (let waited = 0; waited < 2_000; waited += 10) {
    const row = rows.find((candidate) => candidate.requestId === requestId);
    if (row !== undefined) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no usage row for ${requestId}`);
}

const steps = (trail: readonly AttemptRecord[] | null | undefined) => (trail ?? []).map(({ provider, account, outcome, reason, httpStatus }) => [provider, account, outcome, reason, httpStatus]);

describe("retry budget: request-scoped refusals are free, upstream trouble is not", () => {
  it("20 concurrent chat requests to a combo whose first target answers 400 'model not supported' all succeed on the second", async () => {
    mocks.refusing!.setDefault(modelNotSupported(300));
    const results = await Promise.all(Array.from({ length: 20 }, () => chat("refusing-then-backup")));
    assert.deepEqual(
      results.map((result) => [result.status, result.provider, result.attempts]),
      results.map(() => [200, "backup", "2"]),
      results.find((result) => result.status !== 200)?.text,
    );
    assert.equal(mocks.refusing!.requests.length, 20, "every request was at the first target at once");
    assert.equal(mocks.backup!.requests.length, 20);
    assert.equal(gateway.resilience.retryBudget.snapshot().retriesInUse, 0);
  });

  it("the same for embeddings: 20 concurrent requests all succeed, each row with both attempts in its trail", async () => {
    mocks.refusing!.setDefault(modelNotSupported(300));
    const results = await Promise.all(Array.from({ length: 20 }, () => embed("refusing-then-backup")));
    assert.deepEqual(
      results.map((result) => result.status),
      results.map(() => 200),
      results.find((result) => result.status !== 200)?.text,
    );
    assert.equal(mocks.refusing!.requests.length, 20);
    const row = await rowOf(results[0]!.requestId);
    assert.deepEqual([row.provider, row.account, row.attempts], ["backup", "backup-account", 2]);
    assert.deepEqual(steps(row.attemptTrail), [
      ["refusing", "refusing-account", "failed", "model-unavailable", 400],
      ["backup", "backup-account", "ok", null, 200],
    ]);
  });

  it("a 5xx storm still spends the budget: the retries it causes stay bounded (counted at the upstreams)", async () => {
    mocks.broken!.setDefault(serviceUnavailable(300));
    const results = await Promise.all(Array.from({ length: 20 }, () => chat("broken-then-slow-backup")));
    const succeeded = results.filter((result) => result.status === 200).length;
    assert.equal(mocks.broken!.requests.length, 20);
    // At most max(3, 20 % of the 20 requests in flight) retries at once: the rest of the storm is refused.
    assert.ok(slowBackupCalls >= 3 && slowBackupCalls <= 4, `${slowBackupCalls} retries reached the backup`);
    assert.equal(succeeded, slowBackupCalls);
    // The rest hear the upstream's own failure (a 503 relayed as 502 upstream_error), not a budget error of ours.
    const refused = results.filter((result) => result.status !== 200);
    assert.deepEqual(new Set(refused.map((result) => [result.status, JSON.parse(result.text).error.code].join(" "))), new Set(["502 upstream_error"]));
    assert.equal(gateway.resilience.retryBudget.snapshot().retriesInUse, 0);
  });
});

describe("usage rows name the last upstream call actually made", () => {
  it("a target skipped after a failed call does not take over the row: provider and account are the failed call's", async () => {
    mocks.broken!.setDefault({ kind: "status", status: 503 });
    gateway.resilience.cooldowns.markAuthFailed("cold", "cold-account");
    const result = await chat("broken-then-cold");
    assert.equal(result.status, 502, result.text);
    const row = await rowOf(result.requestId);
    assert.deepEqual([row.provider, row.upstreamModel, row.account, row.attempts], ["broken", "m", "broken-account", 1]);
    assert.deepEqual(steps(row.attemptTrail), [
      ["broken", "broken-account", "failed", "server", 503],
      ["cold", "cold-account", "skipped", "cooling down: auth-failed", null],
      ["cold", null, "skipped", "every account is cooling down", null],
    ]);
    assert.equal(mocks.cold!.requests.length, 0);
  });

  it("when the routing deadline stops the loop, the row names the last target called, not the one the deadline skipped", async () => {
    snapshot = { ...snapshot, settings: { ...baseSettings, routingDeadlineMs: 600 } };
    const result = await chat("all-silent");
    assert.equal(result.status, 504, result.text);
    const row = await rowOf(result.requestId);
    // How many targets the 600 ms allow depends on the HTTP client's timer granularity: one or two are called.
    const trail = row.attemptTrail ?? [];
    const calls = trail.filter((step) => step.outcome !== "skipped");
    assert.ok(calls.length >= 1 && calls.every((step) => step.outcome === "failed" && step.reason === "timeout"), JSON.stringify(trail));
    const lastCall = calls.at(-1)!;
    assert.deepEqual([row.provider, row.upstreamModel, row.account, row.attempts], [lastCall.provider, "m", `${lastCall.provider}-account`, calls.length]);
    const stop = trail.at(-1)!;
    assert.deepEqual([stop.outcome, stop.reason, stop.account], ["skipped", "routing deadline reached", null]);
    assert.notEqual(stop.provider, row.provider, "the target the deadline skipped is not the one the row names");
  });

  it("nothing called at all: the row names the first target and no account", async () => {
    gateway.resilience.cooldowns.markAuthFailed("cold", "cold-account");
    const result = await chat("cold/m");
    assert.equal(result.status, 503, result.text);
    const row = await rowOf(result.requestId);
    assert.deepEqual([row.provider, row.upstreamModel, row.account, row.attempts], ["cold", "m", null, 0]);
  });

  it("an image request that falls back has both attempts in its row's trail", async () => {
    mocks.broken!.setDefault({ kind: "status", status: 503 });
    const result = await post("/v1/images/generations", { model: "broken-then-backup", prompt: "a cat" });
    assert.equal(result.status, 200, result.text);
    const row = await rowOf(result.requestId);
    assert.deepEqual([row.provider, row.account, row.attempts], ["backup", "backup-account", 2]);
    assert.deepEqual(steps(row.attemptTrail), [
      ["broken", "broken-account", "failed", "server", 503],
      ["backup", "backup-account", "ok", null, 200],
    ]);
  });
});
