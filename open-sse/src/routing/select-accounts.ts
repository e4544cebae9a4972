import type { AccountRuntime } from "../ports";
import type { ResilienceState } from "./resilience-state";
import type { RouteTarget } from "./resolve-model";

/** An account the attempt loop may not call right now, and why (for the request log's attempt trail). */
export interface AccountLeftOut {
  account: AccountRuntime;
  reason: string;
}

/** Why a target has no account to call: the loop skips it and tells the outcome when it may recover. */
export interface TargetBlocked {
  reason: string;
  /** Milliseconds until the first account may be called again; undefined: unknown. */
  recoveryMs: number | undefined;
  /** Every account is out for a rate limit or a spent quota (the client then hears 429, not 503). */
  rateLimited: boolean;
}

export interface AccountSelection {
  /** The accounts that may be called now, in the order given. */
  usable: AccountRuntime[];
  leftOut: AccountLeftOut[];
  /** Set when `usable` is empty. */
  blocked?: TargetBlocked;
}

/**
 * Which of a target's accounts an attempt loop may call now: not cooling down (account, or this model on the
 * account) and with room under its concurrency and rate limits. An account at its limit is skipped like a cooling
 * one, never waited on. Reads in-memory state only.
 */
export function selectAccounts(resilience: ResilienceState, target: RouteTarget, candidates: readonly AccountRuntime[]): AccountSelection {
  const { cooldowns, accountLimits } = resilience;
  const providerId = target.provider.id;
  const model = target.upstreamModel;
  const leftOut: AccountLeftOut[] = [];
  const available: AccountRuntime[] = [];
  for (const account of candidates) {
    if (cooldowns.isAvailable(providerId, account.id, model)) available.push(account);
    // The cooldown's reason (auth-failed, quota, rate-limit…) says why in the trail.
    else leftOut.push({ account, reason: `cooling down: ${cooldowns.blockingEntry(providerId, account.id, model)?.reason ?? "unavailable"}` });
  }
  if (available.length === 0) {
    const rateLimited = candidates.every((account) => {
      const reason = cooldowns.blockingEntry(providerId, account.id, model)?.reason;
      return reason === "rate-limit" || reason === "quota";
    });
    const recoveryMs = cooldowns.soonestRecovery(candidates.map((account) => ({ providerId, accountId: account.id, model })));
    return { usable: [], leftOut, blocked: { reason: "every account is cooling down", recoveryMs, rateLimited } };
  }
  const usable: AccountRuntime[] = [];
  for (const account of available) {
    if (accountLimits.hasCapacity(providerId, account)) usable.push(account);
    else leftOut.push({ account, reason: "at its concurrency or rate limit" });
  }
  if (usable.length === 0) {
    const recoveryMs = accountLimits.soonestCapacity(providerId, available);
    return { usable, leftOut, blocked: { reason: "every account is at its concurrency or rate limit", recoveryMs, rateLimited: true } };
  }
  return { usable, leftOut };
}
