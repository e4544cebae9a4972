import { GatewayError } from "../../core/gateway-error";
import type { UpstreamFailure } from "../../routing/classify-failure";

/**
 * Why each target of a non-streamed operation (embeddings, images) failed or was skipped, and what the client
 * hears when none answered — the same rules the generation handler applies: the first request error an upstream
 * gave, else 429 when everything was rate limited, else the last upstream failure, else 503 when nothing could be
 * tried; `retry-after` from the soonest cooldown or breaker recovery.
 *
 * (handle-generation.ts keeps a private copy of this class; the report proposes that it import this one.)
 */
export class AttemptOutcome {
  attempts = 0;
  private firstRequestError: GatewayError | undefined;
  private lastUpstreamFailure: GatewayError | undefined;
  private lastSkip: GatewayError | undefined;
  private everyFailureRateLimited = true;
  private soonestRecoveryMs: number | undefined;
  private readonly unavailableProviders: string[] = [];

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

  /** `stopped`: why the loop ended early (the routing deadline), when nothing better explains the failure. */
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
