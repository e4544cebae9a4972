import { GatewayError } from "../../core/gateway-error";
import { ChatStreamAggregator } from "../../formats/openai-chat/aggregate-chat-stream";
import { completionToSseChunks } from "../../formats/openai-chat/completion-to-chunks";
import { formatOpenAiStreamError } from "../../formats/openai-chat/format-error";
import { readChatUsage } from "../../formats/openai-chat/read-chat-usage";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { sendError } from "../../http/send-error";
import { formatOpenAiError } from "../../formats/openai-chat/format-error";
import { SseEventReader } from "../../sse/sse-event-reader";
import { SseUsageTap } from "../../sse/sse-usage-tap";
import type { UpstreamResponse } from "../../upstream/upstream-http";
import { transportFailure } from "../../upstream/upstream-http";

export interface RelayOptions {
  clientWantsStream: boolean;
  includeUsage: boolean;
  /** Headers every successful response carries (request id, routing); owned by this request, extended in place. */
  headers: Record<string, string>;
  providerId: string;
  model: string;
  /** A streaming answer's first chunk, already read (and checked for an in-band error) by the attempt loop. */
  firstChunk?: Buffer;
}

export function isEventStream(upstream: UpstreamResponse): boolean {
  const contentType = upstream.headers["content-type"];
  return typeof contentType === "string" && contentType.includes("text/event-stream");
}

/** Sends a successful upstream response to the client in the shape it asked for. */
export async function relayChatResponse(
  context: RequestContext,
  upstream: UpstreamResponse,
  options: RelayOptions,
): Promise<RequestOutcome> {
  const upstreamStreams = isEventStream(upstream);
  if (options.clientWantsStream && upstreamStreams) return pipeStream(context, upstream, options);
  if (!options.clientWantsStream && upstreamStreams) return aggregateStream(context, upstream, options);
  return relayJson(context, upstream, options);
}

/** Same format both ways: the upstream's bytes go out untouched, chunk by chunk, read by a usage tap. */
function pipeStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  const { response, recorder } = context;
  let usageFound = false;
  const tap = new SseUsageTap(
    (data) => {
      try {
        const usage = readChatUsage((JSON.parse(data) as { usage?: unknown }).usage);
        if (usage !== null) {
          recorder.tokens = usage;
          usageFound = true;
        }
      } catch {
        // A malformed line is forwarded as the upstream sent it; the tap just does not count it.
      }
    },
    () => usageFound,
  );
  const headers = options.headers;
  headers["content-type"] = "text/event-stream; charset=utf-8";
  headers["cache-control"] = "no-cache";
  headers["x-accel-buffering"] = "no";
  response.writeHead(200, headers);
  const body = upstream.body;
  // The attempt loop read the first chunk before committing to this route; it leaves with the headers.
  if (options.firstChunk !== undefined) {
    recorder.markFirstByte();
    tap.push(options.firstChunk);
    response.write(options.firstChunk);
  }
  // Events rather than `for await`: one promise per chunk is measurable at thousands of streams per second.
  // Backpressure: a full socket pauses the upstream body until it drains; a client that leaves instead
  // aborts the upstream call, which ends the body with an error.
  return new Promise((resolve) => {
    // The first-chunk read may have seen the whole stream: it ended (or failed) before these listeners.
    if (body.errored) {
      if (context.abortSignal.aborted) return resolve(abortedOutcome());
      return resolve(sendError(response, context.requestId, streamInterrupted(body.errored, options.providerId), formatOpenAiError, formatOpenAiStreamError));
    }
    if (body.readableEnded) {
      tap.end();
      response.end();
      return resolve({ httpStatus: 200, status: "ok", errorCode: null });
    }
    const resume = () => body.resume();
    body.on("data", (chunk: Buffer) => {
      recorder.markFirstByte();
      tap.push(chunk);
      if (!response.write(chunk)) {
        body.pause();
        response.once("drain", resume);
      }
    });
    body.once("end", () => {
      tap.end();
      response.end();
      resolve({ httpStatus: 200, status: "ok", errorCode: null });
    });
    body.once("error", (error: Error) => {
      response.off("drain", resume);
      if (context.abortSignal.aborted) return resolve(abortedOutcome());
      const failure = GatewayError.isInstance(error) ? error : streamInterrupted(error, options.providerId);
      resolve(sendError(response, context.requestId, failure, formatOpenAiError, formatOpenAiStreamError));
    });
    // Paused by the first-chunk read; a new 'data' listener does not restart a stream paused on purpose.
    body.resume();
  });
}

/** The upstream streamed although the client did not ask: fold the chunks into one chat.completion. */
async function aggregateStream(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  const aggregator = new ChatStreamAggregator();
  let malformed = false;
  const reader = new SseEventReader((data) => {
    if (data === "[DONE]") return;
    try {
      aggregator.add(JSON.parse(data));
    } catch {
      malformed = true;
    }
  });
  try {
    for await (const chunk of upstream.body) reader.push(chunk as Buffer);
    reader.end();
  } catch (error) {
    if (context.abortSignal.aborted) return abortedOutcome();
    return sendError(context.response, context.requestId, streamInterrupted(error, options.providerId), formatOpenAiError, formatOpenAiStreamError);
  }
  if (aggregator.upstreamError !== undefined || (malformed && aggregator.usageReported === undefined)) {
    const failure = new GatewayError({
      code: "upstream_error",
      status: 502,
      retryable: true,
      publicMessage: `Provider '${options.providerId}' sent a broken or failed stream.`,
    });
    return sendError(context.response, context.requestId, failure, formatOpenAiError, formatOpenAiStreamError);
  }
  const usage = readChatUsage(aggregator.usageReported);
  if (usage !== null) context.recorder.tokens = usage;
  return sendJson(context, Buffer.from(JSON.stringify(aggregator.toCompletion(options.model, context.now))), options);
}

/** A JSON answer: forwarded byte for byte to a JSON client, or replayed as a one-shot stream to a streaming one. */
async function relayJson(context: RequestContext, upstream: UpstreamResponse, options: RelayOptions): Promise<RequestOutcome> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await upstream.body.arrayBuffer());
  } catch (error) {
    if (context.abortSignal.aborted) return abortedOutcome();
    return sendError(context.response, context.requestId, transportFailure(error, options.providerId), formatOpenAiError, formatOpenAiStreamError);
  }
  let completion: Record<string, unknown> | undefined;
  try {
    completion = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    completion = undefined;
  }
  if (typeof completion !== "object" || completion === null) {
    const failure = new GatewayError({
      code: "upstream_error",
      status: 502,
      retryable: true,
      publicMessage: `Provider '${options.providerId}' answered with a body that is not JSON.`,
    });
    return sendError(context.response, context.requestId, failure, formatOpenAiError, formatOpenAiStreamError);
  }
  const usage = readChatUsage(completion.usage);
  if (usage !== null) context.recorder.tokens = usage;
  if (!options.clientWantsStream) return sendJson(context, bytes, options);

  const stream = completionToSseChunks(completion, options.includeUsage);
  context.recorder.markFirstByte();
  const headers = options.headers;
  headers["content-type"] = "text/event-stream; charset=utf-8";
  headers["cache-control"] = "no-cache";
  context.response.writeHead(200, headers);
  context.response.end(stream);
  return { httpStatus: 200, status: "ok", errorCode: null };
}

function sendJson(context: RequestContext, bytes: Buffer, options: RelayOptions): RequestOutcome {
  context.recorder.markFirstByte();
  const headers = options.headers;
  headers["content-type"] = "application/json";
  headers["content-length"] = String(bytes.length);
  context.response.writeHead(200, headers);
  context.response.end(bytes);
  return { httpStatus: 200, status: "ok", errorCode: null };
}

function streamInterrupted(error: unknown, providerId: string): GatewayError {
  const transport = transportFailure(error, providerId);
  if (transport.code === "upstream_timeout") {
    return new GatewayError({
      code: "upstream_timeout",
      status: 504,
      publicMessage: `Provider '${providerId}' went silent mid-response.`,
      cause: error,
    });
  }
  return new GatewayError({
    code: "stream_interrupted",
    status: 502,
    publicMessage: `The stream from provider '${providerId}' ended unexpectedly.`,
    cause: error,
  });
}

function abortedOutcome(): RequestOutcome {
  return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
}
