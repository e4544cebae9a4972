import type { AccountRuntime, ProviderRuntime } from "../ports";

/**
 * Per-account concurrency and request-rate limits (anti-thundering herd, DESIGN §6). An account at its limit is
 * skipped like a cooling one — never waited on — so a burst spreads over the pool instead of piling onto one
 * account until the upstream answers 429.
 *
 * - `maxConcurrent`: requests in flight at once (a stream holds its slot until it ends).
 * - `requestsPerMinute`: a token bucket of that size, refilled continuously (a burst up to the limit, then the
 *   steady rate), as upstream rate limiters behave.
 * - Auto-tuning (API-key accounts): a 429 halves the effective rate (at most once per `decreaseHoldMs`, so one
 *   burst of 429s halves it once), and every `recoveryStepMs` without one gives back a tenth of the ceiling.
 *   With no configured rate, a 429 under load (at least `autoTuneMinimumRate` requests in the last minute) sets
 *   one at half the account's recent rate, lifted again once recovered; at lower rates the 429 is a window or
 *   quota the cooldown already handles, and throttling a trickle would only delay the next request.
 * - After a 429 the bucket keeps at most one token: the first request once the cooldown ends goes through (the
 *   account is eligible again, TESTPLAN 7), and the halved rate governs the ones after it.
 *
 * Pure and clock-injected: no timers; every read brings the state up to date lazily. O(1) per call.
 */

export interface AccountLimiterOptions {
  now: () => number;
  /** How often a tuned-down rate gets a step back. Default 60 s. */
  recoveryStepMs?: number;
  /** Share of the ceiling given back per step. Default 0.1. */
  recoveryFraction?: number;
  /** One halving per this long, however many 429s arrive. Default 5 s. */
  decreaseHoldMs?: number;
  /** Requests in the last minute below which a 429 sets no limit on an account without one. Default 10. */
  autoTuneMinimumRate?: number;
}

export interface AccountLease {
  /** Frees the concurrency slot; idempotent. */
  release(): void;
}

/** What `/api/rate-limits` shows for one account. */
export interface AccountLimitView {
  providerId: string;
  accountId: string;
  accountName: string;
  maxConcurrent: number | null;
  /** As configured. */
  requestsPerMinute: number | null;
  /** What applies now: lower than configured after 429s; set by auto-tuning even without a configured rate. */
  effectiveRequestsPerMinute: number | null;
  autoTuned: boolean;
  inFlight: number;
  /** Requests started on this account during the last minute. */
  recentRequestsPerMinute: number;
  /** 429 answers this account gave since the process started. */
  rateLimitedResponses: number;
  /** True while the account would be skipped for being at its limit. */
  atLimit: boolean;
  /** When a rate slot frees up, in ms from now (null: not rate-bound right now). */
  nextSlotInMs: number | null;
}

const MINUTE = 60_000;
const RECENT_BUCKETS = 6;
const RECENT_BUCKET_MS = MINUTE / RECENT_BUCKETS;
/** Retry hint when only concurrency blocks: a slot frees when some stream ends, which nobody can predict. */
const CONCURRENCY_RETRY_MS = 1_000;

interface LimitState {
  providerId: string;
  accountId: string;
  accountName: string;
  maxConcurrent: number | undefined;
  configuredRpm: number | undefined;
  /** undefined: no rate limit applies right now. */
  effectiveRpm: number | undefined;
  /** What recovery climbs back to: the configured rate, or (auto-tuned) the rate that drew the 429. */
  ceilingRpm: number | undefined;
  tokens: number;
  refilledAt: number;
  adjustedAt: number;
  decreasedAt: number | undefined;
  inFlight: number;
  rateLimitedResponses: number;
  recentCounts: number[];
  recentStarts: number[];
}

const SEPARATOR = "\u0000";

export class AccountLimiter {
  private readonly now: () => number;
  private readonly recoveryStepMs: number;
  private readonly recoveryFraction: number;
  private readonly decreaseHoldMs: number;
  private readonly autoTuneMinimumRate: number;
  private readonly states = new Map<string, LimitState>();

  constructor(options: AccountLimiterOptions) {
    this.now = options.now;
    this.recoveryStepMs = options.recoveryStepMs ?? MINUTE;
    this.recoveryFraction = options.recoveryFraction ?? 0.1;
    this.decreaseHoldMs = options.decreaseHoldMs ?? 5_000;
    this.autoTuneMinimumRate = options.autoTuneMinimumRate ?? 10;
  }

  /** Whether a request may start on this account now (nothing is reserved). */
  hasCapacity(providerId: string, account: AccountRuntime): boolean {
    const now = this.now();
    return this.admits(this.stateFor(providerId, account, now));
  }

  /** Reserves a slot (and a rate token) for one upstream attempt, or undefined when the account is at its limit. */
  tryAcquire(providerId: string, account: AccountRuntime): AccountLease | undefined {
    const now = this.now();
    const state = this.stateFor(providerId, account, now);
    if (!this.admits(state)) return undefined;
    state.inFlight += 1;
    if (state.effectiveRpm !== undefined) state.tokens -= 1;
    countRecent(state, now);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        state.inFlight -= 1;
      },
    };
  }

  /**
   * The account answered 429. `autoTune` (API-key accounts) halves the effective rate; subscription accounts
   * keep theirs, as their windows are quotas the cooldown already tracks.
   */
  onRateLimited(providerId: string, account: AccountRuntime, autoTune: boolean): void {
    const now = this.now();
    const state = this.stateFor(providerId, account, now);
    state.rateLimitedResponses += 1;
    if (!autoTune) return;
    if (state.decreasedAt !== undefined && now - state.decreasedAt < this.decreaseHoldMs) return;
    if (state.effectiveRpm === undefined) {
      // No rate known: the one the account was running at when the upstream objected is the ceiling.
      const recent = recentRate(state, now);
      if (recent < this.autoTuneMinimumRate) return;
      state.ceilingRpm = recent;
      state.effectiveRpm = recent;
      state.tokens = 1;
    }
    state.effectiveRpm = Math.max(1, Math.floor(state.effectiveRpm / 2));
    state.tokens = Math.min(state.tokens, 1);
    state.refilledAt = now;
    state.decreasedAt = now;
    state.adjustedAt = now;
  }

  /** Ms until the first of these accounts has room, for `retry-after` when all are at their limits. */
  soonestCapacity(providerId: string, accounts: readonly AccountRuntime[]): number | undefined {
    const now = this.now();
    let soonest: number | undefined;
    for (const account of accounts) {
      const waitMs = this.waitFor(this.stateFor(providerId, account, now));
      if (soonest === undefined || waitMs < soonest) soonest = waitMs;
    }
    return soonest;
  }

  /** Every configured account's state, for `/api/rate-limits`; forgets accounts no longer configured. */
  snapshot(providers: Iterable<ProviderRuntime>): AccountLimitView[] {
    const now = this.now();
    const views: AccountLimitView[] = [];
    const seen = new Set<string>();
    for (const provider of providers) {
      for (const account of provider.accounts) {
        const key = provider.id + SEPARATOR + account.id;
        seen.add(key);
        const state = this.stateFor(provider.id, account, now);
        const rateBound = state.effectiveRpm !== undefined && state.tokens < 1;
        views.push({
          providerId: state.providerId,
          accountId: state.accountId,
          accountName: state.accountName,
          maxConcurrent: state.maxConcurrent ?? null,
          requestsPerMinute: state.configuredRpm ?? null,
          effectiveRequestsPerMinute: state.effectiveRpm ?? null,
          autoTuned: state.effectiveRpm !== undefined && state.effectiveRpm !== state.configuredRpm,
          inFlight: state.inFlight,
          recentRequestsPerMinute: recentRate(state, now),
          rateLimitedResponses: state.rateLimitedResponses,
          atLimit: !this.admits(state),
          nextSlotInMs: rateBound ? this.rateWait(state) : null,
        });
      }
    }
    for (const [key, state] of this.states) if (!seen.has(key) && state.inFlight === 0) this.states.delete(key);
    return views;
  }

  /** Forgets auto-tuning and counters (in-flight counts stay: those requests are still running). */
  reset(): void {
    for (const [key, state] of this.states) {
      if (state.inFlight === 0) this.states.delete(key);
      else {
        state.configuredRpm = undefined;
        state.effectiveRpm = undefined;
        state.ceilingRpm = undefined;
        state.decreasedAt = undefined;
        state.rateLimitedResponses = 0;
      }
    }
  }

  private stateFor(providerId: string, account: AccountRuntime, now: number): LimitState {
    const key = providerId + SEPARATOR + account.id;
    let state = this.states.get(key);
    if (state === undefined) {
      state = {
        providerId,
        accountId: account.id,
        accountName: account.name,
        maxConcurrent: undefined,
        configuredRpm: undefined,
        effectiveRpm: undefined,
        ceilingRpm: undefined,
        tokens: 0,
        refilledAt: now,
        adjustedAt: now,
        decreasedAt: undefined,
        inFlight: 0,
        rateLimitedResponses: 0,
        recentCounts: new Array<number>(RECENT_BUCKETS).fill(0),
        recentStarts: new Array<number>(RECENT_BUCKETS).fill(-1),
      };
      this.states.set(key, state);
    }
    this.sync(state, account, now);
    this.refresh(state, now);
    return state;
  }

  /** The configuration may change under a running process: a new configured rate starts from scratch. */
  private sync(state: LimitState, account: AccountRuntime, now: number): void {
    state.accountName = account.name;
    state.maxConcurrent = positiveOrUndefined(account.maxConcurrent);
    const configured = positiveOrUndefined(account.requestsPerMinute);
    if (configured === state.configuredRpm) return;
    state.configuredRpm = configured;
    state.effectiveRpm = configured;
    state.ceilingRpm = configured;
    state.tokens = configured ?? 0;
    state.refilledAt = now;
    state.adjustedAt = now;
    state.decreasedAt = undefined;
  }

  private refresh(state: LimitState, now: number): void {
    if (state.effectiveRpm === undefined) return;
    const ceiling = state.ceilingRpm;
    if (ceiling !== undefined && state.effectiveRpm < ceiling) {
      const steps = Math.floor((now - state.adjustedAt) / this.recoveryStepMs);
      if (steps > 0) {
        // Settle the bucket at the old rate first, so the step applies only from now on.
        this.refill(state, now);
        state.effectiveRpm = Math.min(ceiling, state.effectiveRpm + steps * Math.max(1, Math.ceil(ceiling * this.recoveryFraction)));
        state.adjustedAt += steps * this.recoveryStepMs;
        if (state.effectiveRpm >= ceiling && state.configuredRpm === undefined) {
          // An auto-tuned limit is lifted once recovered: there was no limit before the 429.
          state.effectiveRpm = undefined;
          state.ceilingRpm = undefined;
          return;
        }
      }
    }
    this.refill(state, now);
  }

  private refill(state: LimitState, now: number): void {
    const rate = state.effectiveRpm;
    if (rate === undefined) return;
    const elapsed = now - state.refilledAt;
    if (elapsed > 0) state.tokens = Math.min(rate, state.tokens + (elapsed * rate) / MINUTE);
    state.refilledAt = now;
  }

  private admits(state: LimitState): boolean {
    if (state.maxConcurrent !== undefined && state.inFlight >= state.maxConcurrent) return false;
    return state.effectiveRpm === undefined || state.tokens >= 1;
  }

  private waitFor(state: LimitState): number {
    if (this.admits(state)) return 0;
    const rateBound = state.effectiveRpm !== undefined && state.tokens < 1;
    const concurrencyBound = state.maxConcurrent !== undefined && state.inFlight >= state.maxConcurrent;
    const rateWait = rateBound ? this.rateWait(state) : 0;
    return concurrencyBound ? Math.max(rateWait, CONCURRENCY_RETRY_MS) : rateWait;
  }

  private rateWait(state: LimitState): number {
    const rate = state.effectiveRpm ?? 1;
    return Math.max(1, Math.ceil(((1 - state.tokens) * MINUTE) / rate));
  }
}

function positiveOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function countRecent(state: LimitState, now: number): void {
  const start = now - (now % RECENT_BUCKET_MS);
  const index = Math.floor(now / RECENT_BUCKET_MS) % RECENT_BUCKETS;
  if (state.recentStarts[index] !== start) {
    state.recentStarts[index] = start;
    state.recentCounts[index] = 0;
  }
  state.recentCounts[index]! += 1;
}

/** Requests started within the last minute (six 10-second buckets). */
function recentRate(state: LimitState, now: number): number {
  let total = 0;
  for (let index = 0; index < RECENT_BUCKETS; index += 1) {
    if (state.recentStarts[index]! > now - MINUTE) total += state.recentCounts[index]!;
  }
  return total;
}
