// The assertions every real-client run ends with: the process finished in time and cleanly, it tried to reach
// nothing but this machine, exactly one generation request crossed the gateway, the upstream received what the
// client meant (request-integrity.ts), and the client printed exactly the answer the mock served.

import assert from "node:assert/strict";

import { CLIENT_KEY, UPSTREAM_KEY } from "./client-gateway";
import type { Exchange } from "./client-gateway";
import type { TappedRequest } from "./client-tap";
import { describeEgress } from "./egress-watch";
import { checkRequestIntegrity } from "./request-integrity";
import type { WireProtocol } from "./request-view";
import type { ClientProcessResult } from "./run-client-process";
import type { UpstreamRequest } from "./upstream-front";

export interface ExpectedRun {
  clientProtocol: WireProtocol;
  upstreamProtocol: WireProtocol;
  /** The model the upstream must receive. */
  upstreamModel: string;
  /** The text the mock served, given whether the upstream request streamed. */
  answer: (streamed: boolean) => string;
}

function processReport(run: ClientProcessResult): string {
  return `exit ${run.code ?? run.signal}${run.timedOut ? " (killed: timeout)" : ""} after ${Math.round(run.durationMs)} ms\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`;
}

/** No connection attempt to anything but loopback (skipped, with a note, where strace is unavailable). */
export function assertNoEgress(run: ClientProcessResult): void {
  if (run.egress === null) return;
  assert.deepEqual(describeEgress(run.egress), [], "the client tried to reach the network outside this machine");
}

/** Generation requests: POSTs with a JSON body (Claude Code's `HEAD /` preflight is not one). */
export function generationRequests(requests: TappedRequest[]): TappedRequest[] {
  return requests.filter((request) => request.method === "POST" && request.body !== null);
}

/** The upstream got the provider account's key in its own header, and never the client's omniroute key. */
export function assertUpstreamAuth(upstream: UpstreamRequest): void {
  const header = (name: string) => upstream.headers[name];
  if (upstream.protocol === "claude") assert.equal(header("x-api-key"), UPSTREAM_KEY, "Anthropic upstream without the account's x-api-key");
  else if (upstream.protocol === "gemini") assert.equal(header("x-goog-api-key"), UPSTREAM_KEY, "Gemini upstream without the account's x-goog-api-key");
  else assert.equal(header("authorization"), `Bearer ${UPSTREAM_KEY}`, "OpenAI upstream without the account's bearer key");
  assert.ok(!JSON.stringify(upstream.headers).includes(CLIENT_KEY) && !upstream.path.includes(CLIENT_KEY), "the client's omniroute key reached the upstream");
}

/** Whether the upstream request asked for a stream (so the mock replayed the `.chunks.txt` recording). */
export function upstreamStreamed(upstream: UpstreamRequest): boolean {
  if (upstream.protocol === "gemini") return upstream.path.includes(":streamGenerateContent");
  return (upstream.body as { stream?: unknown } | null)?.stream === true;
}

export function assertClientRun(run: ClientProcessResult, answer: string | null, exchange: Exchange, expected: ExpectedRun): { client: TappedRequest; upstream: UpstreamRequest } {
  assert.equal(run.timedOut, false, `the client was killed after its timeout\n${processReport(run)}`);
  assertNoEgress(run);
  const clientRequests = generationRequests(exchange.client);
  assert.equal(clientRequests.length, 1, `expected one generation request from the client, got ${clientRequests.map((request) => `${request.method} ${request.path} → ${request.status}`).join(", ")}\n${processReport(run)}`);
  const client = clientRequests[0]!;
  assert.equal(client.status, 200, `omniroute answered ${client.status}: ${client.responseText.slice(0, 600)}`);
  assert.equal(exchange.upstream.length, 1, `expected one upstream request, got ${exchange.upstream.map((request) => `${request.method} ${request.path}`).join(", ")}`);
  const upstream = exchange.upstream[0]!;
  assert.equal(upstream.protocol, expected.upstreamProtocol, `the upstream request went to ${upstream.path}`);
  assertUpstreamAuth(upstream);
  const problems = checkRequestIntegrity({
    clientProtocol: expected.clientProtocol,
    clientBody: client.body,
    upstreamProtocol: expected.upstreamProtocol,
    upstreamBody: upstream.body,
    upstreamModel: upstream.model,
    expectedModel: expected.upstreamModel,
  });
  assert.deepEqual(problems, [], "the upstream request is not what the client meant");
  assert.equal(run.code, 0, `the client failed\n${processReport(run)}`);
  assert.equal(answer, expected.answer(upstreamStreamed(upstream)), `the client printed something else than the mock served\n${processReport(run)}`);
  return { client, upstream };
}
