import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import type { ClientKeyRuntime } from "../../ports";
import { handleEmbeddings } from "../embeddings/handle-embeddings";
import { asGatewayError } from "../embeddings/json-operation";
import { CLIENT_CLOSED, failOpenAi } from "../embeddings/operation-response";
import { matchClientEndpoint } from "../generate/client-endpoint";
import { handleGeneration } from "../generate/handle-generation";
import { readJsonRequest, withUpstreamModel } from "../generate/read-json-request";
import { handleImageGeneration } from "../images/handle-image-generation";
import { qualifyProviderModel, type ProviderRoute } from "./provider-route";

const CHAT_ENDPOINT = matchClientEndpoint("/v1/chat/completions")!;

/**
 * `POST /v1/providers/{provider}/chat/completions | embeddings | images/generations`: the same handlers as the
 * combined routes, pinned to one provider — the model gets the provider's prefix when it lacks it, and a model of
 * another provider is refused (400) before anything is called.
 */
export async function handleProviderRoute(context: RequestContext, route: ProviderRoute, clientKey: ClientKeyRuntime | undefined): Promise<RequestOutcome> {
  const qualifyModel = (model: string) => qualifyProviderModel(context.snapshot, route.providerId, model);
  if (route.operation === "embeddings") return handleEmbeddings(context, clientKey, { qualifyModel });
  if (route.operation === "images") return handleImageGeneration(context, clientKey, { qualifyModel });

  // Chat goes through the generation handler unchanged: it reads the request itself, so it is handed the body with
  // only the model string replaced, as a request of the combined `/v1/chat/completions` route.
  let body: Buffer;
  try {
    const jsonRequest = await readJsonRequest(context.request, context.snapshot.settings.maxBodyBytes, context.capture);
    const model = jsonRequest.body.model;
    body = typeof model === "string" && model !== "" ? withUpstreamModel(jsonRequest, model, qualifyModel(model), "openai-chat") : jsonRequest.bytes;
  } catch (error) {
    if (context.abortSignal.aborted) return CLIENT_CLOSED;
    return failOpenAi(context, asGatewayError(error));
  }
  return handleGeneration({ ...context, request: replayedRequest(context.request, body) }, CHAT_ENDPOINT, clientKey);
}

/** A request that reads as `original` would, with `body` as its (already received) body. */
function replayedRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const queryStart = original.url?.indexOf("?") ?? -1;
  const replay = Readable.from([body], { objectMode: false });
  return Object.assign(replay, {
    headers: { ...original.headers, "content-length": String(body.length) },
    rawHeaders: original.rawHeaders,
    url: `/v1/chat/completions${queryStart === -1 ? "" : original.url!.slice(queryStart)}`,
    method: "POST",
    httpVersion: original.httpVersion,
    socket: original.socket,
  }) as unknown as IncomingMessage;
}
