import { GatewayError } from "../../core/gateway-error";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import type { AccountRuntime, ClientKeyRuntime } from "../../ports";
import type { RouteTarget } from "../../routing/resolve-model";
import { withUpstreamModel } from "../generate/read-json-request";
import { embeddingDialectOf, upstreamEmbeddingsBody } from "./embedding-dialects";
import { embeddingsAnswer, type EmbeddingsAnswer } from "./embeddings-response";
import { openOperation, parseUpstreamJson, readUpstreamBody, routeHeaders, runJsonOperation, type PreparedCall } from "./json-operation";
import { CLIENT_CLOSED, failOpenAi, sendJson } from "./operation-response";
import { parseEmbeddingsRequest } from "./parse-embeddings-request";

/** 2048 inputs × 4096 floats as JSON text is ~170 MB; answers past this are refused rather than buffered. */
const MAX_EMBEDDINGS_ANSWER_BYTES = 256 * 1024 * 1024;

export interface OperationOptions {
  /**
   * The dedicated per-provider routes: maps the model the client named to the one to route (prefix added), or
   * throws a 400 when it belongs to another provider.
   */
  qualifyModel?: (model: string) => string;
}

/**
 * `POST /v1/embeddings` in OpenAI's wire format, routed like chat: the model resolves through aliases, combos and
 * bare ids; accounts, cooldowns, breakers, limits and outbound proxies apply; each provider gets its own dialect
 * (embedding-dialects.ts) and the answer comes back in OpenAI's shape. One usage row per request with the input
 * tokens the upstream counted.
 */
export async function handleEmbeddings(context: RequestContext, clientKey: ClientKeyRuntime | undefined, options: OperationOptions = {}): Promise<RequestOutcome> {
  context.recorder.operation = "embedding";
  const start = await openOperation(context, clientKey, parseEmbeddingsRequest, options.qualifyModel);
  if ("stopped" in start) return start.stopped;
  const { jsonRequest, request, model, targets, combo } = start.opened;

  const passthroughBodies = new Map<string, Buffer>();
  const outcome = await runJsonOperation<EmbeddingsAnswer>(context, targets, combo, {
    prepare(target, account): PreparedCall {
      refuseNonOpenAiUpstream(target);
      const shaped = upstreamEmbeddingsBody(target.provider.id, target.upstreamModel, request);
      let body: Buffer;
      if (shaped.body !== undefined) body = Buffer.from(JSON.stringify(shaped.body));
      else {
        // The client's own bytes, only the model string replaced (its base64 default included).
        body = passthroughBodies.get(target.upstreamModel) ?? withUpstreamModel(jsonRequest, request.model, target.upstreamModel, "openai-chat");
        passthroughBodies.set(target.upstreamModel, body);
      }
      return { baseUrl: account.baseUrl, path: "/embeddings", headers: openAiHeaders(context, account), body };
    },
    async read(upstream, target) {
      const raw = await readUpstreamBody(upstream, MAX_EMBEDDINGS_ANSWER_BYTES, target.provider.id);
      const parsed = parseUpstreamJson(raw, target.provider.id);
      const passthrough = embeddingDialectOf(target.provider.id).body === "passthrough";
      const { encodeLocally } = upstreamEmbeddingsBody(target.provider.id, target.upstreamModel, request);
      return embeddingsAnswer(parsed, raw, { providerId: target.provider.id, clientModel: model, passthrough, encodeLocally });
    },
  });
  if (!outcome.ok) return "aborted" in outcome ? CLIENT_CLOSED : failOpenAi(context, outcome.error);
  const { result, target, account, attempts } = outcome;
  context.recorder.tokens = { inputTokens: result.promptTokens, outputTokens: 0, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };
  return sendJson(context, result.body, routeHeaders(context, target, account, attempts));
}

/** The OpenAI-style headers of an embeddings or images call: JSON both ways, the account's key as a bearer token. */
export function openAiHeaders(context: RequestContext, account: AccountRuntime, accept = "application/json"): Record<string, string> {
  return {
    "content-type": "application/json",
    accept,
    "user-agent": context.userAgent,
    "x-request-id": context.requestId,
    authorization: `Bearer ${account.apiKey}`,
  };
}

/**
 * Embeddings and images exist only on OpenAI-style APIs (and the providers' own protocols handled here);
 * an Anthropic or Gemini upstream, or a subscription backend with an executor, is skipped with a clear reason.
 */
export function refuseNonOpenAiUpstream(target: RouteTarget, what = "embeddings"): void {
  const { provider } = target;
  const openAiStyle = provider.apiFormat === "openai-chat" || provider.apiFormat === "openai-responses";
  if (openAiStyle && provider.executor === undefined) return;
  throw new GatewayError({
    code: "format_not_supported",
    status: 501,
    param: "model",
    publicMessage: `Provider '${provider.id}' offers no OpenAI-style ${what} endpoint; pick a model of a provider that does.`,
  });
}
