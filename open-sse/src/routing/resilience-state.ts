import { CircuitBreakers, type BreakerProfile, type BreakerSnapshot, type ResilienceProfileName } from "./circuit-breaker";
import { CooldownBook, type CooldownBookOptions, type CooldownEntry } from "./cooldown-book";
import { AccountLimiter, type AccountLimiterOptions } from "./account-limiter";
import { RetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from "./retry-budget";
import { SessionTable, type SessionTableOptions } from "./session-table";
import { SingleFlight } from "./single-flight";

/**
 * The engine's routing state in one place: cooldowns, per-provider breakers, the retry budget, a
 * single-flight group, per-account limits and the client sessions (sticky routing). Pure and clock-injected;
 * `snapshot()` and `reset()` back `/api/resilience`; `accountLimits` backs `/api/rate-limits` and `sessions`
 * `/api/sessions` (the host reaches all three through the one object it already holds).
 */

export interface ResilienceStateOptions {
  now: () => number;
  /** [0, 1) source for backoff jitter. Defaults to Math.random. */
  random?: () => number;
  profiles?: Partial<Record<ResilienceProfileName, Partial<BreakerProfile>>>;
  profileOf?: (providerId: string) => ResilienceProfileName;
  cooldowns?: Omit<CooldownBookOptions, "now" | "random">;
  retryBudget?: RetryBudgetOptions;
  sessions?: Omit<SessionTableOptions, "now">;
  accountLimits?: Omit<AccountLimiterOptions, "now">;
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
  /** Per-account concurrency and rate limits, auto-tuned on 429 (`/api/rate-limits`). */
  readonly accountLimits: AccountLimiter;
  /** Client sessions and the accounts they stick to; Responses ids and the accounts that issued them. */
  readonly sessions: SessionTable;
  snapshot(): ResilienceSnapshot;
  /**
   * Nothing given: resets every breaker, clears every cooldown and forgets 429 auto-tuning of account rates. providerId only: that provider's breaker and
   * all its cooldowns. accountId and/or model: only the matching cooldowns (breakers are per provider).
   */
  reset(request?: ResilienceResetRequest): { breakersReset: number; cooldownsCleared: number };
}

export function createResilienceState(options: ResilienceStateOptions): ResilienceState {
  const cooldowns = new CooldownBook({ ...options.cooldowns, now: options.now, random: options.random });
  const breakers = new CircuitBreakers({ now: options.now, profiles: options.profiles, profileOf: options.profileOf });
  const retryBudget = new RetryBudget(options.retryBudget);
  const singleFlight = new SingleFlight();
  const accountLimits = new AccountLimiter({ ...options.accountLimits, now: options.now });
  const sessions = new SessionTable({ ...options.sessions, now: options.now });

  return {
    cooldowns,
    breakers,
    retryBudget,
    singleFlight,
    accountLimits,
    sessions,
    snapshot: () => ({ breakers: breakers.snapshot(), cooldowns: cooldowns.list(), retryBudget: retryBudget.snapshot() }),
    reset: (request = {}) => {
      let breakersReset = 0;
      if (request.accountId === undefined && request.model === undefined) {
        const known = breakers.snapshot().map((breaker) => breaker.providerId);
        breakersReset = request.providerId === undefined ? known.length : known.includes(request.providerId) ? 1 : 0;
        breakers.reset(request.providerId);
      }
      const cooldownsCleared = cooldowns.clear(request);
      // A full reset also forgets 429 auto-tuning: the operator says the accounts are fine again.
      if (request.providerId === undefined && request.accountId === undefined && request.model === undefined) accountLimits.reset();
      return { breakersReset, cooldownsCleared };
    },
  };
}
