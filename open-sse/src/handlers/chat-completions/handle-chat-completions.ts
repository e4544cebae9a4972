import { GatewayError } from "../../core/gateway-error";
import { formatOpenAiError, formatOpenAiStreamError } from "../../formats/openai-chat/format-error";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { safeHeaderValue } from "../../http/safe-header-value";
import { sendError } from "../../http/send-error";
import type { ClientKeyRuntime } from "../../ports";
import { resolveModel, type RouteTarget } from "../../routing/resolve-model";
import { isModelAllowed, modelNotAllowed } from "../../security/model-allowlist";
import { callUpstream, transportFailure, type UpstreamResponse } from "../../upstream/upstream-http";
import { upstreamStatusFailure } from "../../upstream/upstream-status-failure";
import { parseChatRequest, upstreamBody, type ChatRequest } from "./parse-chat-request";
import { relayChatResponse } from "./relay-chat-response";

/** Upstream error bodies are read only this far: enough for a message, never a memory sink. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** POST /v1/chat/completions — OpenAI Chat in, OpenAI-compatible upstream out. */
export async function handleChatCompletions(context: RequestContext, clientKey?: ClientKeyRuntime): Promise<RequestOutcome> {
  const fail = (error: GatewayError) =>
    sendError(context.response, context.requestId, error, formatOpenAiError, formatOpenAiStreamError);
  let chatRequest: ChatRequest;
  let targets: RouteTarget[];
  try {
    chatRequest = await parseChatRequest(context.request, context.snapshot.settings.maxBodyBytes);
    context.recorder.model = chatRequest.model;
    context.recorder.stream = chatRequest.stream;
    targets = resolveModel(context.snapshot, chatRequest.model);
  } catch (error) {
    if (context.abortSignal.aborted) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
    return fail(asGatewayError(error));
  }
  // After resolution (bare names and combos resolved), before any upstream call.
  if (!isModelAllowed(context.snapshot, clientKey, chatRequest.model, targets)) return fail(modelNotAllowed(chatRequest.model));

  // The one attempt loop: each target once, in order; a failure before the first byte reached the client
  // moves on to the next target. Cooldowns, breakers and budgets arrive with the routing issue.
  let lastFailure: GatewayError | undefined;
  let attempts = 0;
  for (const target of targets) {
    const { provider } = target;
    context.recorder.provider = provider.id;
    context.recorder.upstreamModel = target.upstreamModel;
    if (provider.apiFormat !== "openai-chat") {
      lastFailure = new GatewayError({
        code: "format_not_supported",
        status: 501,
        publicMessage: `Provider '${provider.id}' speaks ${provider.apiFormat}; translating OpenAI Chat to it is not available in this version.`,
      });
      continue;
    }
    const account = context.accountPicker.order(provider)[0];
    if (account === undefined) {
      lastFailure = new GatewayError({
        code: "no_accounts",
        status: 503,
        publicMessage: `Provider '${provider.id}' has no account configured.`,
      });
      continue;
    }
    context.recorder.account = account.name;
    attempts++;
    let upstream: UpstreamResponse;
    try {
      upstream = await callUpstream({
        pools: context.upstreamPools,
        baseUrl: account.baseUrl,
        path: "/chat/completions",
        headers: {
          "content-type": "application/json",
          accept: chatRequest.stream ? "text/event-stream" : "application/json",
          authorization: `Bearer ${account.apiKey}`,
          "user-agent": context.userAgent,
          "x-request-id": context.requestId,
        },
        body: upstreamBody(chatRequest, target.upstreamModel),
        abort: context.abortSignal,
        firstByteTimeoutMs: context.snapshot.settings.firstByteTimeoutMs,
        idleTimeoutMs: context.snapshot.settings.idleTimeoutMs,
      });
    } catch (error) {
      if (context.abortSignal.aborted) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
      lastFailure = transportFailure(error, provider.id);
      logAttemptFailure(context, target, lastFailure);
      continue;
    }
    if (upstream.statusCode >= 400) {
      const bodyText = await readBounded(upstream);
      lastFailure = upstreamStatusFailure(upstream.statusCode, upstream.headers, bodyText, provider.id, account.name);
      logAttemptFailure(context, target, lastFailure);
      continue;
    }
    return relayChatResponse(context, upstream, {
      clientWantsStream: chatRequest.stream,
      includeUsage: chatRequest.includeUsage,
      providerId: provider.id,
      model: target.qualifiedModel,
      headers: {
        "x-request-id": context.requestId,
        "x-omniroute-provider": provider.id,
        "x-omniroute-model": safeHeaderValue(target.qualifiedModel),
        "x-omniroute-account": safeHeaderValue(account.name),
        "x-omniroute-attempts": String(attempts),
      },
    });
  }
  return fail(lastFailure ?? new GatewayError({ code: "internal_error", status: 500, publicMessage: "No route was tried." }));
}

function asGatewayError(error: unknown): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  return new GatewayError({ code: "internal_error", status: 500, publicMessage: "Internal error.", cause: error });
}

async function readBounded(upstream: UpstreamResponse): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of upstream.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // The status alone decides what the client hears.
  }
  if (size >= MAX_ERROR_BODY_BYTES) upstream.body.destroy();
  return Buffer.concat(chunks).toString("utf8", 0, Math.min(size, MAX_ERROR_BODY_BYTES));
}

function logAttemptFailure(context: RequestContext, target: RouteTarget, failure: GatewayError): void {
  context.ports.logger.warn("upstream attempt failed", {
    requestId: context.requestId,
    provider: target.provider.id,
    model: target.qualifiedModel,
    code: failure.code,
  });
}
