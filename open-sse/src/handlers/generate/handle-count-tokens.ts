import { estimateRequestTokens } from "../../accounting/estimate-tokens";
import { Phase } from "../../http/phase-timer";
import { badRequest, GatewayError } from "../../core/gateway-error";
import { codecFor } from "../../formats/codec-registry";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { sendError } from "../../http/send-error";
import type { ClientKeyRuntime } from "../../ports";
import { resolveModel, type RouteTarget } from "../../routing/resolve-model";
import { isModelAllowed, modelNotAllowed } from "../../security/model-allowlist";
import { callUpstream } from "../../upstream/upstream-http";
import { upstreamRequestShape } from "../../upstream/upstream-request";
import { readJsonRequest, withUpstreamModel } from "./read-json-request";

/** The upstream's count is worth a short wait, not a long one: the local estimate is always at hand. */
const UPSTREAM_COUNT_TIMEOUT_MS = 5_000;

/**
 * POST /v1/messages/count_tokens (Claude Code calls it to size its context). When the model routes to an
 * Anthropic-format API-key upstream, that upstream's own count is returned (exact); otherwise (a subscription
 * such as `cc/`, another format), or when that call fails, a local count with the o200k tokenizer (exact for GPT models, an estimate for others; see
 * accounting/estimate-tokens.ts). The answer says which: `x-omniroute-token-count: upstream | estimate`.
 * Not usage: nothing is generated, so no usage row is written.
 */
export async function handleCountTokens(context: RequestContext, clientKey?: ClientKeyRuntime): Promise<RequestOutcome> {
  const codec = codecFor("anthropic-messages");
  const fail = (error: GatewayError) => sendError(context.response, context.requestId, error, codec.formatError, codec.formatStreamError);
  try {
    const json = await readJsonRequest(context.request, context.snapshot.settings.maxBodyBytes, context.capture);
    context.recorder.phases.lap(Phase.receive);
    const model = json.body.model;
    if (typeof model !== "string" || model === "") throw badRequest("missing_model", "model: Field required.", "model");
    const targets = resolveModel(context.snapshot, model, undefined, "anthropic-messages");
    if (!isModelAllowed(context.snapshot, clientKey, model, targets)) return fail(modelNotAllowed(model));
    // Subscription backends (an executor: Claude Code's OAuth accounts) are not asked: a count is not worth an
    // OAuth round trip on a plan's rate limits, and the local estimate answers at once.
    const anthropicTarget = targets.find((target) => target.provider.apiFormat === "anthropic-messages" && target.provider.executor === undefined && target.provider.accounts.length > 0);
    if (anthropicTarget !== undefined) {
      const counted = await upstreamCount(context, anthropicTarget, withUpstreamModel(json, model, anthropicTarget.upstreamModel, "anthropic-messages"));
      if (counted !== undefined) return reply(context, counted, "upstream");
    }
    // count_tokens bodies carry no max_tokens; the Messages parser requires one, and it does not change the count.
    const request = codec.parseRequest({ ...json.body, max_tokens: 1 }, {});
    return reply(context, await estimateRequestTokens(request), "estimate");
  } catch (error) {
    if (context.abortSignal.aborted) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
    return fail(GatewayError.isInstance(error) ? error : new GatewayError({ code: "internal_error", status: 500, publicMessage: "Internal error.", cause: error }));
  }
}

async function upstreamCount(context: RequestContext, target: RouteTarget, body: Buffer): Promise<number | undefined> {
  const account = context.accountPicker.order(target.provider)[0];
  if (account === undefined) return undefined;
  const shape = upstreamRequestShape({
    format: "anthropic-messages",
    account,
    model: target.upstreamModel,
    stream: false,
    requestId: context.requestId,
    userAgent: context.userAgent,
    sameFormatClientHeaders: context.request.headers,
  });
  try {
    const upstream = await callUpstream({
      pools: context.upstreamPools,
      baseUrl: shape.baseUrl,
      path: shape.path.replace("/v1/messages", "/v1/messages/count_tokens"),
      headers: shape.headers,
      body,
      abort: context.abortSignal,
      firstByteTimeoutMs: UPSTREAM_COUNT_TIMEOUT_MS,
      idleTimeoutMs: UPSTREAM_COUNT_TIMEOUT_MS,
      proxyUrl: context.upstreamPools.proxyUrlFor({ account, provider: target.provider, targetUrl: shape.baseUrl }),
    });
    const text = await upstream.body.text();
    if (upstream.statusCode !== 200) return undefined;
    const count = (JSON.parse(text) as { input_tokens?: unknown }).input_tokens;
    return typeof count === "number" && Number.isFinite(count) ? count : undefined;
  } catch {
    return undefined;
  }
}

function reply(context: RequestContext, inputTokens: number, source: "upstream" | "estimate"): RequestOutcome {
  const body = JSON.stringify({ input_tokens: inputTokens });
  context.response.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-request-id": context.requestId,
    "x-omniroute-token-count": source,
  });
  context.response.end(body);
  return { httpStatus: 200, status: "ok", errorCode: null };
}
