import type { CanonicalRequest } from "../../core/canonical-request";
import { GatewayError } from "../../core/gateway-error";
import { codecFor } from "../../formats/codec-registry";
import type { WireCodec } from "../../formats/wire-codec";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { safeHeaderValue } from "../../http/safe-header-value";
import { sendError } from "../../http/send-error";
import type { AccountRuntime, ClientKeyRuntime, ThinkingPolicy } from "../../ports";
import { classifyFailure, type UpstreamFailure } from "../../routing/classify-failure";
import { resolveModel, type RouteTarget } from "../../routing/resolve-model";
import { isModelAllowed, modelNotAllowed } from "../../security/model-allowlist";
import { inBandErrorOf, readFirstChunk } from "../../sse/read-first-chunk";
import { callUpstream, transportFailure, type UpstreamResponse } from "../../upstream/upstream-http";
import { upstreamRequestShape } from "../../upstream/upstream-request";
import { upstreamStatusFailure } from "../../upstream/upstream-status-failure";
import type { ClientEndpoint } from "./client-endpoint";
import { readJsonRequest, type JsonRequest } from "./read-json-request";
import { isEventStream, relayResponse } from "./relay-response";
import { readEssentials, type RequestEssentials } from "./request-essentials";
import { sameFormatBody } from "./upstream-body";
import { applySystemPromptToCanonical } from "../../policies/apply-system-prompt";
import { applyThinkingToCanonical, thinkingPolicyFor } from "../../policies/apply-thinking-policy";

/** Upstream error bodies are read only this far: enough for a message, never a memory sink. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Every generation endpoint (OpenAI Chat, Responses, Anthropic Messages, Gemini, Ollama): the client's wire
 * format in, any upstream's wire format out (DESIGN §1). Same format both ways: the client's bytes go
 * upstream untouched but for the model id, and the answer comes back untouched through a usage tap.
 * Otherwise: client format → canonical request → upstream format, and the answer back the same way.
 */
export async function handleGeneration(context: RequestContext, endpoint: ClientEndpoint, clientKey?: ClientKeyRuntime): Promise<RequestOutcome> {
  const clientCodec = codecFor(endpoint.format);
  const fail = (error: GatewayError) => sendError(context.response, context.requestId, error, clientCodec.formatError, clientCodec.formatStreamError);
  let jsonRequest: JsonRequest;
  let essentials: RequestEssentials;
  let targets: RouteTarget[];
  try {
    jsonRequest = await readJsonRequest(context.request, context.snapshot.settings.maxBodyBytes);
    essentials = readEssentials(endpoint.format, jsonRequest.body, endpoint.route);
    context.recorder.model = essentials.model;
    context.recorder.stream = essentials.stream;
    targets = resolveModel(context.snapshot, essentials.model, undefined, endpoint.format);
  } catch (error) {
    if (context.abortSignal.aborted) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
    return fail(asGatewayError(error));
  }
  // After resolution (bare names and combos resolved), before any upstream call.
  if (!isModelAllowed(context.snapshot, clientKey, essentials.model, targets)) return fail(modelNotAllowed(essentials.model));

  // The canonical request is built once, on the first target that needs translation; a parse failure
  // there is the client's error (400), whatever target came first.
  let canonical: CanonicalRequest | undefined;
  let canonicalWithPrompt: CanonicalRequest | undefined;
  const canonicalRequest = (): CanonicalRequest => {
    canonical ??= clientCodec.parseRequest(jsonRequest.body, endpoint.route);
    // The system prompt once per request; every target starts from this, so a retry never adds it twice.
    canonicalWithPrompt ??= applySystemPromptToCanonical(canonical, context.snapshot.settings.systemPrompt);
    return canonicalWithPrompt;
  };

  // The one attempt loop (DESIGN §6): targets in order, and within a target its available accounts in the
  // provider's order. Any failure before the first byte reached the client moves on; what differs by failure
  // class is the bookkeeping (cooldown, auth-failed, breaker), done in recordFailure. Every attempt after the
  // first spends the process-wide retry budget, so a storm cannot multiply upstream load.
  const { cooldowns, breakers, retryBudget } = context.resilience;
  const ticket = retryBudget.beginRequest();
  const deadlineMs = context.snapshot.settings.routingDeadlineMs;
  const outcome = new AttemptOutcome();
  try {
    for (const target of targets) {
      const { provider } = target;
      context.recorder.provider = provider.id;
      context.recorder.upstreamModel = target.upstreamModel;
      const upstreamFormat = provider.apiFormat;
      const sameFormat = upstreamFormat === endpoint.format;
      let upstreamCodec: WireCodec;
      let translatedBody: Buffer | undefined;
      let thinkingPolicy: ThinkingPolicy;
      try {
        upstreamCodec = codecFor(upstreamFormat);
        if (!upstreamCodec.upstream) throw unsupportedUpstream(provider.id, upstreamFormat);
        thinkingPolicy = thinkingPolicyFor(context.snapshot.settings.thinking, target.qualifiedModel, target.upstreamModel);
        if (!sameFormat) {
          const request = applyThinkingToCanonical(canonicalRequest(), thinkingPolicy);
          refuseStatefulContinuation(request, provider.id);
          translatedBody = Buffer.from(JSON.stringify(upstreamCodec.formatRequest(request, { model: target.upstreamModel })));
        }
      } catch (error) {
        const failure = asGatewayError(error);
        // A request the client got wrong fails the same way everywhere: answer now.
        if (failure.status === 400) return fail(failure);
        outcome.skip(failure);
        continue;
      }
      const ordered = context.accountPicker.order(provider);
      if (ordered.length === 0) {
        outcome.skip(new GatewayError({ code: "no_accounts", status: 503, publicMessage: `Provider '${provider.id}' has no account configured.` }));
        continue;
      }
      const available = ordered.filter((account) => cooldowns.isAvailable(provider.id, account.id, target.upstreamModel));
      if (available.length === 0) {
        const recoveryMs = cooldowns.soonestRecovery(ordered.map((account) => ({ providerId: provider.id, accountId: account.id, model: target.upstreamModel })));
        const rateLimited = ordered.every((account) => {
          const reason = cooldowns.blockingEntry(provider.id, account.id, target.upstreamModel)?.reason;
          return reason === "rate-limit" || reason === "quota";
        });
        outcome.skipCooling(provider.id, recoveryMs, rateLimited);
        logSkip(context, target, "every account is cooling down");
        continue;
      }
      const admission = breakers.tryAcquire(provider.id);
      if (admission.verdict === "rejected") {
        outcome.skipBreaker(provider.id, admission.retryAfterMs);
        logSkip(context, target, "circuit breaker open");
        continue;
      }

      for (const account of available) {
        const remainingMs = deadlineMs === undefined ? undefined : deadlineMs - (context.now() - context.recorder.startedAt);
        if (remainingMs !== undefined && remainingMs <= 0) {
          logSkip(context, target, "routing deadline reached");
          return fail(outcome.finalError(deadlineReached()));
        }
        if (outcome.attempts > 0 && !ticket.tryConsumeRetry()) {
          logSkip(context, target, "retry budget exhausted");
          return fail(outcome.finalError());
        }
        outcome.attempts++;
        context.recorder.account = account.name;
        const shape = upstreamRequestShape({
          format: upstreamFormat,
          account,
          model: target.upstreamModel,
          stream: essentials.stream,
          requestId: context.requestId,
          userAgent: context.userAgent,
          ...(sameFormat ? { sameFormatClientHeaders: context.request.headers, sameFormatQuery: queryOf(context.request.url) } : {}),
        });
        let upstream: UpstreamResponse;
        try {
          upstream = await callUpstream({
            pools: context.upstreamPools,
            baseUrl: shape.baseUrl,
            path: shape.path,
            headers: shape.headers,
            body: translatedBody ?? sameFormatBody(jsonRequest, upstreamFormat, essentials.model, target.upstreamModel, { systemPrompt: context.snapshot.settings.systemPrompt, thinking: thinkingPolicy }),
            abort: context.abortSignal,
            // Never wait for a first byte past the request's routing deadline.
            firstByteTimeoutMs: Math.min(provider.timeouts?.firstByteMs ?? context.snapshot.settings.firstByteTimeoutMs, remainingMs ?? Infinity),
            idleTimeoutMs: provider.timeouts?.idleMs ?? context.snapshot.settings.idleTimeoutMs,
          });
        } catch (error) {
          if (context.abortSignal.aborted) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
          const failure = classifyFailure({ transportCode: transportCodeOf(error) }, context.now());
          recordFailure(context, target, account, failure);
          outcome.failed(transportFailure(error, provider.id), failure);
          continue;
        }
        if (upstream.statusCode >= 400) {
          const bodyText = await readBounded(upstream);
          const failure = classifyFailure({ status: upstream.statusCode, headers: upstream.headers, body: bodyText }, context.now());
          recordFailure(context, target, account, failure);
          outcome.failed(upstreamStatusFailure(upstream.statusCode, upstream.headers, bodyText, provider.id, account.name), failure);
          // The same request fails the same way on another account of this provider: try the next target.
          if (failure.scope === "request") break;
          continue;
        }
        // A stream is committed only once its first chunk is in hand: an empty stream or one that opens with
        // an error event (e.g. "overloaded") is a failure like any other, and the loop can still move on.
        let firstChunk: Buffer | undefined;
        if (isEventStream(upstream)) {
          const first = await readFirstChunk(upstream.body);
          if (context.abortSignal.aborted) {
            upstream.body.destroy();
            return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
          }
          const inBandError = first.kind === "data" ? inBandErrorOf(first.chunk) : undefined;
          if (first.kind !== "data" || inBandError !== undefined) {
            upstream.body.destroy();
            const failure = classifyFailure(
              first.kind === "error" ? { transportCode: transportCodeOf(first.error) } : { status: 200, inBandError },
              context.now(),
            );
            recordFailure(context, target, account, failure);
            outcome.failed(
              first.kind === "error"
                ? transportFailure(first.error, provider.id)
                : new GatewayError({
                    code: "upstream_error",
                    status: 502,
                    retryable: true,
                    publicMessage: `Provider '${provider.id}' ${first.kind === "end" ? "sent an empty stream" : "answered with an error event"}.`,
                  }),
              failure,
            );
            continue;
          }
          firstChunk = first.chunk;
        }
        breakers.onSuccess(provider.id);
        cooldowns.recordSuccess(provider.id, account.id, target.upstreamModel);
        return relayResponse(context, upstream, {
          ...(firstChunk !== undefined ? { firstChunk } : {}),
          clientCodec,
          upstreamCodec,
          sameFormat,
          clientWantsStream: essentials.stream,
          providerId: provider.id,
          responseContext: {
            model: essentials.model,
            requestId: context.requestId,
            createdAt: Math.floor(context.now() / 1000),
            includeUsage: essentials.includeUsage,
            ...(canonical !== undefined ? { request: canonical } : {}),
          },
          headers: {
            "x-request-id": context.requestId,
            "x-omniroute-provider": provider.id,
            "x-omniroute-model": safeHeaderValue(target.qualifiedModel),
            "x-omniroute-account": safeHeaderValue(account.name),
            "x-omniroute-attempts": String(outcome.attempts),
          },
        });
      }
    }
    return fail(outcome.finalError());
  } finally {
    ticket.end();
  }
}

/**
 * `previous_response_id` points at conversation state kept by OpenAI's Responses API. Only a Responses
 * upstream can honour it (the request then goes through byte for byte); translated, the history would be
 * silently missing, so the client hears why instead.
 */
function refuseStatefulContinuation(request: CanonicalRequest, providerId: string): void {
  const previous = request.providerOptions["openai-responses"]?.previous_response_id;
  if (previous === undefined || previous === null) return;
  throw new GatewayError({
    code: "invalid_request",
    status: 400,
    param: "previous_response_id",
    publicMessage: `'previous_response_id' needs an OpenAI Responses upstream, and this request was routed to '${providerId}', which is not one. Send the whole conversation in 'input' (with store: false), or route to a Responses provider.`,
  });
}

function unsupportedUpstream(providerId: string, format: string): GatewayError {
  return new GatewayError({ code: "format_not_supported", status: 501, publicMessage: `Provider '${providerId}' speaks ${format}, which cannot be an upstream.` });
}

function queryOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const start = url.indexOf("?");
  return start === -1 ? undefined : url.slice(start + 1);
}

/**
 * Collects why each target failed or was skipped, and picks what the client hears when none answered: the
 * first request error an upstream gave (its message is the useful one), else 429 when every target was rate
 * limited, else the last upstream failure, else — nothing was even tried — 503; with `retry-after` from the
 * soonest cooldown or breaker recovery.
 */
class AttemptOutcome {
  attempts = 0;
  private firstRequestError: GatewayError | undefined;
  private lastUpstreamFailure: GatewayError | undefined;
  private lastSkip: GatewayError | undefined;
  private everyFailureRateLimited = true;
  private soonestRecoveryMs: number | undefined;
  private unavailableProviders: string[] = [];

  failed(error: GatewayError, failure: UpstreamFailure): void {
    if ((failure.kind === "invalid-request" || failure.kind === "context-length") && this.firstRequestError === undefined) {
      this.firstRequestError = error;
    }
    if (failure.kind !== "rate-limit" && failure.kind !== "quota") this.everyFailureRateLimited = false;
    else this.noteRecovery(failure.retryAfterMs);
    this.lastUpstreamFailure = error;
  }

  skip(error: GatewayError): void {
    this.lastSkip = error;
    this.everyFailureRateLimited = false;
  }

  skipCooling(providerId: string, recoveryMs: number | undefined, rateLimited: boolean): void {
    this.unavailableProviders.push(providerId);
    if (!rateLimited) this.everyFailureRateLimited = false;
    this.noteRecovery(recoveryMs);
  }

  skipBreaker(providerId: string, retryAfterMs: number): void {
    this.unavailableProviders.push(providerId);
    this.everyFailureRateLimited = false;
    this.noteRecovery(retryAfterMs);
  }

  /** `stopped` is why the loop ended early (the routing deadline), when nothing better explains the failure. */
  finalError(stopped?: GatewayError): GatewayError {
    if (this.firstRequestError !== undefined) return this.firstRequestError;
    if (stopped !== undefined && this.lastUpstreamFailure === undefined) return stopped;
    const retryAfterSeconds = this.soonestRecoveryMs === undefined ? undefined : Math.max(1, Math.ceil(this.soonestRecoveryMs / 1000));
    const withRetry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
    if (this.everyFailureRateLimited && (this.lastUpstreamFailure !== undefined || this.unavailableProviders.length > 0)) {
      return new GatewayError({
        code: "upstream_rate_limited",
        status: 429,
        retryable: true,
        publicMessage: "Every route for this model is rate limited or out of quota right now.",
        ...withRetry,
      });
    }
    if (this.lastUpstreamFailure !== undefined) {
      const failure = this.lastUpstreamFailure;
      return retryAfterSeconds === undefined || failure.retryAfterSeconds !== undefined
        ? failure
        : new GatewayError({ code: failure.code, status: failure.status, publicMessage: failure.publicMessage, retryable: true, retryAfterSeconds });
    }
    if (this.unavailableProviders.length > 0) {
      return new GatewayError({
        code: "routes_unavailable",
        status: 503,
        retryable: true,
        publicMessage: `No route is available right now (${[...new Set(this.unavailableProviders)].join(", ")}: cooling down or failing).`,
        ...withRetry,
      });
    }
    return this.lastSkip ?? new GatewayError({ code: "internal_error", status: 500, publicMessage: "No route was tried." });
  }

  private noteRecovery(milliseconds: number | undefined): void {
    if (milliseconds === undefined) return;
    this.soonestRecoveryMs = this.soonestRecoveryMs === undefined ? milliseconds : Math.min(this.soonestRecoveryMs, milliseconds);
  }
}

/** The bookkeeping of one failed attempt; whether the loop moves on does not depend on it. */
function recordFailure(context: RequestContext, target: RouteTarget, account: AccountRuntime, failure: UpstreamFailure): void {
  const { cooldowns, breakers } = context.resilience;
  const providerId = target.provider.id;
  switch (failure.kind) {
    case "auth":
      cooldowns.markAuthFailed(providerId, account.id);
      break;
    case "rate-limit":
    case "quota":
    case "model-unavailable":
      cooldowns.coolDown({
        providerId,
        accountId: account.id,
        model: target.upstreamModel,
        scope: failure.scope === "model" || failure.kind === "model-unavailable" ? "model" : "account",
        reason: failure.kind,
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      });
      break;
    default:
      // Server trouble is the provider's health (the breaker's job); an account is cooled only when the
      // upstream said when to come back. Request errors (400, context length) change nothing.
      if (failure.retryAfterMs !== undefined && failure.scope === "account") {
        cooldowns.coolDown({ providerId, accountId: account.id, scope: "account", reason: failure.kind, retryAfterMs: failure.retryAfterMs });
      }
  }
  breakers.onFailure(providerId, failure.countsTowardBreaker);
  context.ports.logger.warn("upstream attempt failed", {
    requestId: context.requestId,
    provider: providerId,
    account: account.name,
    model: target.qualifiedModel,
    failure: failure.kind,
    status: failure.statusCode,
  });
}

function deadlineReached(): GatewayError {
  return new GatewayError({
    code: "upstream_timeout",
    status: 504,
    retryable: true,
    publicMessage: "No route answered within this request's routing deadline.",
  });
}

function transportCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
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

function logSkip(context: RequestContext, target: RouteTarget, reason: string): void {
  context.ports.logger.warn("route skipped", { requestId: context.requestId, provider: target.provider.id, model: target.qualifiedModel, reason });
}
