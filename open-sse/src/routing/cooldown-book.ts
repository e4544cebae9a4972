/**
 * Per-account and per-(account, model) cooldowns plus the long `auth-failed` state. Pure: every time read goes
 * through the injected clock and jitter through the injected random source, so tests drive it exactly.
 *
 * Expired entries are treated as gone the moment they expire (checked and deleted on read), so a cooldown can
 * never outlive its `until` — the "stale for days after the quota reset" bug of our peers.
 */

export type CooldownScope = "account" | "model";
export type CooldownKind = "account" | "model" | "auth-failed";

export interface CooldownRequest {
  providerId: string;
  accountId: string;
  /** Required when scope is "model"; ignored for "account". */
  model?: string;
  scope: CooldownScope;
  reason: string;
  /** From Retry-After and friends; when absent the per-key exponential backoff decides. */
  retryAfterMs?: number;
}

export interface CooldownEntry {
  providerId: string;
  accountId: string;
  model?: string;
  reason: string;
  /** Epoch milliseconds (by the injected clock) when the entry stops applying. */
  until: number;
  kind: CooldownKind;
}

export interface AccountKey {
  providerId: string;
  accountId: string;
  /** When given, the (account, model) cooldown is considered as well. */
  model?: string;
}

export interface CooldownFilter {
  providerId?: string;
  accountId?: string;
  /** When given, only model-scoped entries for this model are cleared. */
  model?: string;
}

export interface CooldownBookOptions {
  now: () => number;
  /** Returns [0, 1); drives backoff jitter. Defaults to Math.random. */
  random?: () => number;
  minCooldownMs?: number;
  maxCooldownMs?: number;
  /** First backoff step; doubles per consecutive failure of the same key. */
  baseBackoffMs?: number;
  /** ± fraction applied to computed backoff (not to upstream-provided Retry-After). 0 disables jitter. */
  jitterRatio?: number;
  authFailedMs?: number;
  /**
   * How long a model the upstream called missing or unsupported (404, "model not supported", no access) stays
   * skipped on that account when the upstream gave no Retry-After: a model-availability record with a TTL,
   * long enough not to re-ask on every request, short enough to notice a model being enabled.
   */
  modelUnavailableMs?: number;
  /** Above this many stored entries a write sweeps expired ones, keeping memory bounded. */
  sweepThreshold?: number;
}

interface BackoffCounter {
  failures: number;
  lastFailureAt: number;
}

const SECOND = 1_000;
const HOUR = 3_600_000;
/** The longest `holdUntil`: past the longest quota window a provider has (a calendar month). */
export const MAX_HOLD_MS = 32 * 24 * HOUR;

export const COOLDOWN_DEFAULTS = {
  minCooldownMs: SECOND,
  maxCooldownMs: HOUR,
  baseBackoffMs: SECOND,
  jitterRatio: 0.1,
  authFailedMs: 24 * HOUR,
  modelUnavailableMs: 5 * 60 * SECOND,
  sweepThreshold: 1_024,
} as const;

// NUL cannot appear in provider ids, account ids or model names, so composite keys never collide.
const SEPARATOR = "\u0000";
const accountKeyOf = (providerId: string, accountId: string) => providerId + SEPARATOR + accountId;
const modelKeyOf = (providerId: string, accountId: string, model: string) =>
  providerId + SEPARATOR + accountId + SEPARATOR + model;

export class CooldownBook {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly settings: Required<Omit<CooldownBookOptions, "now" | "random">>;
  private readonly accountCooldowns = new Map<string, CooldownEntry>();
  private readonly modelCooldowns = new Map<string, CooldownEntry>();
  private readonly authFailures = new Map<string, CooldownEntry>();
  private readonly backoff = new Map<string, BackoffCounter>();

  constructor(options: CooldownBookOptions) {
    this.now = options.now;
    this.random = options.random ?? Math.random;
    this.settings = {
      minCooldownMs: options.minCooldownMs ?? COOLDOWN_DEFAULTS.minCooldownMs,
      maxCooldownMs: options.maxCooldownMs ?? COOLDOWN_DEFAULTS.maxCooldownMs,
      baseBackoffMs: options.baseBackoffMs ?? COOLDOWN_DEFAULTS.baseBackoffMs,
      jitterRatio: options.jitterRatio ?? COOLDOWN_DEFAULTS.jitterRatio,
      authFailedMs: options.authFailedMs ?? COOLDOWN_DEFAULTS.authFailedMs,
      modelUnavailableMs: options.modelUnavailableMs ?? COOLDOWN_DEFAULTS.modelUnavailableMs,
      sweepThreshold: options.sweepThreshold ?? COOLDOWN_DEFAULTS.sweepThreshold,
    };
  }

  /** Cools an account (or one model on it) down; returns the entry written. */
  coolDown(request: CooldownRequest): CooldownEntry {
    const now = this.now();
    const isModel = request.scope === "model";
    if (isModel && !request.model) throw new Error("coolDown: scope 'model' needs a model");
    const key = isModel
      ? modelKeyOf(request.providerId, request.accountId, request.model!)
      : accountKeyOf(request.providerId, request.accountId);

    const failures = this.bumpBackoff(key, now);
    // A NaN hint (unparseable header) falls back to backoff; Infinity is clamped to the maximum.
    const hint = request.retryAfterMs;
    const durationMs = this.clamp(hint === undefined || Number.isNaN(hint) ? this.backoffFor(failures) : hint);
    const until = now + durationMs;
    const entry: CooldownEntry = {
      providerId: request.providerId,
      accountId: request.accountId,
      ...(isModel ? { model: request.model } : {}),
      reason: request.reason,
      until,
      kind: isModel ? "model" : "account",
    };
    const target = isModel ? this.modelCooldowns : this.accountCooldowns;
    // A shorter new cooldown never shortens an existing, longer one (e.g. a quota window already known).
    const existing = target.get(key);
    if (existing && existing.until > until) {
      target.set(key, { ...entry, until: existing.until, reason: existing.reason });
    } else {
      target.set(key, entry);
    }
    this.sweepIfLarge(now);
    return target.get(key)!;
  }

  /**
   * Holds an account (or one model on it) until an exact time: a quota window that is spent until its reset
   * (an upstream's reset header, a quota endpoint, or a configured window the host counts). Not clamped to the
   * backoff maximum — a weekly window really is days away — but bounded by `MAX_HOLD_MS` against a bogus date.
   * Like every entry it disappears the moment `until` passes, so the account is re-checked on time.
   */
  holdUntil(request: { providerId: string; accountId: string; model?: string; until: number; reason: string }): CooldownEntry | undefined {
    const now = this.now();
    if (!Number.isFinite(request.until) || request.until <= now) return undefined;
    const until = Math.min(request.until, now + MAX_HOLD_MS);
    const isModel = request.model !== undefined;
    const key = isModel ? modelKeyOf(request.providerId, request.accountId, request.model!) : accountKeyOf(request.providerId, request.accountId);
    const target = isModel ? this.modelCooldowns : this.accountCooldowns;
    const existing = target.get(key);
    if (existing !== undefined && existing.until >= until) return existing;
    const entry: CooldownEntry = {
      providerId: request.providerId,
      accountId: request.accountId,
      ...(isModel ? { model: request.model } : {}),
      reason: request.reason,
      until,
      kind: isModel ? "model" : "account",
    };
    target.set(key, entry);
    this.sweepIfLarge(now);
    return entry;
  }

  /** A model the upstream said is missing or unsupported on this account: skipped for the availability TTL. */
  markModelUnavailable(providerId: string, accountId: string, model: string, retryAfterMs?: number): CooldownEntry {
    return this.coolDown({
      providerId,
      accountId,
      model,
      scope: "model",
      reason: "model-unavailable",
      retryAfterMs: retryAfterMs ?? this.settings.modelUnavailableMs,
    });
  }

  /** Revoked/invalid credentials: not transient, so it lasts until cleared (or the auth-failed window ends). */
  markAuthFailed(providerId: string, accountId: string, reason = "auth-failed"): CooldownEntry {
    const now = this.now();
    const entry: CooldownEntry = { providerId, accountId, reason, until: now + this.settings.authFailedMs, kind: "auth-failed" };
    this.authFailures.set(accountKeyOf(providerId, accountId), entry);
    this.sweepIfLarge(now);
    return entry;
  }

  /** A success resets the backoff ladder for the account and for that (account, model). */
  recordSuccess(providerId: string, accountId: string, model?: string): void {
    this.backoff.delete(accountKeyOf(providerId, accountId));
    if (model !== undefined) this.backoff.delete(modelKeyOf(providerId, accountId, model));
  }

  isAvailable(providerId: string, accountId: string, model?: string): boolean {
    return this.availableAt({ providerId, accountId, model }, this.now()) === undefined;
  }

  /** The live entry blocking this account/model, most restrictive first; undefined when available. */
  blockingEntry(providerId: string, accountId: string, model?: string): CooldownEntry | undefined {
    const now = this.now();
    const candidates = [
      this.live(this.authFailures, accountKeyOf(providerId, accountId), now),
      this.live(this.accountCooldowns, accountKeyOf(providerId, accountId), now),
      model === undefined ? undefined : this.live(this.modelCooldowns, modelKeyOf(providerId, accountId, model), now),
    ].filter((entry): entry is CooldownEntry => entry !== undefined);
    return candidates.sort((left, right) => right.until - left.until)[0];
  }

  /**
   * Milliseconds until the first of the given accounts becomes available: 0 if one already is, undefined for an
   * empty list. Used as `retry-after` on an all-cooling 503/429.
   */
  soonestRecovery(keys: readonly AccountKey[]): number | undefined {
    const now = this.now();
    let soonest: number | undefined;
    for (const key of keys) {
      const at = this.availableAt(key, now);
      if (at === undefined) return 0;
      const waitMs = at - now;
      if (soonest === undefined || waitMs < soonest) soonest = waitMs;
    }
    return soonest;
  }

  /** Every live entry (expired ones are deleted on the way), for `/api/resilience`. */
  list(): CooldownEntry[] {
    const now = this.now();
    this.sweep(now);
    return [...this.authFailures.values(), ...this.accountCooldowns.values(), ...this.modelCooldowns.values()].map(
      (entry) => ({ ...entry }),
    );
  }

  /**
   * Clears matching entries and their backoff counters. No filter clears everything; `model` restricts the clear
   * to model-scoped entries for that model.
   */
  clear(filter: CooldownFilter = {}): number {
    let removed = 0;
    const matches = (entry: { providerId: string; accountId: string; model?: string }) =>
      (filter.providerId === undefined || entry.providerId === filter.providerId) &&
      (filter.accountId === undefined || entry.accountId === filter.accountId) &&
      (filter.model === undefined || entry.model === filter.model);
    const maps = filter.model === undefined
      ? [this.authFailures, this.accountCooldowns, this.modelCooldowns]
      : [this.modelCooldowns];
    for (const map of maps) {
      for (const [key, entry] of map) {
        if (matches(entry)) {
          map.delete(key);
          this.backoff.delete(key);
          removed += 1;
        }
      }
    }
    if (filter.providerId === undefined && filter.accountId === undefined && filter.model === undefined) {
      this.backoff.clear();
    }
    return removed;
  }

  /** Number of stored entries and counters (live or not yet swept); for memory-bound tests and metrics. */
  get size(): number {
    return this.accountCooldowns.size + this.modelCooldowns.size + this.authFailures.size + this.backoff.size;
  }

  private availableAt(key: AccountKey, now: number): number | undefined {
    const accountKey = accountKeyOf(key.providerId, key.accountId);
    let latest: number | undefined;
    const consider = (entry: CooldownEntry | undefined) => {
      if (entry && (latest === undefined || entry.until > latest)) latest = entry.until;
    };
    consider(this.live(this.authFailures, accountKey, now));
    consider(this.live(this.accountCooldowns, accountKey, now));
    if (key.model !== undefined) {
      consider(this.live(this.modelCooldowns, modelKeyOf(key.providerId, key.accountId, key.model), now));
    }
    return latest;
  }

  private live(map: Map<string, CooldownEntry>, key: string, now: number): CooldownEntry | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  private bumpBackoff(key: string, now: number): number {
    const counter = this.backoff.get(key);
    // A key that has not failed for longer than the longest cooldown starts the ladder again.
    const stale = counter !== undefined && now - counter.lastFailureAt > this.settings.maxCooldownMs * 2;
    const failures = counter && !stale ? counter.failures + 1 : 1;
    this.backoff.set(key, { failures, lastFailureAt: now });
    return failures;
  }

  private backoffFor(failures: number): number {
    // 2^(failures-1) steps; the exponent is capped so huge failure counts cannot overflow to Infinity.
    const exponent = Math.min(failures - 1, 40);
    const raw = Math.min(this.settings.baseBackoffMs * 2 ** exponent, this.settings.maxCooldownMs);
    const jitter = this.settings.jitterRatio * (this.random() * 2 - 1);
    return raw * (1 + jitter);
  }

  private clamp(durationMs: number): number {
    const finite = Number.isFinite(durationMs) ? durationMs : this.settings.maxCooldownMs;
    return Math.round(Math.min(Math.max(finite, this.settings.minCooldownMs), this.settings.maxCooldownMs));
  }

  private sweepIfLarge(now: number): void {
    if (this.size > this.settings.sweepThreshold) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const map of [this.authFailures, this.accountCooldowns, this.modelCooldowns]) {
      for (const [key, entry] of map) if (entry.until <= now) map.delete(key);
    }
    for (const [key, counter] of this.backoff) {
      if (now - counter.lastFailureAt > this.settings.maxCooldownMs * 2) this.backoff.delete(key);
    }
  }
}
