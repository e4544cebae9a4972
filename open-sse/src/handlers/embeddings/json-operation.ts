import { GatewayError } from "../../core/gateway-error";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { safeHeaderValue } from "../../http/safe-header-value";
import type { AccountRuntime, ClientKeyRuntime, ComboRuntime, GatewaySnapshot } from "../../ports";
import { AttemptOutcome, routingDeadlineReached } from "../../routing/attempt-outcome";
import { classifyFailure, transportCodeOf } from "../../routing/classify-failure";
import { readFailureBody } from "../../routing/read-failure-body";
import { recordAttemptFailure } from "../../routing/record-attempt-failure";
import { selectAccounts } from "../../routing/select-accounts";
import { comboBehind, resolveModel, type RouteTarget } from "../../routing/resolve-model";
import { isModelAllowed, modelNotAllowed } from "../../security/model-allowlist";
import { Phase } from "../../http/phase-timer";
import { callUpstream, transportFailure, type UpstreamResponse } from "../../upstream/upstream-http";
import { upstreamStatusFailure } from "../../upstream/upstream-status-failure";
import { AttemptTrail } from "../generate/attempt-trail";
import { readJsonRequest, type JsonRequest } from "../generate/read-json-request";
import { CLIENT_CLOSED, failOpenAi } from "./operation-response";

/**
 * The attempt loop for operations answered with one JSON body (embeddings, image generation): the same routing as
 * generation requests — targets in order, each provider's available accounts in its order, cooldowns, breakers,
 * per-account limits, the retry budget, the routing deadline, the outbound proxy — without the streaming half.
 * Any failure before an answer moves on to the next account or target; a request error the upstream names (400)
 * moves on to the next target only.
 */

export interface PreparedCall {
  baseUrl: string;
  /** Appended to the base URL's path. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface OperationSpec<Result> {
  /**
   * The upstream call for one target and account. Throwing a 400 GatewayError answers the client at once (its
   * request cannot work); any other GatewayError skips the target (the provider cannot do this operation).
   */
  prepare(target: RouteTarget, account: AccountRuntime): PreparedCall;
  /** Reads a 2xx answer. A thrown GatewayError counts as that upstream's failure (5xx: next account; 4xx: answered). */
  read(upstream: UpstreamResponse, target: RouteTarget, account: AccountRuntime): Promise<Result>;
}

export type OperationResult<Result> =
  | { ok: true; result: Result; target: RouteTarget; account: AccountRuntime; attempts: number }
  | { ok: false; error: GatewayError }
  | { ok: false; aborted: true };

/** A request of an operation endpoint, read and admitted: what the attempt loop needs. */
export interface OpenedOperation<Request> {
  jsonRequest: JsonRequest;
  request: Request;
  /** The model to route (the client's, qualified by a per-provider route). */
  model: string;
  targets: RouteTarget[];
  /** The combo the request named, for its outbound proxy. */
  combo: ComboRuntime | undefined;
}

/**
 * Everything before the attempt loop, the same for every operation: the body read (bounded) and parsed, the model
 * resolved, the combo named on the usage row, the key's allowlist and budget. Stops with the outcome to return when
 * the request goes no further (bad input: 400 before any upstream call; the client gone).
 */
export async function openOperation<Request extends { model: string }>(
  context: RequestContext,
  clientKey: ClientKeyRuntime | undefined,
  parse: (body: Record<string, unknown>) => Request,
  qualifyModel: ((model: string) => string) | undefined,
): Promise<{ opened: OpenedOperation<Request> } | { stopped: RequestOutcome }> {
  let jsonRequest: JsonRequest;
  let request: Request;
  let targets: RouteTarget[];
  let model: string;
  try {
    jsonRequest = await readJsonRequest(context.request, context.snapshot.settings.maxBodyBytes, context.capture);
    context.recorder.phases.lap(Phase.receive);
    request = parse(jsonRequest.body);
    model = qualifyModel === undefined ? request.model : qualifyModel(request.model);
    context.recorder.model = model;
    targets = resolveOperationTargets(context.snapshot, model);
  } catch (error) {
    if (context.abortSignal.aborted) return { stopped: CLIENT_CLOSED };
    return { stopped: failOpenAi(context, asGatewayError(error)) };
  }
  const named = comboOfRequest(context.snapshot, model);
  context.recorder.combo = named?.name ?? null;
  const refused = admitOperation(context, clientKey, model, targets, jsonRequest.bytes.length);
  if (refused !== undefined) return { stopped: failOpenAi(context, refused) };
  return { opened: { jsonRequest, request, model, targets, combo: named?.combo } };
}

/**
 * The targets a model name resolves to for a non-chat operation. The default route (meant for chat clients that
 * send their own model names) is not used: an embedding request for an unknown model is a 400, not a chat call.
 */
function resolveOperationTargets(snapshot: GatewaySnapshot, model: string): RouteTarget[] {
  return resolveModel(withoutDefaultRoutes(snapshot), model);
}

const withoutDefaults = new WeakMap<GatewaySnapshot, GatewaySnapshot>();

function withoutDefaultRoutes(snapshot: GatewaySnapshot): GatewaySnapshot {
  if (snapshot.defaultRoutes === undefined || snapshot.defaultRoutes.size === 0) return snapshot;
  let view = withoutDefaults.get(snapshot);
  if (view === undefined) {
    view = { ...snapshot, defaultRoutes: new Map() };
    withoutDefaults.set(snapshot, view);
  }
  return view;
}

/**
 * Everything before the first upstream call that generation requests also do: the key's model allowlist and its
 * cost budget. Returns the error to answer with, or undefined to go on.
 */
function admitOperation(
  context: RequestContext,
  clientKey: ClientKeyRuntime | undefined,
  model: string,
  targets: readonly RouteTarget[],
  bodyBytes: number,
): GatewayError | undefined {
  if (!isModelAllowed(context.snapshot, clientKey, model, targets)) return modelNotAllowed(model);
  if (clientKey === undefined || context.ports.budgets === undefined) return undefined;
  const verdict = context.ports.budgets.reserve({
    keyId: clientKey.id,
    requestId: context.requestId,
    targets: targets.map((target) => ({ provider: target.provider.id, model: target.upstreamModel })),
    bodyBytes,
    maxOutputTokens: null,
  });
  if (!verdict.ok) {
    return new GatewayError({ code: "budget_exceeded", status: 429, publicMessage: verdict.message, retryAfterSeconds: verdict.retryAfterSeconds });
  }
  context.recorder.budgetReservationId = verdict.reservationId;
  if (verdict.warning !== undefined) context.response.setHeader("x-omniroute-budget-warning", safeHeaderValue(verdict.warning));
  return undefined;
}

/** The combo the request named (directly or through an alias), for its proxy and the usage row. */
function comboOfRequest(snapshot: GatewaySnapshot, model: string): { name: string; combo: ComboRuntime } | undefined {
  const named = snapshot.aliases?.get(model) ?? model;
  const combo = comboBehind(withoutDefaultRoutes(snapshot), model);
  return combo === undefined ? undefined : { name: snapshot.combos.has(named) ? named : model, combo };
}

export async function runJsonOperation<Result>(
  context: RequestContext,
  targets: readonly RouteTarget[],
  combo: ComboRuntime | undefined,
  spec: OperationSpec<Result>,
): Promise<OperationResult<Result>> {
  const { cooldowns, breakers, retryBudget, accountLimits } = context.resilience;
  const ticket = retryBudget.beginRequest();
  const deadlineMs = context.snapshot.settings.routingDeadlineMs;
  const outcome = new AttemptOutcome(context.recorder, targets);
  // Every call and skip, for the request log's entry (as generation requests have it).
  const trail = new AttemptTrail(context.recorder);
  const skipped = (target: RouteTarget, reason: string, account?: AccountRuntime) => {
    trail.skipped(target, reason, account);
    context.ports.logger.warn("route skipped", { requestId: context.requestId, provider: target.provider.id, model: target.qualifiedModel, reason });
  };
  try {
    for (const target of targets) {
      const { provider } = target;
      context.recorder.phases.lap(Phase.route);
      const ordered = context.accountPicker.order(provider);
      if (ordered.length === 0) {
        outcome.skip(new GatewayError({ code: "no_accounts", status: 503, publicMessage: `Provider '${provider.id}' has no account configured.` }));
        skipped(target, "no account configured");
        continue;
      }
      const selection = selectAccounts(context.resilience, target, ordered);
      for (const { account, reason } of selection.leftOut) trail.skipped(target, reason, account);
      if (selection.blocked !== undefined) {
        outcome.skipCooling(provider.id, selection.blocked.recoveryMs, selection.blocked.rateLimited);
        skipped(target, selection.blocked.reason);
        continue;
      }
      const withinLimits = selection.usable;
      // The call shape is built (and the request checked against this provider's API) before the breaker is asked,
      // so a request the provider cannot serve never takes a half-open probe slot.
      let firstCall: PreparedCall;
      try {
        firstCall = spec.prepare(target, withinLimits[0]!);
        context.recorder.phases.lap(Phase.translate);
      } catch (error) {
        const failure = asGatewayError(error);
        if (failure.status === 400) return { ok: false, error: failure };
        outcome.skip(failure);
        trail.skipped(target, failure.code);
        continue;
      }
      const admission = breakers.tryAcquire(provider.id);
      if (admission.verdict === "rejected") {
        outcome.skipBreaker(provider.id, admission.retryAfterMs);
        skipped(target, "circuit breaker open");
        continue;
      }
      const attemptsBefore = outcome.attempts;
      const abandonUnusedProbe = () => {
        if (admission.verdict === "probe" && outcome.attempts === attemptsBefore) breakers.abandonProbe(provider.id);
      };
      let nextTarget = false;
      for (const [index, account] of withinLimits.entries()) {
        if (nextTarget) break;
        const remainingMs = deadlineMs === undefined ? undefined : deadlineMs - (context.now() - context.recorder.startedAt);
        if (remainingMs !== undefined && remainingMs <= 0) {
          abandonUnusedProbe();
          skipped(target, "routing deadline reached");
          return { ok: false, error: outcome.finalError(routingDeadlineReached()) };
        }
        if (!outcome.claimRetry(ticket)) {
          abandonUnusedProbe();
          skipped(target, "retry budget exhausted");
          return { ok: false, error: outcome.finalError() };
        }
        const lease = accountLimits.tryAcquire(provider.id, account);
        if (lease === undefined) {
          skipped(target, "account at its concurrency or rate limit");
          continue;
        }
        try {
          const call = index === 0 ? firstCall : spec.prepare(target, account);
          outcome.calling(target, account);
          const proxyUrl = context.upstreamPools.proxyUrlFor({ account, combo, provider, targetUrl: call.baseUrl });
          context.recorder.phases.lap(Phase.route);
          const calledAt = context.now();
          let upstream: UpstreamResponse;
          try {
            upstream = await callUpstream({
              pools: context.upstreamPools,
              baseUrl: call.baseUrl,
              path: call.path,
              headers: call.headers,
              body: call.body,
              abort: context.abortSignal,
              firstByteTimeoutMs: Math.min(provider.timeouts?.firstByteMs ?? context.snapshot.settings.firstByteTimeoutMs, remainingMs ?? Infinity),
              idleTimeoutMs: provider.timeouts?.idleMs ?? context.snapshot.settings.idleTimeoutMs,
              proxyUrl,
            });
          } catch (error) {
            context.recorder.phases.lap(Phase.upstream);
            if (context.abortSignal.aborted) return { ok: false, aborted: true };
            const failure = classifyFailure({ transportCode: transportCodeOf(error) }, context.now());
            recordAttemptFailure(context, target, account, failure);
            outcome.failed(transportFailure(error, provider.id), failure);
            trail.called(target, account, "failed", failure.kind, null, context.now() - calledAt);
            continue;
          }
          context.recorder.phases.lap(Phase.upstream);
          // The trail's latency is the time to the answer's headers, as for generation requests.
          const latencyMs = context.now() - calledAt;
          if (upstream.statusCode >= 400) {
            const bodyText = await readFailureBody(upstream.body);
            if (context.abortSignal.aborted) return { ok: false, aborted: true };
            const failure = classifyFailure({ status: upstream.statusCode, headers: upstream.headers, body: bodyText }, context.now());
            recordAttemptFailure(context, target, account, failure);
            outcome.failed(upstreamStatusFailure(upstream.statusCode, upstream.headers, bodyText, provider.id, account.name), failure);
            trail.called(target, account, "failed", failure.kind, upstream.statusCode, latencyMs);
            // The same request fails the same way on another account of this provider: try the next target.
            if (failure.scope === "request") nextTarget = true;
            continue;
          }
          let result: Result;
          try {
            result = await spec.read(upstream, target, account);
            // Reading the whole answer: the part of relaying it that happens before the client gets it.
            context.recorder.phases.lap(Phase.stream);
          } catch (error) {
            if (context.abortSignal.aborted) return { ok: false, aborted: true };
            const failure = asGatewayError(error);
            // A 2xx answer the client's request made unusable (a filtered image): the client hears it now.
            if (failure.status < 500) {
              trail.called(target, account, "failed", failure.code, upstream.statusCode, latencyMs);
              return { ok: false, error: failure };
            }
            const classified = classifyFailure({ status: 502 }, context.now());
            recordAttemptFailure(context, target, account, classified);
            outcome.failed(failure, classified);
            trail.called(target, account, "failed", classified.kind, upstream.statusCode, latencyMs);
            continue;
          }
          breakers.onSuccess(provider.id);
          cooldowns.recordSuccess(provider.id, account.id, target.upstreamModel);
          trail.called(target, account, "ok", null, upstream.statusCode, latencyMs);
          return { ok: true, result, target, account, attempts: outcome.attempts };
        } finally {
          lease.release();
        }
      }
      if (outcome.attempts === attemptsBefore) {
        abandonUnusedProbe();
        outcome.skipCooling(provider.id, accountLimits.soonestCapacity(provider.id, withinLimits), true);
      }
    }
    return { ok: false, error: outcome.finalError() };
  } finally {
    ticket.end();
  }
}

/**
 * Reads a successful answer whole, refusing one larger than `maxBytes` (a misbehaving upstream must not exhaust
 * memory): a 502 that moves on to the next account.
 */
export async function readUpstreamBody(upstream: UpstreamResponse, maxBytes: number, providerId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upstream.body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) {
      upstream.body.destroy();
      throw new GatewayError({ code: "upstream_error", status: 502, retryable: true, publicMessage: `Provider '${providerId}' sent an answer larger than ${maxBytes} bytes.` });
    }
    chunks.push(bytes);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Parses a JSON answer; a body that is not JSON is the upstream's failure (502), never a crash. */
export function parseUpstreamJson(bytes: Buffer, providerId: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw malformedAnswer(providerId, "is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw malformedAnswer(providerId, "is not a JSON object");
  return parsed as Record<string, unknown>;
}

export function malformedAnswer(providerId: string, what: string): GatewayError {
  return new GatewayError({ code: "upstream_error", status: 502, retryable: true, publicMessage: `Provider '${providerId}' sent an answer that ${what}.` });
}

/** The response headers every operation answer carries (the same ones generation answers have). */
export function routeHeaders(context: RequestContext, target: RouteTarget, account: AccountRuntime, attempts: number): Record<string, string> {
  return {
    "x-request-id": context.requestId,
    "x-omniroute-provider": target.provider.id,
    "x-omniroute-model": safeHeaderValue(target.qualifiedModel),
    "x-omniroute-account": safeHeaderValue(account.name),
    "x-omniroute-attempts": String(attempts),
  };
}

export function asGatewayError(error: unknown): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  return new GatewayError({ code: "internal_error", status: 500, publicMessage: "Internal error.", cause: error });
}
