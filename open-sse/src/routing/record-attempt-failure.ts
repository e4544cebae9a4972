import type { AccountRuntime, Logger } from "../ports";
import type { UpstreamFailure } from "./classify-failure";
import type { ResilienceState } from "./resilience-state";
import type { RouteTarget } from "./resolve-model";

/** What the bookkeeping reaches; a request's context has all of it. */
export interface AttemptFailureContext {
  requestId: string;
  resilience: ResilienceState;
  ports: { logger: Logger };
}

/**
 * The bookkeeping of one failed upstream attempt, for every attempt loop (generation, embeddings, images): a
 * cooldown of the account or of (account, model), an auth-failed mark, a model's availability record, the
 * provider's breaker, the account's adaptive rate. Whether the loop moves on does not depend on it.
 */
export function recordAttemptFailure(context: AttemptFailureContext, target: RouteTarget, account: AccountRuntime, failure: UpstreamFailure): void {
  const { cooldowns, breakers, accountLimits } = context.resilience;
  const providerId = target.provider.id;
  switch (failure.kind) {
    case "auth":
      cooldowns.markAuthFailed(providerId, account.id);
      break;
    case "model-unavailable":
      // The model's availability record on this account: skipped until its TTL ends (or Retry-After, if given).
      cooldowns.markModelUnavailable(providerId, account.id, target.upstreamModel, failure.retryAfterMs);
      break;
    case "rate-limit":
    case "quota":
      cooldowns.coolDown({
        providerId,
        accountId: account.id,
        model: target.upstreamModel,
        scope: failure.scope === "model" ? "model" : "account",
        reason: failure.kind,
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      });
      // API-key accounts slow down after a 429 about the account's own rate; subscription windows are quotas the
      // cooldown tracks, and a per-model quota says nothing about the account's other models.
      if (failure.kind === "rate-limit" && failure.scope !== "model") {
        accountLimits.onRateLimited(providerId, account, breakers.profileNameOf(providerId) === "api-key");
      }
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
