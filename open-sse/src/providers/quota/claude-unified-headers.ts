import type { IncomingHttpHeaders } from "node:http";
import { clampPercent, epochMillis, headerValue, numberValue, percentWindow, type QuotaObservation } from "./quota-observation";

/**
 * Claude subscription (Pro/Max) quota, read off the `anthropic-ratelimit-unified-*` headers Anthropic sends on
 * every Messages answer to an OAuth token, successes and 429s alike:
 *
 *   anthropic-ratelimit-unified-5h-utilization: 0.05        fraction used, 0..1 (Claude Code's status line × 100)
 *   anthropic-ratelimit-unified-5h-reset:       1790814600  epoch seconds
 *   anthropic-ratelimit-unified-5h-status:      allowed | allowed_warning | rejected
 *   anthropic-ratelimit-unified-7d-*                        the weekly window
 *   anthropic-ratelimit-unified-7d_oi-*, -7d_sonnet-*       weekly caps that apply to some models only
 *   anthropic-ratelimit-unified-status / -reset             the binding window, summarised
 *   anthropic-ratelimit-unified-representative-claim        five_hour | seven_day: which window binds
 *   anthropic-ratelimit-unified-overage-*, -fallback-*      pay-as-you-go extra usage: not a window
 *
 * Sources: router-for-me/CLIProxyAPI internal/runtime/executor/helps/claude_ratelimit.go (statuses, resets,
 * the model-only 7d_oi window), and header captures from Max-plan responses published with open-source usage
 * monitors (utilization is a 0..1 fraction, resets are epoch seconds).
 *
 * A window whose status is `rejected` reads as 100 % used whatever its utilization says: a refused request means
 * the window is spent, and it must never look as if it had room.
 */
const PREFIX = "anthropic-ratelimit-unified-";
const FIELDS = ["utilization", "reset", "status"] as const;
/** Suffixes that describe the account as a whole, not a window. */
const NOT_A_WINDOW = new Set(["overage", "fallback", "representative", "reset", "status"]);
const CLAIMS: Readonly<Record<string, string>> = { five_hour: "5h", seven_day: "7d" };

export function claudeQuotaFromHeaders(headers: IncomingHttpHeaders, _now: number): QuotaObservation[] | undefined {
  const keys = new Set<string>();
  for (const name of Object.keys(headers)) {
    if (!name.startsWith(PREFIX)) continue;
    const rest = name.slice(PREFIX.length);
    for (const field of FIELDS) {
      if (!rest.endsWith(`-${field}`)) continue;
      const key = rest.slice(0, -field.length - 1);
      if (key !== "" && !NOT_A_WINDOW.has(key.split("-")[0]!)) keys.add(key);
    }
  }
  const windows = new Map<string, QuotaObservation>();
  for (const key of keys) {
    const read = (field: string) => headerValue(headers, `${PREFIX}${key}-${field}`);
    const utilization = numberValue(read("utilization"));
    const status = read("status")?.toLowerCase();
    const usedPercent = status === "rejected" ? 100 : utilization === undefined ? null : clampPercent(utilization * 100);
    if (usedPercent === null && status === undefined) continue;
    windows.set(key, percentWindow(windowName(key), usedPercent, epochMillis(read("reset")) ?? null, modelOnly(key) ? "model" : undefined));
  }

  // Only the summary may say the account was refused: mark the window it names (or a summary window) as spent.
  if (headerValue(headers, `${PREFIX}status`)?.toLowerCase() === "rejected" && ![...windows.values()].some((window) => window.usedPercent === 100)) {
    const claimed = CLAIMS[headerValue(headers, `${PREFIX}representative-claim`) ?? ""];
    const resetsAt = epochMillis(headerValue(headers, `${PREFIX}reset`)) ?? null;
    const existing = claimed === undefined ? undefined : windows.get(claimed);
    if (existing !== undefined) {
      windows.set(claimed!, { ...existing, usedPercent: 100, used: 100, limit: 100, resetsAt: existing.resetsAt ?? resetsAt });
    } else {
      windows.set("unified", percentWindow(claimed === undefined ? "unified" : windowName(claimed), 100, resetsAt));
    }
  }
  return windows.size === 0 ? undefined : [...windows.values()];
}

/** `5h` stays `5h`, `7d` is `weekly`, `7d_oi` is `weekly-oi`; anything new keeps Anthropic's own name. */
function windowName(key: string): string {
  if (key === "7d") return "weekly";
  const weekly = /^7d_(.+)$/.exec(key);
  return weekly ? `weekly-${weekly[1]}` : key;
}

/** `7d_oi`, `7d_sonnet`, `7d_opus`: caps of some models only (a spent one leaves the account's other models usable). */
function modelOnly(key: string): boolean {
  return /^\d+[hd]_/.test(key);
}
