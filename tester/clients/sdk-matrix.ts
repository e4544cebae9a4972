// The SDK suites' matrix: each SDK client × each upstream wire format × a text and a tool-call recording ×
// non-streaming and streaming. Every cell asserts the answer the SDK parsed (text, tool names and arguments)
// against the recording the mock replayed, and the upstream request against the SDK's (request-integrity.ts).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { assertUpstreamAuth, generationRequests, upstreamStreamed } from "./assert-client-run";
import { CLIENT_KEY, startClientGateway } from "./client-gateway";
import type { ClientGateway } from "./client-gateway";
import type { SdkDriver } from "./drive-official-sdks";
import { recordedAnswer } from "./recorded-answer";
import { checkRequestIntegrity } from "./request-integrity";
import type { WireProtocol } from "./request-view";
import { UPSTREAM_TARGETS } from "./upstream-targets";

const CALL_TIMEOUT_MS = 20_000;
const SYSTEM_PROMPT = "You are the omniroute client test. Answer briefly and use a tool when one fits.";
const USER_PROMPT = "What is the weather in San Francisco?";

export interface SdkClient {
  label: string;
  /** The wire format the SDK speaks to omniroute. */
  protocol: WireProtocol;
  drive: SdkDriver;
}

/** `todo` reasons by cell id (`<client label>|<upstream key>|<text|tool>|<json|stream>`). */
export type KnownProblems = Record<string, string>;

export function defineSdkMatrix(title: string, clients: SdkClient[], skip: string | false, known: KnownProblems = {}): void {
  describe(title, { skip }, () => {
    let gateway: ClientGateway;

    before(async () => {
      gateway = await startClientGateway();
    });

    after(async () => {
      await gateway?.close();
    });

    for (const client of clients) {
      for (const target of UPSTREAM_TARGETS) {
        for (const kind of ["text", "tool"] as const) {
          for (const stream of [false, true]) {
            const id = `${client.label}|${target.key}|${kind}|${stream ? "stream" : "json"}`;
            const fixture = kind === "text" ? target.textFixture : target.toolFixture;
            const todo = known[id];
            it(`${client.label} → ${target.label}, ${kind === "text" ? "text answer" : `tool call (${target.toolName})`}, ${stream ? "streaming" : "not streaming"}`, { ...(todo ? { todo } : {}) }, async () => {
              const checkpoint = gateway.checkpoint();
              const answer = await client.drive({
                origin: gateway.url,
                key: CLIENT_KEY,
                model: `${target.providerId}/${fixture}`,
                stream,
                system: SYSTEM_PROMPT,
                prompt: USER_PROMPT,
                tools: kind === "tool" ? [target.toolName] : [],
                timeoutMs: CALL_TIMEOUT_MS,
              });
              const exchange = await gateway.since(checkpoint, `sdk ${id}`);
              const sent = generationRequests(exchange.client);
              assert.equal(sent.length, 1, `expected one request from the SDK, got ${sent.length}`);
              assert.equal(exchange.upstream.length, 1, `expected one upstream request, got ${exchange.upstream.length}`);
              const upstream = exchange.upstream[0]!;
              assert.equal(upstream.protocol, target.protocol);
              assertUpstreamAuth(upstream);
              const problems = checkRequestIntegrity({
                clientProtocol: client.protocol,
                clientBody: sent[0]!.body,
                upstreamProtocol: target.protocol,
                upstreamBody: upstream.body,
                upstreamModel: upstream.model,
                expectedModel: fixture,
              });
              assert.deepEqual(problems, [], "the upstream request is not what the SDK meant");
              const expected = recordedAnswer(target.protocol, fixture, upstreamStreamed(upstream));
              assert.equal(answer.text, expected.text, "answer text");
              assert.deepEqual(answer.toolCalls, expected.toolCalls, "tool calls");
            });
          }
        }
      }
    }
  });
}
