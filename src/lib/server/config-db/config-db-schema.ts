import { z } from "zod";
import { storedProxySchema } from "./stored-proxy-schema";
import { storedResilienceSchema } from "./stored-resilience-profiles";

/** The schema version this build writes; older documents are migrated (config-db-migrations.ts). */
export const CONFIG_SCHEMA_VERSION = 2;

/** Default request body limit: large enough for a few base64 images. */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

const timestamp = z.string().min(1);

/**
 * An OAuth subscription account's login (Claude Code, Codex, Gemini CLI…). The token set is encrypted JSON written
 * by the OAuth flows (src/lib/server/oauth); the snapshot gets the account's credentials from the host's token
 * manager (`SnapshotStoreOptions.credentialsFor`), never from here directly.
 */
export const storedOAuthSchema = z.object({
  /** `enc:v1:` value of the JSON token set (access/refresh token, expiry, provider extras). */
  credentialsEncrypted: z.string().startsWith("enc:v1:"),
  /** Who logged in, as the provider reported it: shown in the dashboard, never a secret. */
  identity: z.object({ email: z.string().optional(), accountId: z.string().optional(), plan: z.string().optional() }),
  /** auth-failed: a refresh was refused; the account is left out of routing until the user reconnects. */
  status: z.enum(["active", "auth-failed"]),
  statusReason: z.string().optional(),
});

export const QUOTA_WINDOW_KINDS = ["rolling-5h", "daily", "weekly", "monthly"] as const;

/**
 * A quota the user declares for an account (free tiers, plans whose limits no header reveals): the host counts
 * against it. Reset times are UTC; a field a kind does not use is ignored.
 */
export const storedQuotaWindowSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.enum(QUOTA_WINDOW_KINDS),
  unit: z.enum(["requests", "tokens"]),
  /** Absent: unknown (the window is only shown, never enforced). */
  limit: z.number().int().positive().optional(),
  /** daily/weekly/monthly: the UTC hour the window resets at (0–23). */
  resetHour: z.number().int().min(0).max(23).optional(),
  /** weekly: 0 = Sunday … 6 = Saturday. */
  resetWeekday: z.number().int().min(0).max(6).optional(),
  /** monthly: 1–28, so that every month has that day. */
  resetDay: z.number().int().min(1).max(28).optional(),
});

export const storedAccountSchema = z
  .object({
    /** Stable id inside the provider, derived from the name. */
    id: z.string().min(1),
    name: z.string().min(1),
    /** `enc:v1:` value (encrypt-secret.ts); never the plain key. Absent exactly when `oauth` is present. */
    apiKeyEncrypted: z.string().startsWith("enc:v1:").optional(),
    /** OAuth subscription accounts; absent for API-key accounts. */
    oauth: storedOAuthSchema.optional(),
    /** Null: the provider's base URL (custom node) or the built-in default. */
    baseUrl: z.string().nullable(),
    priority: z.number().int(),
    /** Requests in flight at once; absent: no cap. */
    maxConcurrent: z.number().int().positive().optional(),
    /** Requests started per minute; absent: none. */
    requestsPerMinute: z.number().int().positive().optional(),
    /** A disabled account is kept but never called (left out of the engine's snapshot). */
    enabled: z.boolean().default(true),
    /** This account's own outbound proxy (first in the precedence); absent or null: none of its own. */
    proxy: storedProxySchema.nullable().optional(),
    /** Stop using the account once this percent of a quota window is left (0–100); absent: use it to the end. */
    quotaReservePercent: z.number().min(0).max(100).optional(),
    /** Quotas the user declared for this account; absent: none. */
    quotaWindows: z.array(storedQuotaWindowSchema).optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .refine((account) => (account.apiKeyEncrypted === undefined) !== (account.oauth === undefined), {
    message: "an account has exactly one of apiKeyEncrypted and oauth",
    path: ["apiKeyEncrypted"],
  });

/** A model the user added to a provider (`/api/provider-models`): routable and listed with `custom: true`. */
export const storedCustomModelSchema = z.object({
  /** The id the upstream takes (may contain `/`); printable, no spaces. */
  id: z.string().regex(/^[\x21-\x7e]{1,256}$/),
  name: z.string().min(1).max(200),
  type: z.enum(["chat", "embedding", "image"]),
});

export const storedProviderSchema = z.object({
  id: z.string().min(1),
  type: z.enum(["built-in", "openai-compatible", "anthropic-compatible"]),
  apiFormat: z.enum(["openai-chat", "openai-responses", "anthropic-messages", "gemini"]),
  displayName: z.string(),
  baseUrl: z.string().nullable(),
  models: z.array(z.string()),
  strategy: z.enum(["round-robin", "priority"]),
  /** Per-provider timeouts; absent: the global limits apply. */
  timeouts: z.object({ firstByteMs: z.number().int().positive().optional(), idleMs: z.number().int().positive().optional() }).optional(),
  accounts: z.array(storedAccountSchema),
  /** A disabled provider is kept with its accounts but never called (left out of the engine's snapshot). */
  enabled: z.boolean().default(true),
  /** This provider's outbound proxy; absent or null: the global one (`settings.proxy.global`). */
  proxy: storedProxySchema.nullable().optional(),
  /** True: routable, but left out of `/v1/models` (catalogs of hundreds of ids drown clients' model pickers). */
  hideFromModelList: z.boolean().optional(),
  /** Models the user added (`/api/provider-models`); routable and listed with `custom: true`. */
  customModels: z.array(storedCustomModelSchema).default([]),
  /** Custom nodes (the id is the node's prefix): the name the user gave it. */
  nodeName: z.string().optional(),
});

/** A cost budget on a client key, in US dollars per UTC day / calendar month (UTC); null: no limit for that period. */
export const storedKeyBudgetSchema = z.object({
  dailyUsd: z.number().positive().finite().nullable(),
  monthlyUsd: z.number().positive().finite().nullable(),
  /** Percent of a limit past which requests carry a warning (and the log says so); null: no warning. */
  warnAtPercent: z.number().min(1).max(100).nullable(),
});

export const storedApiKeySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** HMAC-SHA256 hex of the key under API_KEY_SECRET (hash-client-key.ts). */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * Lookup prefix (open-sse/src/security/client-key-format.ts): `omr_XXXXXXXX` for generated keys; config-file
   * keys keep their display form with a trailing `…`. Never more than half of a short key.
   */
  prefix: z.string(),
  createdAt: timestamp,
  // Added with the /api/keys management API; the defaults keep older documents and config-file keys valid.
  enabled: z.boolean().default(true),
  /** ISO time after which the key is refused; null: never expires. */
  expiresAt: timestamp.nullable().default(null),
  /** Models and/or combo names this key may use; null: all. */
  allowedModels: z.array(z.string().min(1)).nullable().default(null),
  /** Debounced (at most once per key per 5 minutes), so it is approximate. */
  lastUsedAt: timestamp.nullable().default(null),
  /** Cost limits (src/lib/server/budgets). Absent: none. */
  budget: storedKeyBudgetSchema.optional(),
  /** False: requests made with this key keep no request/response content in the request log (metadata only). */
  logRequestContent: z.boolean().default(true),
});

/**
 * The fields after `models` are optional so that documents written before they existed stay valid; their
 * defaults (strategy "priority", enabled true) are applied where combos are read (snapshot, combo services).
 */
export const storedComboSchema = z.object({
  name: z.string().min(1),
  models: z.array(z.string().min(1)),
  strategy: z.enum(["priority", "round-robin"]).optional(),
  /** One positive integer per model; only round-robin uses them. */
  weights: z.array(z.number().int().positive()).optional(),
  enabled: z.boolean().optional(),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
  /** Outbound proxy for this combo's calls (after the account's own, before the provider's); absent or null: none. */
  proxy: storedProxySchema.nullable().optional(),
});

/** The global system prompt is stored up to this many UTF-8 bytes (it goes into every request). */
export const MAX_SYSTEM_PROMPT_BYTES = 100 * 1024;
/** Above every current model's thinking limit; the engine clamps to the target model. */
export const MAX_THINKING_BUDGET_TOKENS = 128_000;
export const MAX_THINKING_MODEL_ENTRIES = 500;
export const REASONING_EFFORT_SETTINGS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
/** A per-model thinking key: a qualified (`anthropic/claude-sonnet-4-5`) or bare model id, printable, no spaces. */
export const THINKING_MODEL_KEY_PATTERN = /^[\x21-\x7e]{1,256}$/;

export const storedSystemPromptSchema = z.object({
  /** Off keeps the text for later; the engine only sees an enabled, non-blank prompt. */
  enabled: z.boolean(),
  text: z.string().refine((text) => Buffer.byteLength(text, "utf8") <= MAX_SYSTEM_PROMPT_BYTES, `must be at most ${MAX_SYSTEM_PROMPT_BYTES} bytes`),
  position: z.enum(["prepend", "append"]),
});

export const storedThinkingPolicySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("passthrough") }),
  z.object({ mode: z.literal("budget"), budgetTokens: z.number().int().min(0).max(MAX_THINKING_BUDGET_TOKENS) }),
  z.object({ mode: z.literal("effort"), effort: z.enum(REASONING_EFFORT_SETTINGS) }),
]);

export const storedThinkingSchema = z.object({
  global: storedThinkingPolicySchema,
  /** Keyed by qualified or bare model id; the qualified id wins when both match. */
  perModel: z
    .record(z.string().regex(THINKING_MODEL_KEY_PATTERN), storedThinkingPolicySchema)
    .refine((entries) => Object.keys(entries).length <= MAX_THINKING_MODEL_ENTRIES, `must have at most ${MAX_THINKING_MODEL_ENTRIES} entries`),
});

/** USD per million tokens (per image for `perImage`): finite, not negative, and below any real price. */
const pricePerMillion = z.number().finite().min(0).max(100_000);

const storedBasePriceSchema = z.strictObject({
  inputPerMillion: pricePerMillion,
  outputPerMillion: pricePerMillion,
  cacheReadPerMillion: pricePerMillion.optional(),
  cacheWritePerMillion: pricePerMillion.optional(),
  cacheWrite1hPerMillion: pricePerMillion.optional(),
  reasoningPerMillion: pricePerMillion.optional(),
  perImage: pricePerMillion.optional(),
});

/** `ModelPrice` (open-sse/src/accounting/model-price.ts) as stored. */
export const storedModelPriceSchema = storedBasePriceSchema.extend({
  longContext: z.strictObject({ aboveInputTokens: z.number().int().positive(), price: storedBasePriceSchema }).optional(),
});

/** A price key: `provider/model` (the model may itself contain `/`), printable, no spaces. */
export const PRICE_KEY_PATTERN = /^[^/\s]+\/[\x21-\x7e]{1,256}$/;
/** A billing key: `provider` (every account of it) or `provider/account name`. */
export const BILLING_KEY_PATTERN = /^[^/\s]+(?:\/.{1,200})?$/;
export const MAX_PRICE_ENTRIES = 2_000;

export const storedPricingSchema = z.object({
  /** Per `provider/model`; wins over the catalog and the shipped defaults. */
  models: z
    .record(z.string().regex(PRICE_KEY_PATTERN), storedModelPriceSchema)
    .refine((entries) => Object.keys(entries).length <= MAX_PRICE_ENTRIES, `must have at most ${MAX_PRICE_ENTRIES} entries`),
  /** How accounts pay: `subscription` and `free` accounts cost $0 per request. Unlisted: metered. */
  billing: z
    .record(z.string().regex(BILLING_KEY_PATTERN), z.enum(["metered", "subscription", "free"]))
    .refine((entries) => Object.keys(entries).length <= MAX_PRICE_ENTRIES, `must have at most ${MAX_PRICE_ENTRIES} entries`),
});

export const DEFAULT_USAGE_RETENTION_DAYS = 30;

export const storedRequestLogsSchema = z.object({
  enabled: z.boolean(),
  /** Entries older than this many days are removed. */
  retentionDays: z.number().int().min(1).max(3650),
  /** The log's total size cap; the oldest entries go first. */
  maxBytes: z.number().int().positive(),
});

export const configDocumentSchema = z.object({
  schemaVersion: z.number().int().positive(),
  settings: z.object({
    /** Null: decided by the bind address (required on a non-loopback bind). */
    requireApiKey: z.boolean().nullable(),
    allowLocalUpstreams: z.boolean(),
    maxBodyBytes: z.number().int().positive(),
    /** Unset: the engine defaults (build-gateway-snapshot.ts). */
    firstByteTimeoutMs: z.number().int().positive().optional(),
    idleTimeoutMs: z.number().int().positive().optional(),
    routingDeadlineMs: z.number().int().positive().optional(),
    /** Idle expiry of client sessions (sticky routing); unset: the engine default. */
    sessionIdleMs: z.number().int().positive().optional(),
    /** Extra Host names the dashboard answers to (DNS-rebinding allowlist, src/server/request-guards/host-allowlist.ts). */
    allowedHosts: z.array(z.string().min(1)).optional(),
    /** Browser origins allowed to call /v1 (CORS); absent or empty: none. `"*"` only when written explicitly. */
    cors: z.object({ origins: z.array(z.string().min(1)) }).optional(),
    /** Client IP filter for /v1 and the dashboard (src/server/request-guards/ip-filter.ts). Absent: off. */
    ipFilter: z
      .object({
        mode: z.enum(["off", "allow", "block"]),
        cidrs: z.array(z.string()),
        trustedProxies: z.array(z.string()),
      })
      .optional(),
    /** Added to every generation request (`/api/settings/system-prompt`). Absent: DEFAULT_SYSTEM_PROMPT_SETTINGS. */
    systemPrompt: storedSystemPromptSchema.optional(),
    /** Thinking budgets per model and globally (`/api/settings/thinking-budget`). Absent: DEFAULT_THINKING_SETTINGS. */
    thinking: storedThinkingSchema.optional(),
    /** The global outbound proxy (`/api/settings/proxy`): used by every provider without its own. Absent: none. */
    proxy: z.object({ global: storedProxySchema.nullable() }).optional(),
    /** The request log (request/response content per request). Absent: the log's own defaults. */
    requestLogs: storedRequestLogsSchema.optional(),
    /** Circuit-breaker profiles (the config file's `resilience`), read when the server starts. Absent: engine defaults. */
    resilience: storedResilienceSchema.optional(),
  }),
  providers: z.array(storedProviderSchema),
  apiKeys: z.array(storedApiKeySchema),
  combos: z.array(storedComboSchema),
  /** Aliases and the default route for names that resolve nowhere. Absent in older documents: none. */
  routing: z
    .object({
      aliases: z.record(z.string(), z.string()),
      defaultRoute: z.string().nullable(),
    })
    .optional(),
  /** Price overrides and billing modes (`/api/pricing`). Absent: shipped prices, every account metered. */
  pricing: storedPricingSchema.optional(),
  /** Usage storage. Absent: raw rows kept DEFAULT_USAGE_RETENTION_DAYS days (daily rollups are kept). */
  usage: z.object({ retentionDays: z.number().int().min(1).max(3650) }).optional(),
  /** Dashboard login. Absent in documents written before it existed: treated as "no password yet, login required". */
  auth: z
    .object({
      /** `scrypt$N$r$p$salt$hash` (src/lib/server/auth/hash-password.ts); never the password. */
      passwordHash: z.string().startsWith("scrypt$").nullable(),
      requireLogin: z.boolean(),
      passwordChangedAt: timestamp.nullable(),
    })
    .optional(),
});

export type ConfigDocument = z.infer<typeof configDocumentSchema>;
export type StoredProvider = z.infer<typeof storedProviderSchema>;
export type StoredAccount = z.infer<typeof storedAccountSchema>;
export type StoredApiKey = z.infer<typeof storedApiKeySchema>;
export type StoredCombo = z.infer<typeof storedComboSchema>;
export type StoredKeyBudget = z.infer<typeof storedKeyBudgetSchema>;
export type StoredPricing = z.infer<typeof storedPricingSchema>;
export type StoredModelPrice = z.infer<typeof storedModelPriceSchema>;
export type StoredSystemPrompt = z.infer<typeof storedSystemPromptSchema>;
export type StoredThinkingPolicy = z.infer<typeof storedThinkingPolicySchema>;
export type StoredThinking = z.infer<typeof storedThinkingSchema>;
export type StoredOAuth = z.infer<typeof storedOAuthSchema>;
export type StoredQuotaWindow = z.infer<typeof storedQuotaWindowSchema>;
export type StoredCustomModel = z.infer<typeof storedCustomModelSchema>;
export type StoredRequestLogs = z.infer<typeof storedRequestLogsSchema>;
export type { StoredProxy } from "./stored-proxy-schema";

/**
 * What a document without `settings.systemPrompt` means (older documents; never set). Append is the default
 * position because it leaves the client's own prompt, and so its prompt-cache prefix, untouched.
 */
export const DEFAULT_SYSTEM_PROMPT_SETTINGS: Readonly<StoredSystemPrompt> = Object.freeze({ enabled: false, text: "", position: "append" });

/** What a document without `settings.thinking` means: every client's own thinking request goes unchanged. */
export const DEFAULT_THINKING_SETTINGS: Readonly<StoredThinking> = Object.freeze({ global: Object.freeze({ mode: "passthrough" }), perModel: Object.freeze({}) });

/** What a document without `settings.requestLogs` means: logging on, a week of entries, at most 512 MiB. */
export const DEFAULT_REQUEST_LOG_SETTINGS: Readonly<StoredRequestLogs> = Object.freeze({ enabled: true, retentionDays: 7, maxBytes: 512 * 1024 * 1024 });

export function emptyConfigDocument(): ConfigDocument {
  return {
    schemaVersion: CONFIG_SCHEMA_VERSION,
    settings: { requireApiKey: null, allowLocalUpstreams: false, maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
    providers: [],
    apiKeys: [],
    combos: [],
  };
}
