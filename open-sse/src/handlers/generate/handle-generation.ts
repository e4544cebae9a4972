import type { CanonicalRequest } from "../../core/canonical-request";
import { GatewayError } from "../../core/gateway-error";
import { codecFor } from "../../formats/codec-registry";
import type { WireCodec } from "../../formats/wire-codec";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { safeHeaderValue } from "../../http/safe-header-value";
import { Phase } from "../../http/phase-timer";
import { sendError } from "../../http/send-error";
import type { AccountCredentials, AccountRuntime, ClientKeyRuntime, OAuthSession, ThinkingPolicy, WireFormat } from "../../ports";
import { AttemptOutcome, routingDeadlineReached } from "../../routing/attempt-outcome";
import { classifyFailure, transportCodeOf } from "../../routing/classify-failure";
import { readFailureBody } from "../../routing/read-failure-body";
import { recordAttemptFailure } from "../../routing/record-attempt-failure";
import { selectAccounts } from "../../routing/select-accounts";
import { clientToolOf } from "../../routing/client-tool";
import { contextWindowOf, mayFitAfterContextRefusal } from "../../routing/context-window";
import { comboBehind, resolveModel, type RouteTarget } from "../../routing/resolve-model";
import { responseIdFromJsonStart, responseIdFromStreamStart } from "../../routing/responses-id";
import { deriveSessionKey } from "../../routing/session-key";
import type { AccountRef, SessionRecord } from "../../routing/session-table";
import { isModelAllowed, modelNotAllowed } from "../../security/model-allowlist";
import { inBandErrorOf, readFirstChunk } from "../../sse/read-first-chunk";
import { callUpstream, transportFailure, type UpstreamResponse } from "../../upstream/upstream-http";
import { executorFor } from "../../upstream/executor-registry";
import type { RawStreamDecoder, UpstreamExecutor } from "../../upstream/upstream-executor";
import type { StreamEvent } from "../../core/stream-event";
import { upstreamRequestShape } from "../../upstream/upstream-request";
import { upstreamStatusFailure } from "../../upstream/upstream-status-failure";
import type { ClientEndpoint } from "./client-endpoint";
import { readJsonRequest, type JsonRequest } from "./read-json-request";
import { isEventStream, relayResponse } from "./relay-response";
import { readEssentials, type RequestEssentials } from "./request-essentials";
import { sameFormatBody, sameFormatBodyObject, type SameFormatEdits } from "./upstream-body";
import { AttemptTrail } from "./attempt-trail";
import { failureUnderHold, holdUntilReset, quotaHoldFor, quotaOfAnswer, reportQuota } from "./subscription-quota";
import type { QuotaObservation } from "../../providers/quota/quota-observation";
import { applySystemPromptToCanonical } from "../../policies/apply-system-prompt";
import { applyThinkingToCanonical, thinkingPolicyFor } from "../../policies/apply-thinking-policy";
import { estimateRequestTokens } from "../../accounting/estimate-tokens";
import { applyParameterQuirks } from "../../providers/apply-parameter-quirks";
import { quirksFor } from "../../providers/model-info";
import { requestedMaxOutputTokens } from "../../accounting/requested-max-output";

const ABORTED: RequestOutcome = { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
const NO_QUOTA: readonly QuotaObservation[] = [];

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
    jsonRequest = await readJsonRequest(context.request, context.snapshot.settings.maxBodyBytes, context.capture);
    essentials = readEssentials(endpoint.format, jsonRequest.body, endpoint.route);
    context.recorder.phases.lap(Phase.receive);
    context.recorder.model = essentials.model;
    context.recorder.stream = essentials.stream;
    targets = resolveModel(context.snapshot, essentials.model, undefined, endpoint.format);
    const named = context.snapshot.aliases?.get(essentials.model) ?? essentials.model;
    context.recorder.combo = context.snapshot.combos.has(named) ? named : null;
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
  // Called by the host off the request path, only if an upstream was called and reported no input tokens.
  // The count runs on the token counter's worker thread; a request that cannot be parsed back has none.
  context.recorder.estimateInputTokens = () => {
    try {
      return estimateRequestTokens(canonicalRequest()).catch(() => null);
    } catch {
      return null;
    }
  };

  // Cost budgets per client key, before any upstream call: refused in the client's format with the reset time;
  // the reservation is settled by the host when it records this request's usage row.
  if (clientKey !== undefined && context.ports.budgets !== undefined) {
    const verdict = context.ports.budgets.reserve({
      keyId: clientKey.id,
      requestId: context.requestId,
      targets: targets.map((target) => ({ provider: target.provider.id, model: target.upstreamModel })),
      bodyBytes: jsonRequest.bytes.length,
      maxOutputTokens: requestedMaxOutputTokens(jsonRequest.body),
    });
    if (!verdict.ok) {
      return fail(new GatewayError({ code: "budget_exceeded", status: 429, publicMessage: verdict.message, retryAfterSeconds: verdict.retryAfterSeconds }));
    }
    context.recorder.budgetReservationId = verdict.reservationId;
    if (verdict.warning !== undefined) context.response.setHeader("x-omniroute-budget-warning", safeHeaderValue(verdict.warning));
  }

  // The one attempt loop (DESIGN §6): targets in order, and within a target its available accounts in the
  // provider's order. Any failure before the first byte reached the client moves on; what differs by failure
  // class is the bookkeeping (cooldown, auth-failed, breaker), done in recordAttemptFailure. A call after a failure
  // of the upstream's making (5xx, timeout, 429…) spends the process-wide retry budget, so a storm cannot multiply
  // upstream load; a call after a skip or a request-scoped refusal is free (routing/attempt-outcome.ts).
  const { cooldowns, breakers, retryBudget, sessions, accountLimits } = context.resilience;
  // Sticky routing: a session prefers the account that served it before (its prompt cache is there); a
  // Responses continuation must go back to the account that issued the previous response.
  const { session, sticky } = startSession(context, endpoint.format, jsonRequest.body, clientKey);
  context.recorder.sessionKey = session?.fingerprint ?? null;
  // The soft pin: only round-robin choices follow it, since a priority order is the user's own preference.
  const stickyTo = sticky ? session : undefined;
  if (stickyTo !== undefined && targets.length > 1 && comboBehind(context.snapshot, essentials.model, endpoint.format)?.strategy === "round-robin") {
    targets = preferredTargetFirst(targets, sessions.preferredModel(stickyTo));
  }
  const issuer = responseIssuerOf(context, endpoint.format, jsonRequest.body);
  if (issuer !== undefined) targets = issuerFirst(targets, issuer.providerId);
  const ticket = retryBudget.beginRequest();
  const deadlineMs = context.snapshot.settings.routingDeadlineMs;
  // Also keeps the usage row's provider, model and account on the last upstream call made.
  const outcome = new AttemptOutcome(context.recorder, targets);
  const trail = new AttemptTrail(context.recorder);
  // The combo the client named (directly or through an alias), for its outbound proxy.
  const namedCombo = context.recorder.combo === null || context.recorder.combo === undefined ? undefined : context.snapshot.combos.get(context.recorder.combo);
  // The largest context window that refused this prompt as too long: smaller or equal ones are not tried.
  let refusedWindow: number | undefined;
  try {
    for (const target of targets) {
      const { provider } = target;
      // Routing so far (resolution, budgets, session, the previous target's bookkeeping); then this target's body.
      context.recorder.phases.lap(Phase.route);
      if (!mayFitAfterContextRefusal(target, refusedWindow)) {
        logSkip(context, trail, target, "context window no larger than one that refused this prompt");
        continue;
      }
      // A subscription backend is reached through its executor (upstream/executors/), which speaks `format` inside
      // its own envelope and headers; every other provider through the plain protocol of its `apiFormat`.
      const executor = provider.executor === undefined ? undefined : executorFor(provider.executor);
      const upstreamFormat = executor?.formatFor?.(target.upstreamModel) ?? executor?.format ?? provider.apiFormat;
      // A protocol of its own (Kiro) is always translated: nothing of the client's format goes on its wire.
      const ownProtocol = executor?.ownProtocol;
      const sameFormat = ownProtocol === undefined && upstreamFormat === endpoint.format;
      let upstreamCodec: WireCodec;
      let translatedBody: Buffer | undefined;
      /** An executor's body in its format: each attempt gets its own copy (the executor owns what it is given). */
      let executorBody: Record<string, unknown> | undefined;
      let thinkingPolicy: ThinkingPolicy;
      try {
        if (provider.executor !== undefined && executor === undefined) throw unsupportedExecutor(provider.id, provider.executor);
        upstreamCodec = codecFor(upstreamFormat);
        if (!upstreamCodec.upstream) throw unsupportedUpstream(provider.id, upstreamFormat);
        thinkingPolicy = thinkingPolicyFor(context.snapshot.settings.thinking, target.qualifiedModel, target.upstreamModel);
        if (ownProtocol !== undefined) {
          const request = applyThinkingToCanonical(canonicalRequest(), thinkingPolicy);
          refuseStatefulContinuation(request, provider.id);
          executorBody = ownProtocol.formatRequest(request, target.upstreamModel);
        } else if (!sameFormat) {
          const request = applyThinkingToCanonical(canonicalRequest(), thinkingPolicy);
          refuseStatefulContinuation(request, provider.id);
          const formatted = upstreamCodec.formatRequest(request, { model: target.upstreamModel });
          // What this provider's API refuses or spells differently (Mistral and `stream_options`, …).
          const quirks = quirksFor(provider.id);
          const body = (quirks === undefined ? undefined : applyParameterQuirks(formatted, quirks)) ?? formatted;
          if (executor === undefined) translatedBody = Buffer.from(JSON.stringify(body));
          else executorBody = body;
        } else if (executor !== undefined) {
          executorBody = sameFormatBodyObject(jsonRequest, upstreamFormat, target.upstreamModel, sameFormatEditsFor(context, thinkingPolicy, provider.id));
        }
      } catch (error) {
        const failure = asGatewayError(error);
        // A request the client got wrong fails the same way everywhere: answer now.
        if (failure.status === 400) return fail(failure);
        outcome.skip(failure);
        trail.skipped(target, failure.code);
        continue;
      }
      context.recorder.phases.lap(Phase.translate);
      const ordered = context.accountPicker.order(provider);
      if (ordered.length === 0) {
        outcome.skip(new GatewayError({ code: "no_accounts", status: 503, publicMessage: `Provider '${provider.id}' has no account configured.` }));
        logSkip(context, trail, target, "no account configured");
        continue;
      }
      // Only the issuing account holds a previous response: the provider's other accounts would not find it.
      const pinnedId = issuer?.providerId === provider.id && ordered.some((account) => account.id === issuer.accountId) ? issuer.accountId : undefined;
      const candidates = pinnedId === undefined ? ordered : ordered.filter((account) => account.id === pinnedId);
      const selection = selectAccounts(context.resilience, target, candidates);
      for (const { account, reason } of selection.leftOut) trail.skipped(target, reason, account);
      if (selection.blocked !== undefined) {
        outcome.skipCooling(provider.id, selection.blocked.recoveryMs, selection.blocked.rateLimited);
        logSkip(context, trail, target, selection.blocked.reason);
        continue;
      }
      const withinLimits = selection.usable;
      const admission = breakers.tryAcquire(provider.id);
      if (admission.verdict === "rejected") {
        outcome.skipBreaker(provider.id, admission.retryAfterMs);
        logSkip(context, trail, target, "circuit breaker open");
        continue;
      }
      const attemptsBefore = outcome.attempts;
      // A probe that never reached an upstream must not hold the breaker's single probe slot.
      const abandonUnusedProbe = () => {
        if (admission.verdict === "probe" && outcome.attempts === attemptsBefore) breakers.abandonProbe(provider.id);
      };

      const preferredAccount = provider.strategy === "round-robin" ? sessions.preferredAccount(stickyTo, provider.id) : undefined;
      accounts: for (const account of preferredFirst(withinLimits, preferredAccount)) {
        const remainingMs = deadlineMs === undefined ? undefined : deadlineMs - (context.now() - context.recorder.startedAt);
        if (remainingMs !== undefined && remainingMs <= 0) {
          abandonUnusedProbe();
          logSkip(context, trail, target, "routing deadline reached");
          return fail(outcome.finalError(routingDeadlineReached()));
        }
        if (!outcome.claimRetry(ticket)) {
          abandonUnusedProbe();
          logSkip(context, trail, target, "retry budget exhausted");
          return fail(outcome.finalError());
        }
        // Checked again here: earlier attempts of this request (or others) may have used the room since.
        const lease = accountLimits.tryAcquire(provider.id, account);
        if (lease === undefined) {
          logSkip(context, trail, target, "account at its concurrency or rate limit");
          continue;
        }
        let leaseHandedOver = false;
        try {
          // An OAuth account's access token, refreshed by the host first when it is about to expire (single-flight).
          // API-key accounts have no credentials: nothing is awaited on their path.
          let oauthSession: OAuthSession | undefined;
          if (account.credentials !== undefined) {
            try {
              oauthSession = await account.credentials.current();
            } catch {
              if (context.abortSignal.aborted) return ABORTED;
              // The host could not produce a token (its refresh failed): the account needs a reconnect.
              cooldowns.markAuthFailed(provider.id, account.id);
              outcome.skip(credentialsUnavailable(provider.id, account.name));
              logSkip(context, trail, target, "credentials unavailable: reconnect the account", account);
              continue;
            }
            if (context.abortSignal.aborted) return ABORTED;
          }
          const callInput: OutgoingCallInput = {
            context,
            target,
            account,
            upstreamFormat,
            sameFormat,
            clientStream: essentials.stream,
            executor,
            executorBody,
            body: translatedBody,
            jsonRequest,
            clientModel: essentials.model,
            edits: executor === undefined && translatedBody === undefined ? sameFormatEditsFor(context, thinkingPolicy, provider.id) : undefined,
            conversationId: session?.fingerprint,
          };
          let outgoing: OutgoingCall;
          context.recorder.phases.lap(Phase.route);
          try {
            outgoing = outgoingCall(callInput, oauthSession);
          } catch (error) {
            // An executor refusing the request for what it is (Codex and `previous_response_id`): the client's error.
            const failure = asGatewayError(error);
            if (failure.status === 400) return fail(failure);
            outcome.skip(failure);
            trail.skipped(target, failure.code, account);
            break;
          }
          // The same-format splice or an executor's envelope.
          context.recorder.phases.lap(Phase.translate);
          outcome.calling(target, account);
          // Never wait for a first byte past the request's routing deadline.
          const firstByteTimeoutMs = Math.min(provider.timeouts?.firstByteMs ?? context.snapshot.settings.firstByteTimeoutMs, remainingMs ?? Infinity);
          const idleTimeoutMs = provider.timeouts?.idleMs ?? context.snapshot.settings.idleTimeoutMs;
          let upstream: UpstreamResponse;
          let calledAt: number;
          let errorText: string | undefined;
          let quota = NO_QUOTA;
          let refreshed = false;
          for (;;) {
            calledAt = context.now();
            // Account → combo → provider/global → environment (upstream/proxy/resolve-proxy-url.ts); a proxy that
            // fails fails the call, never a direct connection. Resolved per call: a refresh may change the URL.
            const proxyUrl = context.upstreamPools.proxyUrlFor({ account, combo: namedCombo, provider, targetUrl: outgoing.baseUrl });
            try {
              upstream = await callUpstream({
                pools: context.upstreamPools,
                baseUrl: outgoing.baseUrl,
                path: outgoing.path,
                headers: outgoing.headers,
                body: outgoing.body,
                abort: context.abortSignal,
                firstByteTimeoutMs,
                idleTimeoutMs,
                proxyUrl,
                http2: outgoing.http2,
              });
            } catch (error) {
              context.recorder.phases.lap(Phase.upstream);
              if (context.abortSignal.aborted) return ABORTED;
              const failure = classifyFailure({ transportCode: transportCodeOf(error) }, context.now());
              recordAttemptFailure(context, target, account, failure);
              outcome.failed(transportFailure(error, provider.id), failure);
              trail.called(target, account, "failed", failure.kind, null, context.now() - calledAt);
              continue accounts;
            }
            if (upstream.statusCode >= 400) errorText = await readFailureBody(upstream.body);
            if (executor !== undefined) {
              quota = quotaOfAnswer(executor, upstream.headers, errorText, context.now());
              reportQuota(context, provider.id, account, quota);
            }
            // A rejected OAuth token: refreshed once (the host's refresh is single-flight) and the same account asked
            // again — a second attempt. A refresh that fails, or a second 401, is the auth failure handled below.
            if (upstream.statusCode !== 401 || account.credentials === undefined || oauthSession === undefined || refreshed) break;
            refreshed = true;
            const renewed = await refreshedSession(account.credentials, oauthSession.accessToken);
            if (context.abortSignal.aborted) return ABORTED;
            if (renewed === undefined) break;
            trail.called(target, account, "failed", "auth: token refreshed, asking again", 401, context.now() - calledAt);
            oauthSession = renewed;
            outgoing = outgoingCall(callInput, oauthSession);
            errorText = undefined;
            outcome.calling(target, account);
          }
          // The call until its status (and an error's body, and a token refresh).
          context.recorder.phases.lap(Phase.upstream);
          if (upstream.statusCode >= 400) {
            const bodyText = errorText ?? "";
            let failure = classifyFailure({ status: upstream.statusCode, headers: upstream.headers, body: bodyText }, context.now());
            // A subscription's spent quota window: held until its reset exactly, for the account or only this model.
            const hold = executor === undefined ? undefined : quotaHoldFor(failure, quota, context.now());
            if (hold !== undefined) failure = failureUnderHold(failure, hold, context.now());
            recordAttemptFailure(context, target, account, failure);
            if (hold !== undefined) holdUntilReset(context, target, account, hold);
            outcome.failed(upstreamStatusFailure(upstream.statusCode, upstream.headers, bodyText, provider.id, account.name), failure);
            trail.called(target, account, "failed", failure.kind, upstream.statusCode, context.now() - calledAt);
            if (failure.kind === "context-length") {
              const window = contextWindowOf(target);
              if (window !== undefined) refusedWindow = Math.max(refusedWindow ?? 0, window);
            }
            // The same request fails the same way on another account of this provider: try the next target.
            if (failure.scope === "request") break;
            continue;
          }
          // A stream is committed only once its first chunk is in hand: an empty stream or one that opens with
          // an error event (e.g. "overloaded") is a failure like any other, and the loop can still move on.
          let firstChunk: Buffer | undefined;
          let decoding: DecodedStart | undefined;
          if (ownProtocol !== undefined || isEventStream(upstream)) {
            const first = await readFirstChunk(upstream.body);
            context.recorder.phases.lap(Phase.upstream);
            if (context.abortSignal.aborted) {
              upstream.body.destroy();
              return ABORTED;
            }
            let inBandError: unknown;
            if (ownProtocol !== undefined) {
              // A protocol of its own: the first chunk goes through the executor's decoder, which then reads the rest.
              const decoder = ownProtocol.createDecoder();
              const events = first.kind === "data" ? decoder.push(first.chunk) : [];
              inBandError = openingError(events);
              decoding = { decoder, events };
            } else if (first.kind === "data") {
              inBandError = inBandErrorOf(first.chunk);
            }
            if (first.kind !== "data" || inBandError !== undefined) {
              upstream.body.destroy();
              const failure = classifyFailure(
                first.kind === "error" ? { transportCode: transportCodeOf(first.error) } : { status: 200, inBandError },
                context.now(),
              );
              recordAttemptFailure(context, target, account, failure);
              trail.called(target, account, "failed", failure.kind, upstream.statusCode, context.now() - calledAt);
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
            if (ownProtocol === undefined) firstChunk = first.chunk;
          }
          breakers.onSuccess(provider.id);
          cooldowns.recordSuccess(provider.id, account.id, target.upstreamModel);
          trail.called(target, account, "ok", null, upstream.statusCode, context.now() - calledAt);
          const servedBy = { providerId: provider.id, accountId: account.id, accountName: account.name };
          if (session !== undefined) sessions.recordServed(session, servedBy, target.qualifiedModel);
          // Responses ids are remembered only where the client sees the upstream's own id (same format), and only
          // where the upstream keeps responses (the Codex backend stores none).
          const remembersResponses = sameFormat && upstreamFormat === "openai-responses" && executor === undefined;
          if (remembersResponses && firstChunk !== undefined) {
            const responseId = responseIdFromStreamStart(firstChunk);
            if (responseId !== undefined) sessions.rememberResponse(responseId, servedBy);
          }
          const relayed = relayResponse(context, upstream, {
            ...(firstChunk !== undefined ? { firstChunk } : {}),
            clientCodec,
            upstreamCodec,
            sameFormat,
            clientWantsStream: essentials.stream,
            providerId: provider.id,
            unwrapEventData: executor?.unwrapEventData,
            unwrapJson: executor?.unwrapJson,
            decoder: decoding?.decoder,
            decodedFirst: decoding?.events,
            onSameFormatJson:
              remembersResponses && firstChunk === undefined
                ? (bytes: Buffer) => {
                    const responseId = responseIdFromJsonStart(bytes);
                    if (responseId !== undefined) sessions.rememberResponse(responseId, servedBy);
                  }
                : undefined,
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
          // The account's slot is held until the answer has been relayed (a stream until its end).
          leaseHandedOver = true;
          return relayed.finally(() => {
            lease.release();
            if (session !== undefined) sessions.addUsage(session, context.recorder.tokens);
          });
        } finally {
          if (!leaseHandedOver) lease.release();
        }
      }
      if (outcome.attempts === attemptsBefore) {
        // Every account filled up between the check and the attempt: the same as all being at their limits.
        abandonUnusedProbe();
        outcome.skipCooling(provider.id, accountLimits.soonestCapacity(provider.id, withinLimits), true);
      }
    }
    return fail(outcome.finalError());
  } finally {
    ticket.end();
  }
}

/**
 * The client's session for sticky routing and `/api/sessions`, from its ids or a fingerprint (none without a
 * user message); `sticky` when this request should follow the session's pin (session-key.ts says when).
 */
function startSession(
  context: RequestContext,
  format: WireFormat,
  body: Record<string, unknown>,
  clientKey: ClientKeyRuntime | undefined,
): { session?: SessionRecord; sticky: boolean } {
  const key = deriveSessionKey({ format, headers: context.request.headers, body, ...(clientKey !== undefined ? { clientKeyId: clientKey.id } : {}) });
  if (key === undefined) return { sticky: false };
  const idleMs = context.snapshot.settings.sessionIdleMs;
  const session = context.resilience.sessions.touch({
    key,
    clientTool: clientToolOf(context.request.headers),
    apiKeyName: context.recorder.apiKeyName,
    ...(idleMs !== undefined ? { idleMs } : {}),
  });
  return { session, sticky: key.sticky };
}

/** The account that issued a Responses request's `previous_response_id`, when this gateway relayed it. */
function responseIssuerOf(context: RequestContext, format: WireFormat, body: Record<string, unknown>): AccountRef | undefined {
  if (format !== "openai-responses") return undefined;
  const previous = body.previous_response_id;
  return typeof previous === "string" && previous.length > 0 ? context.resilience.sessions.responseIssuer(previous) : undefined;
}

/** The issuer's provider first (its state is there), the rest in their order; unchanged when it is not a target. */
function issuerFirst(targets: RouteTarget[], providerId: string): RouteTarget[] {
  if (targets.length <= 1 || targets[0]!.provider.id === providerId || !targets.some((target) => target.provider.id === providerId)) return targets;
  return [...targets.filter((target) => target.provider.id === providerId), ...targets.filter((target) => target.provider.id !== providerId)];
}

/** The combo member that last served the session first (round-robin combos); the order is kept otherwise. */
function preferredTargetFirst(targets: RouteTarget[], qualifiedModel: string | undefined): RouteTarget[] {
  if (qualifiedModel === undefined || targets[0]!.qualifiedModel === qualifiedModel) return targets;
  const index = targets.findIndex((target) => target.qualifiedModel === qualifiedModel);
  if (index === -1) return targets;
  return [targets[index]!, ...targets.slice(0, index), ...targets.slice(index + 1)];
}

/** The session's account first when it is among the usable ones (a soft pin); the order is kept otherwise. */
function preferredFirst(accounts: AccountRuntime[], preferredId: string | undefined): AccountRuntime[] {
  if (preferredId === undefined || accounts.length <= 1 || accounts[0]!.id === preferredId) return accounts;
  const index = accounts.findIndex((account) => account.id === preferredId);
  if (index === -1) return accounts;
  return [accounts[index]!, ...accounts.slice(0, index), ...accounts.slice(index + 1)];
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

/** A protocol of its own, its first chunk decoded: the decoder reads the rest of the answer in the relay. */
interface DecodedStart {
  decoder: RawStreamDecoder;
  events: StreamEvent[];
}

/**
 * The error a decoded answer opens with (before any content), shaped for the failure classifier; undefined when the
 * answer starts with content or its first chunk held no complete event yet.
 */
function openingError(events: readonly StreamEvent[]): { error: { message: string; code?: string } } | undefined {
  for (const event of events) {
    if (event.type === "error") return { error: { message: event.message, ...(event.code !== undefined ? { code: event.code } : {}) } };
    if (event.type !== "message-start" && event.type !== "usage") return undefined;
  }
  return undefined;
}

/** The settings that edit a same-format body, for this target. */
function sameFormatEditsFor(context: RequestContext, thinking: ThinkingPolicy, providerId: string): SameFormatEdits {
  return { systemPrompt: context.snapshot.settings.systemPrompt, thinking, quirks: quirksFor(providerId) };
}

interface OutgoingCall {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The upstream answers only over HTTP/2 (an executor's `http2`). */
  http2?: boolean;
}

interface OutgoingCallInput {
  context: RequestContext;
  target: RouteTarget;
  account: AccountRuntime;
  upstreamFormat: WireFormat;
  sameFormat: boolean;
  clientStream: boolean;
  executor: UpstreamExecutor | undefined;
  /** With an executor: the body in its format (copied per call). */
  executorBody: Record<string, unknown> | undefined;
  /** Without one: the translated body, or undefined for the client's own (edited by `edits`). */
  body: Buffer | undefined;
  jsonRequest: JsonRequest;
  clientModel: string;
  edits: SameFormatEdits | undefined;
  conversationId: string | undefined;
}

/**
 * The upstream call for one attempt: the plain protocol's request shape (upstream-request.ts; an OAuth account's
 * token in place of a key), or the provider's executor's. Built again after a token refresh.
 */
function outgoingCall(input: OutgoingCallInput, oauthSession: OAuthSession | undefined): OutgoingCall {
  const { context, target, account, executor } = input;
  if (executor !== undefined) {
    const call = executor.prepare({
      account,
      session: oauthSession,
      model: target.upstreamModel,
      stream: input.clientStream,
      body: structuredClone(input.executorBody!),
      requestId: context.requestId,
      userAgent: context.userAgent,
      ...(input.sameFormat ? { sameFormatClientHeaders: context.request.headers } : {}),
      ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
      now: context.now(),
    });
    return { baseUrl: call.baseUrl, path: call.path, headers: call.headers, body: call.body, ...(call.http2 === true ? { http2: true } : {}) };
  }
  const shape = upstreamRequestShape({
    format: input.upstreamFormat,
    account: oauthSession === undefined ? account : { ...account, apiKey: oauthSession.accessToken },
    model: target.upstreamModel,
    stream: input.clientStream,
    requestId: context.requestId,
    userAgent: context.userAgent,
    ...(input.sameFormat ? { sameFormatClientHeaders: context.request.headers, sameFormatQuery: queryOf(context.request.url) } : {}),
  });
  return {
    baseUrl: shape.baseUrl,
    path: shape.path,
    headers: shape.headers,
    body: input.body ?? sameFormatBody(input.jsonRequest, input.upstreamFormat, input.clientModel, target.upstreamModel, input.edits!),
  };
}

/** The host's answer to a rejected token; a refresh that throws is a failed refresh. */
async function refreshedSession(credentials: AccountCredentials, rejectedToken: string): Promise<OAuthSession | undefined> {
  try {
    return await credentials.refreshAfterRejection(rejectedToken);
  } catch {
    return undefined;
  }
}

function credentialsUnavailable(providerId: string, accountName: string): GatewayError {
  return new GatewayError({
    code: "upstream_auth_failed",
    status: 502,
    retryable: true,
    publicMessage: `Provider '${providerId}' account '${accountName}' has no usable login: reconnect it in the dashboard.`,
  });
}

function unsupportedExecutor(providerId: string, executorId: string): GatewayError {
  return new GatewayError({ code: "format_not_supported", status: 501, publicMessage: `Provider '${providerId}' needs the '${executorId}' executor, which this engine cannot run.` });
}

function unsupportedUpstream(providerId: string, format: string): GatewayError {
  return new GatewayError({ code: "format_not_supported", status: 501, publicMessage: `Provider '${providerId}' speaks ${format}, which cannot be an upstream.` });
}

function queryOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const start = url.indexOf("?");
  return start === -1 ? undefined : url.slice(start + 1);
}

function asGatewayError(error: unknown): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  return new GatewayError({ code: "internal_error", status: 500, publicMessage: "Internal error.", cause: error });
}

function logSkip(context: RequestContext, trail: AttemptTrail, target: RouteTarget, reason: string, account?: AccountRuntime): void {
  trail.skipped(target, reason, account);
  context.ports.logger.warn("route skipped", { requestId: context.requestId, provider: target.provider.id, model: target.qualifiedModel, reason });
}
