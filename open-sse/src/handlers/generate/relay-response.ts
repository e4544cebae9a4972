import type { TokenUsage } from "../../accounting/token-usage";
import type { CanonicalResponse } from "../../core/canonical-response";
import { GatewayError } from "../../core/gateway-error";
import { mergeUsage, responseToEvents, StreamAggregator } from "../../core/stream-aggregator";
import type { StreamEvent, StreamParser } from "../../core/stream-event";
import type { ResponseContext, WireCodec } from "../../formats/wire-codec";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { sendError } from "../../http/send-error";
import { ChatToolCallIndexRepair } from "../../sse/chat-tool-call-index-repair";
import { SseEventReader } from "../../sse/sse-event-reader";
import { SseUsageTap } from "../../sse/sse-usage-tap";
import type { RawStreamDecoder } from "../../upstream/upstream-executor";
import type { UpstreamResponse } from "../../upstream/upstream-http";
import { transportFailure } from "../../upstream/upstream-http";
import { scrubUpstreamText } from "../../upstream/upstream-status-failure";

export interface RelayOptions {
  clientCodec: WireCodec;
  upstreamCodec: WireCodec;
  /** Client and upstream speak the same format: bytes pass through untouched. */
  sameFormat: boolean;
  clientWantsStream: boolean;
  responseContext: ResponseContext;
  /** Headers every successful response carries (request id, routing); owned by this request, extended in place. */
  headers: Record<string, string>;
  providerId: string;
  /** A streaming answer's first chunk, already read (and checked for an in-band error) by the attempt loop. */
  firstChunk?: Buffer;
  /**
   * A subscription backend's envelope around the upstream format (Code Assist's `{"response": …}`): applied to each
   * SSE event's data and to a JSON answer before anything reads them (upstream/upstream-executor.ts). Absent: none.
   */
  unwrapEventData?: (data: string) => string;
  unwrapJson?: (body: unknown) => unknown;
  /** Called with a same-format JSON answer's bytes before they go out (the Responses id is read from them). */
  onSameFormatJson?: (bytes: Buffer) => void;
  /**
   * A backend with a protocol of its own (an executor's `ownProtocol`: Kiro's AWS event stream): its answer bytes go
   * through this decoder, not SSE and a codec parser. The attempt loop already decoded the first chunk into
   * `decodedFirst` (to see an in-band error before committing).
   */
  decoder?: RawStreamDecoder;
  decodedFirst?: StreamEvent[];
}

const OK: RequestOutcome = { httpStatus: 200, status: "ok", errorCode: null };
const ABORTED: RequestOutcome = { httpStatus: 499, status: "aborted", errorCode: "client_closed" };

export function isEventStream(upstream: UpstreamResponse): boolean {
  const contentType = upstream.headers["content-type"];
  return typeof contentType === "string" && contentType.includes("text/event-stream");
}

/** Sends a successful upstream response to the client in the shape and format it asked for. */
export function relayResponse(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  // A protocol of its own always arrives as a byte stream its decoder reads, whatever the content type says.
  if (options.decoder !== undefined) return options.clientWantsStream ? translateStream(context, upstream, options) : aggregateStream(context, upstream, options);
  const upstreamStreams = isEventStream(upstream);
  if (upstreamStreams && options.clientWantsStream) {
    if (!options.sameFormat) return translateStream(context, upstream, options);
    // An envelope must come off each event, so the bytes cannot pass untouched: re-framed event by event.
    return options.unwrapEventData === undefined ? pipeStream(context, upstream, options) : reframeStream(context, upstream, options, options.unwrapEventData);
  }
  if (upstreamStreams) return aggregateStream(context, upstream, options);
  return relayJson(context, upstream, options);
}

/**
 * Same format both ways: the upstream's bytes go out untouched, chunk by chunk, read by a usage tap (OpenAI
 * Chat: a partial event is held until its end, and tool calls lacking an index get one).
 */
function pipeStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  const { response, recorder } = context;
  const codec = options.upstreamCodec;
  let usage: TokenUsage | undefined;
  const tap = new SseUsageTap(
    codec.usageMarker,
    (data, event) => {
      const found = codec.readStreamUsage(data, event);
      if (found === null) return;
      // Counts only grow within a stream (Anthropic reports input at the start, output at the end; Gemini
      // repeats running totals), so the largest figure per field is the final one, in whatever order read.
      usage = usage === undefined ? found : largestUsage(usage, found);
      recorder.tokens = usage;
    },
    () => usage !== undefined && usage.inputTokens !== null && usage.outputTokens !== null,
  );
  writeStreamHeaders(context, options, codec.streamContentType);
  const body = upstream.body;
  // OpenAI Chat streams get one repair on the way (tool calls without an index; see the class).
  const repair = codec.format === "openai-chat" ? new ChatToolCallIndexRepair() : undefined;
  const forward = (chunk: Buffer): boolean => {
    const out = repair === undefined ? chunk : repair.push(chunk);
    return out.length === 0 || response.write(out);
  };
  const endResponse = () => {
    const rest = repair?.end();
    if (rest !== undefined && rest.length > 0) response.end(rest);
    else response.end();
  };
  // The attempt loop read the first chunk before committing to this route; it leaves with the headers.
  if (options.firstChunk !== undefined) {
    recorder.markFirstByte();
    tap.push(options.firstChunk);
    forward(options.firstChunk);
  }
  // Events rather than `for await`: one promise per chunk is measurable at thousands of streams per second.
  // Backpressure: a full socket pauses the upstream body until it drains; a client that leaves instead
  // aborts the upstream call, which ends the body with an error.
  return new Promise((resolve) => {
    const failed = (error: unknown) => {
      if (context.abortSignal.aborted) return resolve(ABORTED);
      const failure = GatewayError.isInstance(error) ? error : streamInterrupted(error, options.providerId);
      resolve(sendError(response, context.requestId, failure, options.clientCodec.formatError, options.clientCodec.formatStreamError));
    };
    // The first-chunk read may have seen the whole stream: it ended (or failed) before these listeners.
    if (body.errored) return failed(body.errored);
    if (body.readableEnded) {
      tap.end();
      endResponse();
      return resolve(OK);
    }
    const resume = () => body.resume();
    body.on("data", (chunk: Buffer) => {
      recorder.markFirstByte();
      tap.push(chunk);
      if (!forward(chunk)) {
        body.pause();
        response.once("drain", resume);
      }
    });
    body.once("end", () => {
      tap.end();
      endResponse();
      resolve(OK);
    });
    body.once("error", (error: Error) => {
      response.off("drain", resume);
      failed(error);
    });
    // Paused by the first-chunk read; a new 'data' listener does not restart a stream paused on purpose.
    body.resume();
  });
}

/**
 * Different formats: upstream SSE → the upstream format's stream parser → canonical events → the client
 * format's stream formatter → socket, one write per upstream chunk, with the same backpressure as a pipe.
 */
function translateStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  const { response, recorder } = context;
  const parser = options.upstreamCodec.createStreamParser();
  const formatter = options.clientCodec.createStreamFormatter(options.responseContext);
  let streamFailed: string | null = null;
  let output = "";
  const emit = (events: StreamEvent[]) => {
    for (const event of events) {
      if (streamFailed !== null) return;
      if (event.type === "usage") recorder.tokens = mergeUsage(recorder.tokens, event.usage);
      else if (event.type === "error") {
        streamFailed = event.code ?? "upstream_error";
        // The upstream's own words reach the client only scrubbed of URLs and keys (DESIGN §4).
        output += formatter.format({ ...event, message: `Provider '${options.providerId}' reported an error mid-stream: ${scrubUpstreamText(event.message)}` });
        continue;
      }
      output += formatter.format(event);
    }
  };
  const reader = eventSource(options, parser, emit);
  writeStreamHeaders(context, options, options.clientCodec.streamContentType);
  const flush = (): boolean => {
    if (output === "") return true;
    recorder.markFirstByte();
    const text = output;
    output = "";
    return response.write(text);
  };
  const finish = (): RequestOutcome => {
    // A decoder's end was already read by `reader.end()`; the codec parser is only asked when it was fed.
    if (streamFailed === null && options.decoder === undefined) emit(parser.end());
    output += formatter.end();
    flush();
    response.end();
    return streamFailed === null ? OK : { httpStatus: 200, status: "stream_error", errorCode: streamFailed };
  };
  const body = upstream.body;
  if (options.decodedFirst !== undefined) {
    emit(options.decodedFirst);
    flush();
  }
  if (options.firstChunk !== undefined) {
    reader.push(options.firstChunk);
    flush();
  }
  return new Promise((resolve) => {
    const failed = (error: unknown) => {
      if (context.abortSignal.aborted) return resolve(ABORTED);
      const failure = GatewayError.isInstance(error) ? error : streamInterrupted(error, options.providerId);
      if (streamFailed === null) {
        streamFailed = failure.code;
        output += formatter.format({ type: "error", message: failure.publicMessage, code: failure.code });
      }
      resolve(finish());
    };
    if (body.errored) return failed(body.errored);
    if (body.readableEnded) {
      reader.end();
      return resolve(finish());
    }
    const resume = () => body.resume();
    body.on("data", (chunk: Buffer) => {
      reader.push(chunk);
      if (!flush()) {
        body.pause();
        response.once("drain", resume);
      }
    });
    body.once("end", () => {
      reader.end();
      resolve(finish());
    });
    body.once("error", (error: Error) => {
      response.off("drain", resume);
      failed(error);
    });
    body.resume();
  });
}

/**
 * Same format, but each event wrapped in a backend's envelope: every event's data is unwrapped and written out as
 * its own SSE event (the event name kept), read by the usage tap on the way, with the same backpressure as a pipe.
 */
function reframeStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions, unwrap: (data: string) => string): Promise<RequestOutcome> {
  const { response, recorder } = context;
  const codec = options.upstreamCodec;
  let output = "";
  const reader = new SseEventReader((data, event) => {
    const plain = unwrap(data);
    if (plain.includes(codec.usageMarker)) {
      const found = codec.readStreamUsage(plain, event);
      if (found !== null) recorder.tokens = largestUsage(recorder.tokens, found);
    }
    output += `${event === undefined ? "" : `event: ${event}\r\n`}data: ${plain}\r\n\r\n`;
  });
  writeStreamHeaders(context, options, codec.streamContentType);
  const flush = (): boolean => {
    if (output === "") return true;
    recorder.markFirstByte();
    const text = output;
    output = "";
    return response.write(text);
  };
  const body = upstream.body;
  if (options.firstChunk !== undefined) {
    reader.push(options.firstChunk);
    flush();
  }
  return new Promise((resolve) => {
    const failed = (error: unknown) => {
      if (context.abortSignal.aborted) return resolve(ABORTED);
      const failure = GatewayError.isInstance(error) ? error : streamInterrupted(error, options.providerId);
      resolve(sendError(response, context.requestId, failure, options.clientCodec.formatError, options.clientCodec.formatStreamError));
    };
    const finish = () => {
      reader.end();
      flush();
      response.end();
      resolve(OK);
    };
    if (body.errored) return failed(body.errored);
    if (body.readableEnded) return finish();
    const resume = () => body.resume();
    body.on("data", (chunk: Buffer) => {
      reader.push(chunk);
      if (!flush()) {
        body.pause();
        response.once("drain", resume);
      }
    });
    body.once("end", finish);
    body.once("error", (error: Error) => {
      response.off("drain", resume);
      failed(error);
    });
    body.resume();
  });
}

/** The upstream streamed although the client asked for one JSON answer: fold the stream, then format it. */
async function aggregateStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  const parser = options.upstreamCodec.createStreamParser();
  const aggregator = new StreamAggregator();
  const add = (events: StreamEvent[]) => {
    for (const item of events) aggregator.add(item);
  };
  const reader = eventSource(options, parser, add);
  try {
    if (options.decodedFirst !== undefined) add(options.decodedFirst);
    if (options.firstChunk !== undefined) reader.push(options.firstChunk);
    for await (const chunk of upstream.body) reader.push(chunk as Buffer);
    reader.end();
    if (options.decoder === undefined) add(parser.end());
  } catch (error) {
    if (context.abortSignal.aborted) return ABORTED;
    return fail(context, options, streamInterrupted(error, options.providerId));
  }
  const answer = aggregator.toResponse();
  context.recorder.tokens = answer.usage;
  if (aggregator.error !== undefined || !aggregator.finished) {
    return fail(
      context,
      options,
      new GatewayError({ code: "upstream_error", status: 502, retryable: true, publicMessage: `Provider '${options.providerId}' sent a broken or failed stream.` }),
    );
  }
  return sendJson(context, options, Buffer.from(JSON.stringify(options.clientCodec.formatResponse(answer, options.responseContext))));
}

/** A JSON answer: forwarded byte for byte to a same-format JSON client, translated otherwise, or replayed as a stream. */
async function relayJson(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await upstream.body.arrayBuffer());
  } catch (error) {
    if (context.abortSignal.aborted) return ABORTED;
    return fail(context, options, transportFailure(error, options.providerId));
  }
  let answer: CanonicalResponse;
  let unwrapped: unknown;
  try {
    const parsed: unknown = JSON.parse(bytes.toString("utf8"));
    unwrapped = options.unwrapJson === undefined ? parsed : options.unwrapJson(parsed);
    answer = options.upstreamCodec.parseResponse(unwrapped);
  } catch {
    return fail(
      context,
      options,
      new GatewayError({ code: "upstream_error", status: 502, retryable: true, publicMessage: `Provider '${options.providerId}' answered with a body that is not a valid response.` }),
    );
  }
  context.recorder.tokens = answer.usage;
  if (!options.clientWantsStream) {
    if (options.sameFormat) {
      options.onSameFormatJson?.(bytes);
      return sendJson(context, options, options.unwrapJson === undefined ? bytes : Buffer.from(JSON.stringify(unwrapped)));
    }
    return sendJson(context, options, Buffer.from(JSON.stringify(options.clientCodec.formatResponse(answer, options.responseContext))));
  }
  const formatter = options.clientCodec.createStreamFormatter(options.responseContext);
  let text = "";
  for (const event of responseToEvents(answer)) text += formatter.format(event);
  text += formatter.end();
  context.recorder.markFirstByte();
  writeStreamHeaders(context, options, options.clientCodec.streamContentType);
  context.response.end(text);
  return OK;
}

function writeStreamHeaders(context: RequestContext, options: RelayOptions, contentType: string): void {
  const headers = options.headers;
  headers["content-type"] = contentType;
  headers["cache-control"] = "no-cache";
  headers["x-accel-buffering"] = "no";
  context.response.writeHead(200, headers);
}

function sendJson(context: RequestContext, options: RelayOptions, bytes: Buffer): RequestOutcome {
  context.recorder.markFirstByte();
  const headers = options.headers;
  headers["content-type"] = "application/json";
  headers["content-length"] = String(bytes.length);
  context.response.writeHead(200, headers);
  context.response.end(bytes);
  return OK;
}

function fail(context: RequestContext, options: RelayOptions, error: GatewayError): RequestOutcome {
  return sendError(context.response, context.requestId, error, options.clientCodec.formatError, options.clientCodec.formatStreamError);
}

/**
 * Where a translated answer's canonical events come from: the executor's decoder for a protocol of its own, else
 * SSE events (unwrapped from a backend's envelope when there is one) through the upstream codec's stream parser.
 */
function eventSource(options: RelayOptions, parser: StreamParser, emit: (events: StreamEvent[]) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = options.decoder;
  if (decoder !== undefined) return { push: (chunk) => emit(decoder.push(chunk)), end: () => emit(decoder.end()) };
  const unwrap = options.unwrapEventData;
  return new SseEventReader(unwrap === undefined ? (data, event) => emit(parser.push(data, event)) : (data, event) => emit(parser.push(unwrap(data), event)));
}

/** Per field, the larger of two readings of the same stream's running totals. */
function largestUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const larger = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  return {
    inputTokens: larger(a.inputTokens, b.inputTokens),
    outputTokens: larger(a.outputTokens, b.outputTokens),
    cacheReadTokens: larger(a.cacheReadTokens, b.cacheReadTokens),
    cacheWriteTokens: larger(a.cacheWriteTokens, b.cacheWriteTokens),
    reasoningTokens: larger(a.reasoningTokens, b.reasoningTokens),
  };
}

function streamInterrupted(error: unknown, providerId: string): GatewayError {
  const transport = transportFailure(error, providerId);
  if (transport.code === "upstream_timeout") {
    return new GatewayError({ code: "upstream_timeout", status: 504, publicMessage: `Provider '${providerId}' went silent mid-response.`, cause: error });
  }
  return new GatewayError({ code: "stream_interrupted", status: 502, publicMessage: `The stream from provider '${providerId}' ended unexpectedly.`, cause: error });
}
