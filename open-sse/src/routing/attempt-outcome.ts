import { GatewayError } from "../core/gateway-error";
import type { AccountRuntime } from "../ports";
import type { UpstreamFailure } from "./classify-failure";
import type { RouteTarget } from "./resolve-model";
import type { RetryTicket } from "./retry-budget";

/** The usage row's route fields, which the attempt loop keeps pointing at the last upstream call. */
export interface RouteFields {
  provider: string | null;
  upstreamModel: string | null;
  account: string | null;
  attempts: number;
}

/**
 * The bookkeeping of one request's walk through its targets, shared by every attempt loop (generation, embeddings,
 * images):
 * - the attempts made, and the usage row's route: the provider, model and account of the last upstream call (the
 *   first target until a call is made), so a row never names a target that was only skipped;
 * - the retry budget: a call that follows a failure the upstream is to blame for spends one retry, anything else
 *   (the first call, a call after a skip, after a request-scoped refusal) is free;
 * - what the client hears when nothing answered: the first request error an upstream gave (its message is the
 *   useful one), else 429 when every target was rate limited, else the last upstream failure, else — nothing was
 *   even tried — 503; with `retry-after` from the soonest cooldown or breaker recovery.
 */
export class AttemptOutcome {
  attempts = 0;
  private firstRequestError: GatewayError | undefined;
  private lastUpstreamFailure: GatewayError | undefined;
  private lastSkip: GatewayError | undefined;
  private everyFailureRateLimited = true;
  private soonestRecoveryMs: number | undefined;
  private readonly unavailableProviders: string[] = [];
  /** The last call failed in a way that makes the next call a retry the budget pays for. */
  private retryOwed = false;

  constructor(
    private readonly route: RouteFields,
    targets: readonly RouteTarget[],
  ) {
    const first = targets[0];
    route.provider = first?.provider.id ?? null;
    route.upstreamModel = first?.upstreamModel ?? null;
    route.account = null;
  }

  /** An upstream call is about to be made: counted, and the row names its route. */
  calling(target: RouteTarget, account: AccountRuntime): void {
    this.attempts += 1;
    this.route.attempts = this.attempts;
    this.route.provider = target.provider.id;
    this.route.upstreamModel = target.upstreamModel;
    this.route.account = account.name;
  }

  /**
   * Before an upstream call: true when it may go ahead. It spends one retry from the request's ticket only after a
   * failure that `spendsRetryBudget` (the budget bounds storms against failing upstreams); false when that retry
   * is refused, and the loop stops.
   */
  claimRetry(ticket: RetryTicket): boolean {
    if (!this.retryOwed) return true;
    if (!ticket.tryConsumeRetry()) return false;
    this.retryOwed = false;
    return true;
  }

  failed(error: GatewayError, failure: UpstreamFailure): void {
    if ((failure.kind === "invalid-request" || failure.kind === "context-length") && this.firstRequestError === undefined) {
      this.firstRequestError = error;
    }
    if (failure.kind !== "rate-limit" && failure.kind !== "quota") this.everyFailureRateLimited = false;
    else this.noteRecovery(failure.retryAfterMs);
    this.lastUpstreamFailure = error;
    this.retryOwed = spendsRetryBudget(failure);
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

/**
 * Whether the call that follows this failure is a retry the budget pays for. The budget exists to stop retry
 * storms against upstreams in trouble: server errors, timeouts, network faults and in-band errors (the failures
 * the breaker counts) and rate limits or spent quotas (the upstream pushing back on load) — moving on after those
 * adds load where load is the problem. A request the upstream refused for what it is (invalid request, context
 * length, a model this account cannot use) or an account whose login failed says nothing about load: the next
 * target is what a combo is for, and must not be refused because other requests are retrying.
 */
export function spendsRetryBudget(failure: UpstreamFailure): boolean {
  return failure.countsTowardBreaker || failure.kind === "rate-limit" || failure.kind === "quota";
}

/** Why a loop stopped when its request's routing deadline ran out before any route answered. */
export function routingDeadlineReached(): GatewayError {
  return new GatewayError({
    code: "upstream_timeout",
    status: 504,
    retryable: true,
    publicMessage: "No route answered within this request's routing deadline.",
  });
}
