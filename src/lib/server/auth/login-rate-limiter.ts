/**
 * Per-client-IP login throttle, in memory. The first FREE_FAILURES failures cost nothing; each further one
 * blocks the address for BASE_DELAY_MS · 2^(extra failures), up to MAX_DELAY_MS. A success clears the entry;
 * a quiet period of FORGET_AFTER_MS forgets it. The map is bounded so a flood of addresses cannot exhaust
 * memory: when full, the least recently touched entries go first.
 */
export const FREE_FAILURES = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export interface LoginRateLimiter {
  /** Zero when the address may try now; else how long it must wait. */
  retryAfterMs(ip: string): number;
  recordFailure(ip: string): void;
  recordSuccess(ip: string): void;
  /** Entries currently held (for tests). */
  readonly size: number;
}

interface Entry {
  failures: number;
  blockedUntil: number;
  lastFailureAt: number;
}

export function createLoginRateLimiter(options: { now?: () => number; maxEntries?: number } = {}): LoginRateLimiter {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const entries = new Map<string, Entry>();

  const current = (ip: string): Entry | undefined => {
    const entry = entries.get(ip);
    if (entry !== undefined && now() - entry.lastFailureAt > FORGET_AFTER_MS && now() >= entry.blockedUntil) {
      entries.delete(ip);
      return undefined;
    }
    return entry;
  };

  return {
    retryAfterMs(ip) {
      const entry = current(ip);
      return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now());
    },
    recordFailure(ip) {
      const at = now();
      const entry = current(ip) ?? { failures: 0, blockedUntil: 0, lastFailureAt: at };
      entry.failures += 1;
      entry.lastFailureAt = at;
      if (entry.failures >= FREE_FAILURES) {
        const doublings = Math.min(entry.failures - FREE_FAILURES, 20);
        entry.blockedUntil = at + Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** doublings);
      }
      // Re-insert so Map order is least-recently-touched first.
      entries.delete(ip);
      entries.set(ip, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    recordSuccess(ip) {
      entries.delete(ip);
    },
    get size() {
      return entries.size;
    },
  };
}
