import { GatewayError } from "../../core/gateway-error";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import type { ClientKeyRuntime } from "../../ports";
import { getBuiltInProvider } from "../../providers/built-in-providers";
import type { RouteTarget } from "../../routing/resolve-model";
import { openAiHeaders, refuseNonOpenAiUpstream, type OperationOptions } from "../embeddings/handle-embeddings";
import { openOperation, readUpstreamBody, routeHeaders, runJsonOperation, type PreparedCall } from "../embeddings/json-operation";
import { CLIENT_CLOSED, failOpenAi, sendJson } from "../embeddings/operation-response";
import { withUpstreamModel } from "../generate/read-json-request";
import { imageCallShape, imageProtocolOf, readImageAnswer, type ImageAnswer, type ImageProtocolId } from "./image-protocols";
import { parseImageRequest } from "./parse-image-request";

/** Ten 4K PNGs in base64 stay well below this; a larger answer is refused rather than buffered. */
const MAX_IMAGE_ANSWER_BYTES = 256 * 1024 * 1024;

/**
 * `POST /v1/images/generations` in OpenAI's wire format, routed like chat (aliases, combos, accounts, cooldowns,
 * breakers, proxies) to OpenAI, xAI, Together FLUX, Fireworks FLUX or a custom OpenAI-compatible node, each in its
 * own protocol (image-protocols.ts), answered in OpenAI's images response. One usage row per request with the
 * number of images (per-image prices) and the tokens GPT image models report.
 */
export async function handleImageGeneration(context: RequestContext, clientKey: ClientKeyRuntime | undefined, options: OperationOptions = {}): Promise<RequestOutcome> {
  context.recorder.operation = "image";
  const start = await openOperation(context, clientKey, parseImageRequest, options.qualifyModel);
  if ("stopped" in start) return start.stopped;
  const { jsonRequest, request, targets, combo } = start.opened;

  const outcome = await runJsonOperation<ImageAnswer>(context, targets, combo, {
    prepare(target, account): PreparedCall {
      const protocol = protocolOf(target);
      const shape = imageCallShape(protocol, target.upstreamModel, request);
      const body = shape.body === undefined ? withUpstreamModel(jsonRequest, request.model, target.upstreamModel, "openai-chat") : Buffer.from(JSON.stringify(shape.body));
      return { baseUrl: account.baseUrl, path: shape.path, headers: openAiHeaders(context, account, shape.accept), body };
    },
    async read(upstream, target) {
      const raw = await readUpstreamBody(upstream, MAX_IMAGE_ANSWER_BYTES, target.provider.id);
      return readImageAnswer(protocolOf(target), target.provider.id, raw, upstream.headers, request);
    },
  });
  if (!outcome.ok) return "aborted" in outcome ? CLIENT_CLOSED : failOpenAi(context, outcome.error);
  const { result, target, account, attempts } = outcome;
  context.recorder.imageCount = result.images.length;
  context.recorder.tokens = { inputTokens: result.inputTokens, outputTokens: result.outputTokens, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };
  const body = result.raw ?? Buffer.from(JSON.stringify({ created: Math.floor(context.now() / 1000), data: result.images }));
  return sendJson(context, body, routeHeaders(context, target, account, attempts));
}

function protocolOf(target: RouteTarget): ImageProtocolId {
  refuseNonOpenAiUpstream(target, "image generation");
  const { provider } = target;
  const protocol = imageProtocolOf(provider.id, getBuiltInProvider(provider.id) !== undefined);
  if (protocol !== undefined) return protocol;
  throw new GatewayError({
    code: "format_not_supported",
    status: 501,
    param: "model",
    publicMessage: `Image generation through provider '${provider.id}' is not supported; use OpenAI, xAI, Together, Fireworks or an OpenAI-compatible node.`,
  });
}
