import type { IncomingHttpHeaders } from "node:http";
import type { RequestContext } from "../../http/request-context";
import type { AccountRuntime } from "../../ports";
import { quotaHoldOf, toQuotaWindow, type QuotaHold, type QuotaObservation } from "../../providers/quota/quota-observation";
import type { UpstreamFailure } from "../../routing/classify-failure";
import type { RouteTarget } from "../../routing/resolve-model";
import type { UpstreamExecutor } from "../../upstream/upstream-executor";

/**
 * Quota signals of subscription backends, around the attempt loop: what one answer revealed (headers on every
 * status, the error body of a failure) goes to `GatewayPorts.quota`, and a spent window turns a 429 into a hold of
 * the account — or of the model, for a model's own quota — until its reset exactly (DESIGN §6: not a fixed
 * backoff; the cooldown book re-checks the account the moment the hold ends).
 */
export function quotaOfAnswer(executor: UpstreamExecutor, headers: IncomingHttpHeaders, errorBody: string | undefined, now: number): QuotaObservation[] {
  const fromHeaders = executor.quotaFromHeaders?.(headers, now) ?? [];
  const fromBody = errorBody === undefined || errorBody === "" ? [] : (executor.quotaFromErrorBody?.(errorBody, now) ?? []);
  return fromBody.length === 0 ? fromHeaders : [...fromHeaders, ...fromBody];
}

/** Hands the windows to the host; a port that throws must never fail the request. */
export function reportQuota(context: RequestContext, providerId: string, account: AccountRuntime, observations: readonly QuotaObservation[]): void {
  if (observations.length === 0 || context.ports.quota === undefined) return;
  try {
    context.ports.quota.observe(providerId, account.id, observations.map(toQuotaWindow));
  } catch (error) {
    context.ports.logger.warn("quota.observe failed", { provider: providerId, account: account.name, error: error instanceof Error ? error.message : String(error) });
  }
}

/** The hold a failed answer's spent windows call for: only a rate-limit or quota failure (a 429) holds anything. */
export function quotaHoldFor(failure: UpstreamFailure, observations: readonly QuotaObservation[], now: number): QuotaHold {
  if (failure.kind !== "rate-limit" && failure.kind !== "quota") return {};
  return quotaHoldOf(observations, now);
}

/**
 * Before the bookkeeping: the spent window's reset replaces whatever the classifier guessed (so the client's
 * `retry-after` and the cooldown say the same), and a model's own spent quota narrows the cooldown to that model.
 */
export function failureUnderHold(failure: UpstreamFailure, hold: QuotaHold, now: number): UpstreamFailure {
  if (hold.account !== undefined) return { ...failure, kind: "quota", scope: "account", retryAfterMs: hold.account - now };
  if (hold.model !== undefined) return { ...failure, kind: "quota", scope: "model", retryAfterMs: hold.model - now };
  return failure;
}

/** After the bookkeeping: the cooldown book clamps ordinary cooldowns (to an hour); a quota window is held to its end. */
export function holdUntilReset(context: RequestContext, target: RouteTarget, account: AccountRuntime, hold: QuotaHold): void {
  const { cooldowns } = context.resilience;
  if (hold.account !== undefined) cooldowns.holdUntil({ providerId: target.provider.id, accountId: account.id, until: hold.account, reason: "quota" });
  if (hold.model !== undefined) cooldowns.holdUntil({ providerId: target.provider.id, accountId: account.id, model: target.upstreamModel, until: hold.model, reason: "quota" });
}
