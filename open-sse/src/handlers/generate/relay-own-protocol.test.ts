import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { UsageRecorder } from "../../accounting/usage-recorder";
import type { StreamEvent } from "../../core/stream-event";
import { codecFor } from "../../formats/codec-registry";
import { ClientAbort } from "../../http/client-abort";
import type { RequestContext } from "../../http/request-context";
import type { RawStreamDecoder } from "../../upstream/upstream-executor";
import type { UpstreamResponse } from "../../upstream/upstream-http";
import { relayResponse } from "./relay-response";

/**
 * A protocol of its own (an executor's `ownProtocol`, as Kiro's AWS event stream will be): the relay reads the
 * answer through the executor's decoder — never SSE — and translates the canonical events to the client's format,
 * streamed or aggregated. This decoder reads lines `T:<text>`, `F` (finish) and `E:<message>`.
 */
class LineDecoder implements RawStreamDecoder {
  private buffered = "";
  private finished = false;
  push(chunk: Buffer): StreamEvent[] {
    this.buffered += chunk.toString("utf8");
    const lines = this.buffered.split("\n");
    this.buffered = lines.pop()!;
    return lines.flatMap((line) => this.event(line));
  }
  end(): StreamEvent[] {
    return this.finished ? [] : [{ type: "error", message: "stream ended before the response was complete" }];
  }
  private event(line: string): StreamEvent[] {
    if (line.startsWith("T:")) return [{ type: "text-delta", text: line.slice(2) }];
    if (line.startsWith("E:")) return [{ type: "error", message: line.slice(2) }];
    if (line === "F") {
      this.finished = true;
      return [{ type: "usage", usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } }, { type: "finish", reason: "stop" }];
    }
    return [];
  }
}

/** What the relay is handed per request: the body still to come, and the first chunk the attempt loop decoded. */
let next: { rest: string[]; first: string; clientWantsStream: boolean };
let recorder: UsageRecorder;
let server: Server;
let url: string;

before(async () => {
  server = createServer((request, response) => {
    recorder = new UsageRecorder({ record: () => undefined }, "req-1", 0, "/v1/chat/completions", "openai-chat", () => 0);
    const context = { request, response, requestId: "req-1", recorder, abortSignal: new ClientAbort(), now: () => 0 } as unknown as RequestContext;
    const body = new PassThrough();
    const upstream = { statusCode: 200, headers: { "content-type": "application/vnd.amazon.eventstream" }, body } as unknown as UpstreamResponse;
    const decoder = new LineDecoder();
    const decodedFirst = decoder.push(Buffer.from(next.first));
    const codec = codecFor("openai-chat");
    void relayResponse(context, upstream, {
      clientCodec: codec,
      upstreamCodec: codecFor("anthropic-messages"),
      sameFormat: false,
      clientWantsStream: next.clientWantsStream,
      responseContext: { model: "kr/claude-sonnet-4.5", requestId: "req-1", createdAt: 1, includeUsage: true },
      headers: { "x-request-id": "req-1" },
      providerId: "kr",
      decoder,
      decodedFirst,
    });
    for (const chunk of next.rest) body.write(chunk);
    body.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function chatText(raw: string): string {
  return raw
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => (JSON.parse(line.slice(6)) as { choices?: { delta: { content?: string } }[] }).choices?.[0]?.delta.content ?? "")
    .join("");
}

describe("relay of a protocol of its own", () => {
  it("streams the decoded events to the client in its format, the first chunk's events first", async () => {
    next = { first: "T:Hel", rest: ["lo\nT: wor", "ld\nF\n"], clientWantsStream: true };
    const raw = await (await fetch(url)).text();
    assert.equal(chatText(raw), "Hello world");
    assert.ok(raw.trimEnd().endsWith("data: [DONE]"), raw);
    assert.equal(recorder.tokens.inputTokens, 7);
    assert.equal(recorder.tokens.outputTokens, 3);
  });

  it("aggregates the decoded events for a JSON client", async () => {
    next = { first: "T:one \n", rest: ["T:two\n", "F\n"], clientWantsStream: false };
    const response = await fetch(url);
    const body = (await response.json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { prompt_tokens: number } };
    assert.equal(response.status, 200);
    assert.equal(body.choices[0]!.message.content, "one two");
    assert.equal(body.choices[0]!.finish_reason, "stop");
    assert.equal(body.usage.prompt_tokens, 7);
  });

  it("a decoded error mid-stream ends the client's stream with an error; a cut stream too", async () => {
    next = { first: "T:partial\n", rest: ["E:throttled by upstream\n"], clientWantsStream: true };
    const raw = await (await fetch(url)).text();
    assert.equal(chatText(raw), "partial");
    assert.match(raw, /reported an error mid-stream: throttled by upstream/);
    next = { first: "T:cut\n", rest: [], clientWantsStream: false };
    const cut = await fetch(url);
    assert.equal(cut.status, 502, "an aggregated answer that never finished is a failure");
  });
});
