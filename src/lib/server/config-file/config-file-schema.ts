import { z } from "zod";
import { getBuiltInProvider } from "../../../../open-sse/src/providers/built-in-providers";
import { DEFAULT_BREAKER_PROFILES } from "../../../../open-sse/src/routing/circuit-breaker";
import {
  MAX_SYSTEM_PROMPT_BYTES,
  MAX_THINKING_BUDGET_TOKENS,
  MAX_THINKING_MODEL_ENTRIES,
  REASONING_EFFORT_SETTINGS,
  THINKING_MODEL_KEY_PATTERN,
} from "../config-db/config-db-schema";
import { proxyFieldsSchema } from "./proxy-fields";
import { oauthOverridesSchema } from "../oauth/oauth-overrides-schema";
import { upstreamUrlProblems } from "./upstream-url-problems";

export const providerIdPattern = /^[a-z0-9][a-z0-9-_.]*$/i;

const nonEmpty = z.string().min(1, "must not be empty");
/** Model and combo names end up in headers and logs: printable ASCII, as the engine accepts them. */
const modelName = z.string().regex(/^[\x21-\x7e]{1,256}$/, "must be 1–256 printable characters without spaces");
/** Names end up in logs and response headers: printable, one line. */
const displayableName = nonEmpty.max(100, "must be at most 100 characters").regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

/**
 * The translation settings, as the config file and the `/api/settings/*` routes accept them (one definition,
 * so both refuse the same things with the same messages). Bounds come from the stored schema.
 */
export const thinkingPolicyInputSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("passthrough") }),
  z.strictObject({
    mode: z.literal("budget"),
    budgetTokens: z
      .number()
      .int("must be an integer")
      .min(0, "must be at least 0")
      .max(MAX_THINKING_BUDGET_TOKENS, `must be at most ${MAX_THINKING_BUDGET_TOKENS}`),
  }),
  z.strictObject({ mode: z.literal("effort"), effort: z.enum(REASONING_EFFORT_SETTINGS) }),
]);

const thinkingModelKey = z
  .string()
  .regex(THINKING_MODEL_KEY_PATTERN, "model keys must be 1–256 printable characters without spaces")
  .refine((key) => key !== "__proto__", "model key is reserved");

export const thinkingSettingsInputSchema = z.strictObject({
  global: thinkingPolicyInputSchema,
  perModel: z
    .record(thinkingModelKey, thinkingPolicyInputSchema)
    .refine((entries) => Object.keys(entries).length <= MAX_THINKING_MODEL_ENTRIES, `must have at most ${MAX_THINKING_MODEL_ENTRIES} entries`),
});

export const systemPromptTextSchema = z
  .string()
  .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_SYSTEM_PROMPT_BYTES, `must be at most ${MAX_SYSTEM_PROMPT_BYTES} bytes`);

/** A quota the user declares for an account (`quotaWindows`); the same shape the management API takes. */
export const quotaWindowInputSchema = z.strictObject({
  name: displayableName,
  kind: z.enum(["rolling-5h", "daily", "weekly", "monthly"]),
  unit: z.enum(["requests", "tokens"]),
  limit: z.number().int("must be an integer").positive("must be positive").optional(),
  resetHour: z.number().int("must be an integer").min(0, "must be 0–23").max(23, "must be 0–23").optional(),
  resetWeekday: z.number().int("must be an integer").min(0, "must be 0 (Sunday) – 6 (Saturday)").max(6, "must be 0 (Sunday) – 6 (Saturday)").optional(),
  resetDay: z.number().int("must be an integer").min(1, "must be 1–28").max(28, "must be 1–28").optional(),
});

export const quotaReservePercentSchema = z.number().min(0, "must be 0–100").max(100, "must be 0–100");

/** A whole number within bounds, with messages that name them. */
const integerWithin = (min: number, max: number) =>
  z.number().int("must be an integer").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/**
 * One circuit-breaker profile (`resilience.profiles.apiKey` / `.oauth`): each field left out keeps the engine's
 * default (open-sse/src/routing/circuit-breaker.ts `DEFAULT_BREAKER_PROFILES`).
 */
export const breakerProfileInputSchema = z.strictObject({
  /** Consecutive failures (5xx, timeouts, network faults) that open the breaker. */
  failureThreshold: integerWithin(1, 1_000).optional(),
  /** The failure ratio over `windowMs` that opens it, once `ratioMinCalls` calls were seen. */
  ratioThreshold: z.number().gt(0, "must be greater than 0").max(1, "must be at most 1").optional(),
  ratioMinCalls: integerWithin(1, 100_000).optional(),
  windowMs: integerWithin(1_000, 86_400_000).optional(),
  /** The first wait before one probe is let through; doubled after each failed probe, up to `maxOpenMs`. */
  openMs: integerWithin(100, 86_400_000).optional(),
  maxOpenMs: integerWithin(100, 86_400_000).optional(),
  /** A probe that never reports back stops blocking the next one after this long. */
  probeTimeoutMs: integerWithin(1_000, 3_600_000).optional(),
});

export type BreakerProfileInput = z.infer<typeof breakerProfileInputSchema>;

/** A custom model id as the upstream takes it (may contain `/`). */
export const customModelIdSchema = modelName;
export const customModelTypeSchema = z.enum(["chat", "embedding", "image"]);

const accountSchema = z.strictObject({
  name: displayableName.optional(),
  apiKey: nonEmpty,
  baseUrl: z.string().optional(),
  priority: z.number().int("must be an integer").optional(),
  /** Requests in flight at once on this account (a stream counts until it ends); absent: no cap. */
  maxConcurrent: z.number().int("must be an integer").min(1, "must be at least 1").max(100_000, "must be at most 100000").optional(),
  /** Requests started per minute on this account; absent: none (a 429 still tunes one in for API keys). */
  requestsPerMinute: z.number().int("must be an integer").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000").optional(),
  /** False keeps the account stored but never calls it. Absent: left as stored (new accounts: enabled). */
  enabled: z.boolean().optional(),
  /** This account's own outbound proxy; null removes it. Absent: left as stored. */
  proxy: proxyFieldsSchema.nullable().optional(),
  /** Stop using the account at this percent of quota left. Absent: left as stored. */
  quotaReservePercent: quotaReservePercentSchema.optional(),
  quotaWindows: z.array(quotaWindowInputSchema).max(20, "must list at most 20 windows").optional(),
});

const providerSchema = z.strictObject({
  id: z.string().regex(providerIdPattern, "must start with a letter or digit and contain only letters, digits, -, _ and ."),
  type: z.enum(["openai-compatible", "anthropic-compatible"]).optional(),
  apiFormat: z.enum(["chat", "responses"]).optional(),
  displayName: displayableName.optional(),
  baseUrl: z.string().optional(),
  models: z.array(nonEmpty).optional(),
  strategy: z.enum(["round-robin", "priority"]).optional(),
  /** Overrides `limits.firstByteTimeoutMs` / `limits.idleTimeoutMs` for this provider. */
  timeouts: z
    .strictObject({
      firstByteMs: z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").optional(),
      idleMs: z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").optional(),
    })
    .optional(),
  accounts: z.array(accountSchema).optional(),
  /** False keeps the provider stored but never calls it. Absent: left as stored (new providers: enabled). */
  enabled: z.boolean().optional(),
  /** True: routable but left out of /v1/models. Absent: left as stored. */
  hideFromModelList: z.boolean().optional(),
  /** This provider's outbound proxy (else the global one); null removes it. Absent: left as stored. */
  proxy: proxyFieldsSchema.nullable().optional(),
  /** Models added to this provider, typed; the file's list replaces the stored one. Absent: left as stored. */
  customModels: z
    .array(
      z.strictObject({
        id: customModelIdSchema,
        name: displayableName.optional(),
        type: customModelTypeSchema.optional(),
      }),
    )
    .max(2_000, "must list at most 2000 models")
    .optional(),
});

const baseConfigFileSchema = z.strictObject({
  server: z
    .strictObject({
      port: z.number().int("must be an integer").min(1, "must be between 1 and 65535").max(65535, "must be between 1 and 65535").optional(),
      host: nonEmpty.optional(),
      requireApiKey: z.boolean().optional(),
      /** Extra Host names for the dashboard (DNS-rebinding allowlist); also env ALLOWED_HOSTS. */
      allowedHosts: z.array(nonEmpty.regex(/^(?:[a-z0-9.\-_]+|\[[0-9a-f:.]+\])$/i, "must be a host name or IP, without scheme, port or path")).optional(),
      /** Browser origins allowed to call /v1 (CORS). `"*"` allows any origin. */
      cors: z
        .strictObject({
          origins: z.array(nonEmpty.regex(/^(?:\*|https?:\/\/[^/\s]+)$/i, 'must be "*" or an origin like https://app.example')),
        })
        .optional(),
    })
    .optional(),
  security: z.strictObject({ allowLocalUpstreams: z.boolean().optional() }).optional(),
  limits: z
    .strictObject({
      maxBodyBytes: z.number().int("must be an integer").positive("must be positive").optional(),
      /** Until the upstream's response headers arrive. */
      firstByteTimeoutMs: z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").optional(),
      /** Longest silence between two chunks of an upstream response. */
      idleTimeoutMs: z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").optional(),
      /** All attempts of one request together, before its first byte (timeouts do not add up across a combo). */
      routingDeadlineMs: z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").optional(),
      /** A client session (sticky routing, /api/sessions) ends after this long without a request. Default 2 h. */
      sessionIdleMs: z.number().int("must be an integer").min(1_000, "must be at least 1000").max(604_800_000, "must be at most 604800000").optional(),
    })
    .optional(),
  apiKeys: z.array(z.strictObject({ name: displayableName, key: nonEmpty })).optional(),
  providers: z.array(providerSchema).optional(),
  combos: z
    .array(
      z.strictObject({
        name: z.string().regex(providerIdPattern, "must start with a letter or digit and contain only letters, digits, -, _ and ."),
        models: z.array(nonEmpty).min(1, "must list at least one model"),
        /** priority (the default): members in order; round-robin: the leading member rotates per request. */
        strategy: z.enum(["priority", "round-robin"]).optional(),
        /** One positive integer per model; only round-robin uses them. */
        weights: z.array(z.number().int("must be an integer").positive("must be positive")).optional(),
        /** Outbound proxy for this combo's calls; null removes it. Absent: left as stored. */
        proxy: proxyFieldsSchema.nullable().optional(),
      }),
    )
    .optional(),
  /** What is added to or changed in every generation request; the same settings as `/api/settings/*`. */
  settings: z
    .strictObject({
      /** Enabled when the file names it (unless `enabled: false`); blank text adds nothing. */
      systemPrompt: z
        .strictObject({
          text: systemPromptTextSchema,
          position: z.enum(["prepend", "append"]).optional(),
          enabled: z.boolean().optional(),
        })
        .optional(),
      thinking: z
        .strictObject({
          global: thinkingPolicyInputSchema.optional(),
          perModel: thinkingSettingsInputSchema.shape.perModel.optional(),
        })
        .optional(),
      /** The global outbound proxy (every provider without its own); null removes it. */
      proxy: z.strictObject({ global: proxyFieldsSchema.nullable() }).optional(),
      /** The request log: on/off, how many days and bytes it keeps. */
      requestLogs: z
        .strictObject({
          enabled: z.boolean().optional(),
          retentionDays: z.number().int("must be an integer").min(1, "must be at least 1").max(3650, "must be at most 3650").optional(),
          maxBytes: z.number().int("must be an integer").min(1_048_576, "must be at least 1048576").optional(),
        })
        .optional(),
    })
    .optional(),
  /** Any URL or client id of the OAuth logins, by provider id (src/lib/server/oauth/oauth-overrides-schema.ts). */
  oauth: oauthOverridesSchema.optional(),
  /** Circuit-breaker thresholds and waits per resilience profile: API-key providers and subscription (OAuth) ones. */
  resilience: z
    .strictObject({
      profiles: z
        .strictObject({
          apiKey: breakerProfileInputSchema.optional(),
          oauth: breakerProfileInputSchema.optional(),
        })
        .optional(),
    })
    .optional(),
  /** Names clients send (Claude Code's `claude-opus-4-8`) mapped to a model or combo, and where unknown names go. */
  routing: z
    .strictObject({
      aliases: z.record(modelName, modelName).optional(),
      defaultRoute: modelName.optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof baseConfigFileSchema>;
export type ConfigFileProvider = z.infer<typeof providerSchema>;
export type ConfigFileAccount = z.infer<typeof accountSchema>;

/** The name an account is stored under: its own, or `account-<n>` by 1-based position. */
export function effectiveAccountName(account: ConfigFileAccount, index: number): string {
  return account.name ?? `account-${index + 1}`;
}

/**
 * Cross-field rules. Local-address checks run here only when the file itself says
 * `allowLocalUpstreams: false`; otherwise the store's setting decides, at apply time.
 */
export const configFileSchema = baseConfigFileSchema.superRefine((file, context) => {
  const problem = (path: PropertyKey[], message: string) => context.addIssue({ code: "custom", path, message });

  const providerIds = new Map<string, number>();
  (file.providers ?? []).forEach((provider, index) => {
    const key = provider.id.toLowerCase();
    const first = providerIds.get(key);
    if (first !== undefined) problem(["providers", index, "id"], `duplicate provider id "${provider.id}" (also providers[${first}])`);
    else providerIds.set(key, index);

    const builtIn = getBuiltInProvider(provider.id);
    if (builtIn !== undefined) {
      if (provider.type !== undefined) problem(["providers", index, "type"], `"${provider.id}" is a built-in provider; type is only for custom nodes`);
      if (provider.apiFormat !== undefined) problem(["providers", index, "apiFormat"], `"${provider.id}" is a built-in provider; apiFormat is only for openai-compatible nodes`);
    } else {
      if (provider.type === undefined) {
        problem(["providers", index, "type"], `"${provider.id}" is not a built-in provider; a custom node needs type "openai-compatible" or "anthropic-compatible"`);
      }
      if (provider.baseUrl === undefined) problem(["providers", index, "baseUrl"], "required for a custom node");
      if (provider.apiFormat !== undefined && provider.type === "anthropic-compatible") {
        problem(["providers", index, "apiFormat"], "only for openai-compatible nodes");
      }
    }

    const accountNames = new Map<string, number>();
    (provider.accounts ?? []).forEach((account, accountIndex) => {
      const name = effectiveAccountName(account, accountIndex);
      const firstAccount = accountNames.get(name);
      if (firstAccount !== undefined) {
        problem(["providers", index, "accounts", accountIndex, "name"], `duplicate account name "${name}" (also accounts[${firstAccount}])`);
      } else accountNames.set(name, accountIndex);
    });

    const customIds = new Map<string, number>();
    (provider.customModels ?? []).forEach((model, modelIndex) => {
      const firstModel = customIds.get(model.id);
      if (firstModel !== undefined) {
        problem(["providers", index, "customModels", modelIndex, "id"], `duplicate model id "${model.id}" (also customModels[${firstModel}])`);
      } else customIds.set(model.id, modelIndex);
    });
  });

  const comboNames = new Map<string, number>();
  (file.combos ?? []).forEach((combo, index) => {
    const key = combo.name.toLowerCase();
    const first = comboNames.get(key);
    if (first !== undefined) problem(["combos", index, "name"], `duplicate combo name "${combo.name}" (also combos[${first}])`);
    else comboNames.set(key, index);
    if (providerIds.has(key) || getBuiltInProvider(combo.name) !== undefined) {
      problem(["combos", index, "name"], `"${combo.name}" is already a provider id`);
    }
    if (combo.weights !== undefined && combo.weights.length !== combo.models.length) {
      problem(["combos", index, "weights"], "must have one weight per model");
    }
  });

  const keyNames = new Map<string, number>();
  const keyValues = new Map<string, number>();
  (file.apiKeys ?? []).forEach((apiKey, index) => {
    const first = keyNames.get(apiKey.name);
    if (first !== undefined) problem(["apiKeys", index, "name"], `duplicate key name "${apiKey.name}" (also apiKeys[${first}])`);
    else keyNames.set(apiKey.name, index);
    const sameKey = keyValues.get(apiKey.key);
    if (sameKey !== undefined) problem(["apiKeys", index, "key"], `same key as apiKeys[${sameKey}]`);
    else keyValues.set(apiKey.key, index);
  });

  // A profile's first wait may not exceed its longest one; a field left out is the engine's default.
  const profiles = file.resilience?.profiles;
  for (const [name, engineName] of [["apiKey", "api-key"], ["oauth", "oauth"]] as const) {
    const profile = profiles?.[name];
    if (profile === undefined) continue;
    const openMs = profile.openMs ?? DEFAULT_BREAKER_PROFILES[engineName].openMs;
    const maxOpenMs = profile.maxOpenMs ?? DEFAULT_BREAKER_PROFILES[engineName].maxOpenMs;
    if (openMs > maxOpenMs) {
      const [field, message] =
        profile.maxOpenMs === undefined
          ? (["openMs", `must be at most maxOpenMs (${maxOpenMs}, the default; set maxOpenMs too)`] as const)
          : (["maxOpenMs", `must be at least openMs (${openMs})`] as const);
      problem(["resilience", "profiles", name, field], message);
    }
  }

  const allowLocal = file.security?.allowLocalUpstreams !== false;
  for (const { path, message } of upstreamUrlProblems(file, allowLocal)) problem(path, message);
});
