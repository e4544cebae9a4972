/**
 * One circuit breaker per provider: closed → open (N consecutive countable failures, or a failure ratio over a
 * sliding window) → half-open after `openMs` → exactly one probe → closed, or open again with a doubled wait.
 * Pure and clock-injected; transitions happen lazily when the breaker is consulted, so no timers exist.
 */

import type { BreakerProfileSettings } from "../ports";

export type BreakerState = "closed" | "open" | "half-open";
export type ResilienceProfileName = "api-key" | "oauth";

/**
 * A breaker profile (the host configures it as `GatewayPorts.resilienceProfiles`):
 * - `failureThreshold`: consecutive countable failures that open a closed breaker;
 * - `ratioThreshold`: the failure ratio over `windowMs` that opens it, once at least `ratioMinCalls` calls were seen;
 * - `openMs`: the first wait before half-open, doubled on each failed probe up to `maxOpenMs`;
 * - `probeTimeoutMs`: a probe that never reports back (lost caller) stops blocking a new probe after this long.
 */
export type BreakerProfile = BreakerProfileSettings;

export const DEFAULT_BREAKER_PROFILES: Readonly<Record<ResilienceProfileName, Readonly<BreakerProfile>>> = {
  "api-key": {
    failureThreshold: 5,
    ratioThreshold: 0.5,
    ratioMinCalls: 20,
    windowMs: 60_000,
    openMs: 30_000,
    maxOpenMs: 600_000,
    probeTimeoutMs: 120_000,
  },
  // Subscription accounts are few and precious and their upstreams flap more; fewer failures trip the breaker,
  // and it waits longer before probing so a struggling subscription backend is not hammered.
  oauth: {
    failureThreshold: 3,
    ratioThreshold: 0.5,
    ratioMinCalls: 10,
    windowMs: 120_000,
    openMs: 60_000,
    maxOpenMs: 900_000,
    probeTimeoutMs: 180_000,
  },
};

export type AcquireResult =
  | { verdict: "allowed" }
  | { verdict: "probe" }
  | { verdict: "rejected"; retryAfterMs: number };

export interface BreakerSnapshot {
  providerId: string;
  profile: ResilienceProfileName;
  state: BreakerState;
  consecutiveFailures: number;
  windowCalls: number;
  windowFailures: number;
  /** Current wait used when (re)opening. */
  openMs: number;
  /** Epoch ms when an open breaker becomes half-open; absent unless open. */
  openUntil?: number;
  probeInFlight: boolean;
}

export interface CircuitBreakersOptions {
  now: () => number;
  /** Overrides per profile; missing fields keep the defaults. */
  profiles?: Partial<Record<ResilienceProfileName, Partial<BreakerProfile>>>;
  /** Which profile a provider uses (may be changed later with `setProfile`). Default: "api-key". */
  profileOf?: (providerId: string) => ResilienceProfileName;
}

// The window is kept as a handful of time buckets, so memory per provider is constant however busy it is.
const BUCKETS_PER_WINDOW = 10;
/** What a concurrent caller is told while the single probe is in flight. */
const PROBE_PENDING_RETRY_MS = 1_000;

interface Bucket {
  start: number;
  calls: number;
  failures: number;
}

interface Breaker {
  providerId: string;
  profileName: ResilienceProfileName;
  state: BreakerState;
  consecutiveFailures: number;
  buckets: Bucket[];
  currentOpenMs: number;
  openUntil: number;
  probeStartedAt: number | undefined;
}

export class CircuitBreakers {
  private readonly now: () => number;
  private readonly profiles: Record<ResilienceProfileName, BreakerProfile>;
  private readonly profileOf: (providerId: string) => ResilienceProfileName;
  private readonly profileOverrides = new Map<string, ResilienceProfileName>();
  private readonly breakers = new Map<string, Breaker>();

  constructor(options: CircuitBreakersOptions) {
    this.now = options.now;
    this.profiles = {
      "api-key": withDefaults(DEFAULT_BREAKER_PROFILES["api-key"], options.profiles?.["api-key"]),
      oauth: withDefaults(DEFAULT_BREAKER_PROFILES.oauth, options.profiles?.oauth),
    };
    this.profileOf = options.profileOf ?? (() => "api-key");
  }

  /** Assigns a provider's profile (e.g. from its config); resets its breaker so the new thresholds apply cleanly. */
  setProfile(providerId: string, profile: ResilienceProfileName): void {
    this.profileOverrides.set(providerId, profile);
    this.breakers.delete(providerId);
  }

  profileFor(providerId: string): BreakerProfile {
    return this.profiles[this.profileNameOf(providerId)];
  }

  /**
   * Asks to call the provider. "probe" is returned to exactly one caller per half-open period; everyone else is
   * rejected until that probe reports through onSuccess/onFailure.
   */
  tryAcquire(providerId: string): AcquireResult {
    const breaker = this.breakerFor(providerId);
    const now = this.now();
    this.advance(breaker, now);
    if (breaker.state === "closed") return { verdict: "allowed" };
    if (breaker.state === "open") return { verdict: "rejected", retryAfterMs: Math.max(1, breaker.openUntil - now) };
    const probeLost =
      breaker.probeStartedAt !== undefined && now - breaker.probeStartedAt >= this.profileFor(providerId).probeTimeoutMs;
    if (breaker.probeStartedAt === undefined || probeLost) {
      breaker.probeStartedAt = now;
      return { verdict: "probe" };
    }
    return { verdict: "rejected", retryAfterMs: PROBE_PENDING_RETRY_MS };
  }

  /** Current state after lazy transitions (open → half-open once the wait has passed). */
  stateOf(providerId: string): BreakerState {
    const breaker = this.breakers.get(providerId);
    if (!breaker) return "closed";
    this.advance(breaker, this.now());
    return breaker.state;
  }

  onSuccess(providerId: string): void {
    const breaker = this.breakerFor(providerId);
    const now = this.now();
    this.advance(breaker, now);
    if (breaker.state === "half-open") {
      // While half-open only the probe is admitted, so a reported outcome is the probe's.
      this.close(breaker);
      return;
    }
    this.record(breaker, now, false);
    if (breaker.state === "closed") breaker.consecutiveFailures = 0;
  }

  /**
   * `countable` is false for failures that say nothing about the provider's health (bad input, auth, rate limit):
   * they never trip the breaker, and in half-open they free the probe slot without closing the breaker.
   */
  onFailure(providerId: string, countable: boolean): void {
    const breaker = this.breakerFor(providerId);
    const now = this.now();
    this.advance(breaker, now);
    if (breaker.state === "half-open") {
      if (countable) {
        const profile = this.profileFor(providerId);
        breaker.currentOpenMs = Math.min(breaker.currentOpenMs * 2, profile.maxOpenMs);
        this.open(breaker, now);
      } else {
        breaker.probeStartedAt = undefined;
      }
      return;
    }
    if (!countable || breaker.state === "open") return;
    this.record(breaker, now, true);
    breaker.consecutiveFailures += 1;
    const profile = this.profileFor(providerId);
    const { calls, failures } = this.windowTotals(breaker, now);
    const ratioTripped = calls >= profile.ratioMinCalls && failures / calls >= profile.ratioThreshold;
    if (breaker.consecutiveFailures >= profile.failureThreshold || ratioTripped) this.open(breaker, now);
  }

  /** Resets one provider's breaker (or all of them) to closed with the base wait. */
  reset(providerId?: string): void {
    if (providerId === undefined) this.breakers.clear();
    else this.breakers.delete(providerId);
  }

  snapshot(): BreakerSnapshot[] {
    const now = this.now();
    return [...this.breakers.values()].map((breaker) => {
      this.advance(breaker, now);
      const { calls, failures } = this.windowTotals(breaker, now);
      return {
        providerId: breaker.providerId,
        profile: breaker.profileName,
        state: breaker.state,
        consecutiveFailures: breaker.consecutiveFailures,
        windowCalls: calls,
        windowFailures: failures,
        openMs: breaker.currentOpenMs,
        ...(breaker.state === "open" ? { openUntil: breaker.openUntil } : {}),
        probeInFlight: breaker.probeStartedAt !== undefined,
      };
    });
  }

  /**
   * A probe admitted by `tryAcquire` that made no upstream call after all (every account at its limit, deadline
   * or retry budget reached first): frees the probe slot at once instead of after `probeTimeoutMs`.
   */
  abandonProbe(providerId: string): void {
    const breaker = this.breakers.get(providerId);
    if (breaker !== undefined && breaker.state === "half-open") breaker.probeStartedAt = undefined;
  }

  /** Which resilience profile a provider runs under: subscription (oauth) or api-key. */
  profileNameOf(providerId: string): ResilienceProfileName {
    return this.profileOverrides.get(providerId) ?? this.profileOf(providerId);
  }

  private breakerFor(providerId: string): Breaker {
    let breaker = this.breakers.get(providerId);
    if (!breaker) {
      const profileName = this.profileNameOf(providerId);
      breaker = {
        providerId,
        profileName,
        state: "closed",
        consecutiveFailures: 0,
        buckets: [],
        currentOpenMs: this.profiles[profileName].openMs,
        openUntil: 0,
        probeStartedAt: undefined,
      };
      this.breakers.set(providerId, breaker);
    }
    return breaker;
  }

  private advance(breaker: Breaker, now: number): void {
    if (breaker.state === "open" && now >= breaker.openUntil) {
      breaker.state = "half-open";
      breaker.probeStartedAt = undefined;
    }
  }

  private open(breaker: Breaker, now: number): void {
    breaker.state = "open";
    breaker.openUntil = now + breaker.currentOpenMs;
    breaker.probeStartedAt = undefined;
    breaker.consecutiveFailures = 0;
    // The window that tripped the breaker must not re-trip it right after it closes.
    breaker.buckets = [];
  }

  private close(breaker: Breaker): void {
    breaker.state = "closed";
    breaker.currentOpenMs = this.profiles[breaker.profileName].openMs;
    breaker.probeStartedAt = undefined;
    breaker.consecutiveFailures = 0;
    breaker.buckets = [];
  }

  private record(breaker: Breaker, now: number, failed: boolean): void {
    const bucketMs = Math.max(1, Math.floor(this.profiles[breaker.profileName].windowMs / BUCKETS_PER_WINDOW));
    const start = now - (now % bucketMs);
    this.prune(breaker, now);
    let bucket = breaker.buckets[breaker.buckets.length - 1];
    if (!bucket || bucket.start !== start) {
      bucket = { start, calls: 0, failures: 0 };
      breaker.buckets.push(bucket);
    }
    bucket.calls += 1;
    if (failed) bucket.failures += 1;
  }

  private prune(breaker: Breaker, now: number): void {
    const windowMs = this.profiles[breaker.profileName].windowMs;
    while (breaker.buckets.length > 0 && breaker.buckets[0]!.start <= now - windowMs) breaker.buckets.shift();
  }

  private windowTotals(breaker: Breaker, now: number): { calls: number; failures: number } {
    this.prune(breaker, now);
    let calls = 0;
    let failures = 0;
    for (const bucket of breaker.buckets) {
      calls += bucket.calls;
      failures += bucket.failures;
    }
    return { calls, failures };
  }
}

/** The defaults, with each field the override sets (a field present but undefined keeps its default). */
function withDefaults(defaults: Readonly<BreakerProfile>, override: Partial<BreakerProfile> | undefined): BreakerProfile {
  const profile = { ...defaults };
  for (const [field, value] of Object.entries(override ?? {}) as [keyof BreakerProfile, number | undefined][]) {
    if (value !== undefined && field in defaults) profile[field] = value;
  }
  return profile;
}
