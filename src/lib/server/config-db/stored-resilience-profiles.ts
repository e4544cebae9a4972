import { z } from "zod";
import type { BreakerProfileSettings, GatewayPorts } from "../../../../open-sse/src/ports";

/**
 * One breaker profile's overrides as stored in db.json (`settings.resilience.profiles.apiKey|oauth`, written from
 * the config file's `resilience` section): only the fields set; the rest keep the engine's defaults
 * (open-sse/src/routing/circuit-breaker.ts). The config file's schema checks the bounds; this one only refuses
 * what the breaker could not run with.
 */
export const storedBreakerProfileSchema = z.object({
  failureThreshold: z.number().int().positive().optional(),
  ratioThreshold: z.number().positive().max(1).optional(),
  ratioMinCalls: z.number().int().positive().optional(),
  windowMs: z.number().int().positive().optional(),
  openMs: z.number().int().positive().optional(),
  maxOpenMs: z.number().int().positive().optional(),
  probeTimeoutMs: z.number().int().positive().optional(),
});

export const storedResilienceSchema = z.object({
  profiles: z.object({
    /** Providers called with API keys. */
    apiKey: storedBreakerProfileSchema.optional(),
    /** Subscription providers (an executor, or accounts signed in with OAuth). */
    oauth: storedBreakerProfileSchema.optional(),
  }),
});

export type StoredBreakerProfile = z.infer<typeof storedBreakerProfileSchema>;
export type StoredResilience = z.infer<typeof storedResilienceSchema>;

/** The stored profiles as the engine takes them (`GatewayPorts.resilienceProfiles`); undefined when none is set. */
export function resilienceProfilesOf(stored: StoredResilience | undefined): GatewayPorts["resilienceProfiles"] {
  const apiKey = definedFields(stored?.profiles.apiKey);
  const oauth = definedFields(stored?.profiles.oauth);
  if (apiKey === undefined && oauth === undefined) return undefined;
  return { ...(apiKey !== undefined ? { "api-key": apiKey } : {}), ...(oauth !== undefined ? { oauth } : {}) };
}

/** Only the fields that are set: the engine keeps its default for each one left out. */
function definedFields(profile: StoredBreakerProfile | undefined): Partial<BreakerProfileSettings> | undefined {
  if (profile === undefined) return undefined;
  const fields = Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as Partial<BreakerProfileSettings>;
  return Object.keys(fields).length === 0 ? undefined : fields;
}
