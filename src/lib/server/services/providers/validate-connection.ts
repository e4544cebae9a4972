import { z } from "zod";
import { baseUrlSchema, parseProviderInput, providerApiKeySchema } from "./provider-input";
import { probeTargetFor } from "./probe-target";
import type { ProvidersDependencies } from "./providers-dependencies";
import { runProbe, type ProbeResult } from "./run-probe";
import { createGuardedTransport } from "./upstream-transport";

export const validateConnectionInputSchema = z.strictObject({
  provider: z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters"),
  apiKey: providerApiKeySchema,
  baseUrl: baseUrlSchema.optional(),
  /** Only to check a node that does not exist yet (with `baseUrl`). */
  apiFormat: z.enum(["openai-chat", "openai-responses", "anthropic-messages"]).optional(),
});

/** `POST /api/providers/validate`: the `/test` probe for a key before it is saved. Nothing is stored. */
export async function validateConnection(dependencies: ProvidersDependencies, input: unknown): Promise<ProbeResult> {
  const fields = parseProviderInput(validateConnectionInputSchema, input);
  const target = probeTargetFor(dependencies.configDb.read(), {
    providerId: fields.provider,
    apiKey: fields.apiKey,
    ...(fields.baseUrl === undefined ? {} : { baseUrl: fields.baseUrl }),
    ...(fields.apiFormat === undefined ? {} : { apiFormat: fields.apiFormat }),
  }, dependencies.storageKey);
  return runProbe(dependencies.transport ?? createGuardedTransport(() => dependencies.configDb.read().settings.allowLocalUpstreams), target);
}
