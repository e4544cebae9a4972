import { CircuitBreakers, type BreakerProfile, type BreakerSnapshot, type ResilienceProfileName } from "./circuit-breaker";
import { CooldownBook, type CooldownBookOptions, type CooldownEntry } from "./cooldown-book";
import { RetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from "./retry-budget";
import { SingleFlight } from "./single-flight";

/**
 * The engine's resilience state in one place: cooldowns, per-provider breakers, the retry budget and a
 * single-flight group. Pure and clock-injected; `snapshot()` and `reset()` back the `/api/resilience` route.
 */

export interface ResilienceStateOptions {
  now: () => number;
  /** [0, 1) source for backoff jitter. Defaults to Math.random. */
  random?: () => number;
  profiles?: Partial<Record<ResilienceProfileName, Partial<BreakerProfile>>>;
  profileOf?: (providerId: string) => ResilienceProfileName;
  cooldowns?: Omit<CooldownBookOptions, "now" | "random">;
  retryBudget?: RetryBudgetOptions;
}

export interface ResilienceSnapshot {
  breakers: BreakerSnapshot[];
  cooldowns: CooldownEntry[];
  retryBudget: RetryBudgetSnapshot;
}

export interface ResilienceResetRequest {
  providerId?: string;
  accountId?: string;
  model?: string;
}

export interface ResilienceState {
  readonly cooldowns: CooldownBook;
  readonly breakers: CircuitBreakers;
  readonly retryBudget: RetryBudget;
  readonly singleFlight: SingleFlight;
  snapshot(): ResilienceSnapshot;
  /**
   * Nothing given: resets every breaker and clears every cooldown. providerId only: that provider's breaker and
   * all its cooldowns. accountId and/or model: only the matching cooldowns (breakers are per provider).
   */
  reset(request?: ResilienceResetRequest): { breakersReset: number; cooldownsCleared: number };
}

export function createResilienceState(options: ResilienceStateOptions): ResilienceState {
  const cooldowns = new CooldownBook({ ...options.cooldowns, now: options.now, random: options.random });
  const breakers = new CircuitBreakers({ now: options.now, profiles: options.profiles, profileOf: options.profileOf });
  const retryBudget = new RetryBudget(options.retryBudget);
  const singleFlight = new SingleFlight();

  return {
    cooldowns,
    breakers,
    retryBudget,
    singleFlight,
    snapshot: () => ({ breakers: breakers.snapshot(), cooldowns: cooldowns.list(), retryBudget: retryBudget.snapshot() }),
    reset: (request = {}) => {
      let breakersReset = 0;
      if (request.accountId === undefined && request.model === undefined) {
        const known = breakers.snapshot().map((breaker) => breaker.providerId);
        breakersReset = request.providerId === undefined ? known.length : known.includes(request.providerId) ? 1 : 0;
        breakers.reset(request.providerId);
      }
      const cooldownsCleared = cooldowns.clear(request);
      return { breakersReset, cooldownsCleared };
    },
  };
}
