/**
 * What the engine needs from the outside world. The engine never imports Next, LowDB or SQLite:
 * the host process (src/server) implements these ports and hands them to `createGateway`.
 */
import type { PhaseDurations } from "./http/phase-timer";

/** The wire format an upstream speaks (and, for clients, the format they send). */
export type WireFormat = "openai-chat" | "openai-responses" | "anthropic-messages" | "gemini" | "ollama";

export type AccountStrategy = "round-robin" | "priority";

export interface AccountRuntime {
  /** Stable id inside the provider (derived from the account name). */
  id: string;
  /** Human name: shown in logs and headers, never a secret. */
  name: string;
  /** Decrypted secret, kept in memory only. Empty for an OAuth account: `credentials` gives its token. */
  apiKey: string;
  /**
   * OAuth subscription accounts (Claude Code, Codex, Gemini CLI, Copilot…): where the access token comes from.
   * Absent: `apiKey` is the credential.
   */
  credentials?: AccountCredentials;
  /**
   * This account's own outbound proxy (`http://`, `https://` or `socks5://` URL, credentials included). The
   * precedence is account → combo → provider (whose `proxyUrl` already holds the global one) → environment
   * (`HTTPS_PROXY`… with `NO_PROXY`); the engine resolves it per call. A configured proxy that fails fails the
   * call (fail closed), never a direct connection.
   */
  proxyUrl?: string;
  /** Base URL as the provider's own SDK takes it (OpenAI-style with `/v1`). */
  baseUrl: string;
  priority: number;
  /** At most this many requests in flight on this account at once (streams count until they end); absent: no cap. */
  maxConcurrent?: number;
  /**
   * At most this many requests started per minute on this account; absent: none. An API-key account halves its
   * effective rate on a 429 and recovers it step by step (routing/account-limiter.ts).
   */
  requestsPerMinute?: number;
}

/** What an OAuth account's upstream calls carry: the access token and what the provider's login returned with it. */
export interface OAuthSession {
  accessToken: string;
  /** Epoch ms when the access token expires; null: unknown. */
  expiresAt: number | null;
  /**
   * Provider-specific values the upstream call needs: Codex `chatgptAccountId`, Gemini CLI / Antigravity
   * `projectId`, Qwen `resourceUrl`, Copilot `apiEndpoint`. Never secrets beyond the access token itself.
   */
  extras: Readonly<Record<string, string>>;
}

/**
 * The host's token manager for one OAuth account. Both calls are single-flight per account: 50 concurrent
 * requests that find the token expiring cause one refresh call to the provider.
 */
export interface AccountCredentials {
  /** A usable session, refreshed first when the token expires within the provider's skew margin. */
  current(): Promise<OAuthSession>;
  /**
   * The upstream refused `rejectedAccessToken` (401): refresh once and return the new session, or undefined
   * when the refresh failed (the host marks the account `auth-failed`: the user must reconnect). A token
   * already replaced by a concurrent refresh is not refreshed again.
   */
  refreshAfterRejection(rejectedAccessToken: string): Promise<OAuthSession | undefined>;
}

export interface ProviderRuntime {
  /** The model prefix: `openai` in `openai/gpt-4o`. */
  id: string;
  displayName: string;
  /** The wire format the upstream speaks. */
  apiFormat: WireFormat;
  /** Models for discovery (`/v1/models`); unlisted model ids are still forwarded. */
  models: string[];
  strategy: AccountStrategy;
  accounts: AccountRuntime[];
  /**
   * This provider's own timeouts, overriding the global ones: a thinking model may be silent for minutes
   * before its first token, a fast API should fail over in seconds.
   */
  timeouts?: { firstByteMs?: number; idleMs?: number };
  /**
   * Context window in tokens per upstream model id, where the provider's model metadata knows it. A prompt one
   * model refused as too long is only retried on models with a larger window; models absent here are tried.
   */
  contextWindows?: ReadonlyMap<string, number>;
  /**
   * The executor for a provider whose wire protocol is not a plain codec endpoint (OAuth subscription
   * backends: `claude-code`, `codex`, `gemini-cli`…; see upstream/upstream-executor.ts). Absent: the plain
   * protocol of `apiFormat`.
   */
  executor?: string;
  /** The provider's outbound proxy, or else the global one (see `AccountRuntime.proxyUrl`); absent: none. */
  proxyUrl?: string;
  /** Models by type where not chat (embeddings and image generation endpoints list and route these). */
  modelTypes?: ReadonlyMap<string, "chat" | "embedding" | "image">;
  /**
   * True: the provider's models stay routable but are left out of `/v1/models` and `/v1beta/models` (a catalog
   * of hundreds of ids drowns clients' model pickers). Absent: listed.
   */
  hiddenFromModelList?: boolean;
}

export interface ClientKeyRuntime {
  /** Stable id of the stored key (reported to `onClientKeyUsed`). */
  id: string;
  name: string;
  /** Lookup prefix (`clientKeyLookupPrefix`): narrows the timing-safe compares to the keys sharing it. */
  prefix: string;
  /** The key's digest (`GatewayPorts.digestClientKey`); compared timing-safe, the key itself is never kept. */
  digest: Buffer;
  /** A disabled key is refused with 401, even when keys are not required. */
  enabled: boolean;
  /** Epoch milliseconds after which the key is refused with 401; null: never expires. */
  expiresAt: number | null;
  /** Models and/or combo names this key may use (bare ids resolve like requests do); null: all. */
  allowedModels: readonly string[] | null;
}

export interface GatewaySettings {
  /** When true, `/v1` requires a client key from `clientKeys`. */
  requireApiKey: boolean;
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  /** Time allowed until the upstream's first response byte (headers + first body chunk). */
  firstByteTimeoutMs: number;
  /** Longest silence allowed between two upstream body chunks once a response has started. */
  idleTimeoutMs: number;
  /**
   * How long one request may spend finding a route (all attempts before the first byte reached the client).
   * Optional: absent means no overall deadline. A healthy stream, once started, has no total deadline.
   */
  routingDeadlineMs?: number;
  /**
   * How long a client session (sticky routing, `/api/sessions`) lives without a request. Optional: absent
   * means the engine default (2 hours).
   */
  sessionIdleMs?: number;
  /** A prompt added to every generation request (`/api/settings/system-prompt`); absent: none. */
  systemPrompt?: SystemPromptPolicy;
  /** How thinking budgets are set (`/api/settings/thinking-budget`); absent: passthrough everywhere. */
  thinking?: ThinkingSettings;
  /**
   * `security.allowLocalUpstreams`: whether an upstream name may resolve to a loopback or private address (checked
   * at connect time, against DNS rebinding); metadata addresses are refused either way. Absent: allowed.
   */
  allowLocalUpstreams?: boolean;
}

export interface SystemPromptPolicy {
  text: string;
  /** Before the client's own system prompt, or after it. */
  position: "prepend" | "append";
}

export type ReasoningEffortSetting = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";

/** passthrough: the client's own thinking request goes unchanged; budget / effort: replaced by this one. */
export type ThinkingPolicy =
  | { mode: "passthrough" }
  | { mode: "budget"; budgetTokens: number }
  | { mode: "effort"; effort: ReasoningEffortSetting };

export interface ThinkingSettings {
  /** Applies to every model without its own entry. */
  global: ThinkingPolicy;
  /** Per model, keyed by the qualified id (`anthropic/claude-sonnet-4-5`) or the bare upstream id. */
  perModel: ReadonlyMap<string, ThinkingPolicy>;
}

/** An immutable view of the configuration, read from memory on the hot path. */
export interface GatewaySnapshot {
  settings: GatewaySettings;
  providers: ReadonlyMap<string, ProviderRuntime>;
  clientKeys: readonly ClientKeyRuntime[];
  /** Enabled combos by name (disabled ones are left out); listed in /v1/models and usable as `model`. */
  combos: ReadonlyMap<string, ComboRuntime>;
  /** Model names clients send that stand for another model or a combo (`claude-opus-4-8` → `my-stack`). */
  aliases?: ReadonlyMap<string, string>;
  /** Per client format, where a model name that resolves nowhere goes (a model or a combo). */
  defaultRoutes?: ReadonlyMap<WireFormat, string>;
}

export interface ComboRuntime {
  /** Members in priority order: `<prefix>/<model>` or a bare id one provider lists. */
  models: readonly string[];
  /** priority: always start at the first member; round-robin: rotate the first member per request. */
  strategy: "priority" | "round-robin";
  /** One positive integer per member, for round-robin; absent: equal weights. */
  weights?: readonly number[];
  /** Outbound proxy for this combo's calls, between the account's own and the provider's (`AccountRuntime.proxyUrl`). */
  proxyUrl?: string;
}

export interface ConfigStore {
  /** Must be cheap: called once per request. Return the same object until the config changes. */
  getSnapshot(): GatewaySnapshot;
}

export type UsageStatus = "ok" | "error" | "aborted" | "stream_error";

export interface UsageRow {
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  endpoint: string;
  clientFormat: WireFormat;
  /** Provider id, or null when the request failed before a provider was chosen. */
  provider: string | null;
  /** The model as the client asked for it (`openai/gpt-4o`). */
  model: string | null;
  /** The model id sent upstream (`gpt-4o`). */
  upstreamModel: string | null;
  account: string | null;
  apiKeyName: string | null;
  stream: boolean;
  status: UsageStatus;
  httpStatus: number;
  errorCode: string | null;
  latencyMs: number;
  /** Time until the first byte was written to the client; null when nothing was. */
  ttfbMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  // The fields below are optional so that rows built before they existed stay valid; absent means null.
  /** The stored id of the client key that authenticated the request; null: no key. */
  apiKeyId?: string | null;
  /** The combo the client named (directly or through an alias), when it named one. */
  combo?: string | null;
  /** Upstream calls made for this request (0: none was made). */
  attempts?: number | null;
  /** The conversation this request belongs to (session tracking); null: unknown. */
  sessionKey?: string | null;
  /** The reservation `budgets.reserve` granted this request; the host settles it when it records the row. */
  budgetReservationId?: string | null;
  /**
   * Counts the request's prompt locally (accounting/estimate-tokens.ts). The engine only sets it; the host calls
   * it off the request path, and only when an upstream was called and reported no input tokens, and marks the
   * row as estimated. It may answer later (the engine counts on a worker thread): the host then records the row when
   * the count arrives. Never stored, never sent to a client.
   */
  estimateInputTokens?: (() => number | null | Promise<number | null>) | null;
  /** Every target tried or skipped, in order (the request log shows it); absent: none recorded. */
  attemptTrail?: readonly AttemptRecord[] | null;
  /** Embeddings and images: `embedding` / `image`; absent: a generation request. */
  operation?: "generation" | "embedding" | "image" | null;
  /** Images generated (image requests), for per-image prices. */
  imageCount?: number | null;
  /**
   * Where the request's time went (http/phase-timer.ts). The timer itself, not a copy: its last phase, `record`, is
   * lapped after the row was handed over, so a reader that wants all seven reads it a turn later.
   */
  phases?: PhaseDurationsSource | null;
}

/** A request's lifecycle phase timings, read when needed (http/phase-timer.ts `PhaseTimer`). */
export interface PhaseDurationsSource {
  durations(): PhaseDurations;
}

/**
 * The request log's hook into the hot path: which requests' bodies to copy, and where to hand them. Absent, or
 * `wants` false, and the engine copies nothing.
 */
export interface RequestCapturePort {
  /** Called once per API request, after authentication; true: copy this request's bodies. Must return at once. */
  wants(apiKeyId: string | null): boolean;
  /** Each body is kept up to this many bytes (its full size is still counted). */
  readonly maxBodyBytes: number;
  /** The bodies of one request, handed over just before its usage row is recorded. Must never throw. */
  capture(requestId: string, bodies: CapturedBodies): void;
}

/** One request's bodies as exchanged with the client, each cut at the capture's byte cap. */
export interface CapturedBodies {
  /** The client's request body (cut at the cap); null when none was read. */
  request: Buffer | null;
  /** The request body's full size in bytes. */
  requestBytes: number;
  /** The bytes sent to the client (a JSON answer, an error, or the whole stream), cut at the cap; null: none sent. */
  response: Buffer | null;
  responseBytes: number;
}

/** One step of a request's walk through its targets: an upstream call, or a target/account skipped before one. */
export interface AttemptRecord {
  provider: string;
  /** Qualified model (`openai/gpt-4o`). */
  model: string;
  /** Account name, when one was chosen. */
  account: string | null;
  outcome: "ok" | "failed" | "skipped";
  /** Failure class (classify-failure.ts) or why the target was skipped. */
  reason: string | null;
  /** Upstream HTTP status, when one answered. */
  httpStatus: number | null;
  /** Milliseconds spent on this step (0 for a skip). */
  latencyMs: number;
}

export interface UsageSink {
  /** Must not block or throw: the host batches rows and writes them off the request path. */
  record(row: UsageRow): void;
}

export interface RequestLogLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  model: string | null;
  provider: string | null;
  account: string | null;
  usageStatus: UsageStatus | null;
  errorCode: string | null;
}

export interface Logger {
  /** One line per finished request. Never receives secrets. */
  request(line: RequestLogLine): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the engine tells the budget port about a request it is about to send upstream. */
export interface BudgetReservationRequest {
  /** `ClientKeyRuntime.id` of the key that authenticated the request. */
  keyId: string;
  requestId: string;
  /** The routes the request may take, in order; the host prices its estimate at the dearest of them. */
  targets: readonly { provider: string; model: string }[];
  /** Size of the request body: a cheap upper bound for the prompt, no tokenizer on the request path. */
  bodyBytes: number;
  /** The output cap the client asked for (accounting/requested-max-output.ts), or null. */
  maxOutputTokens: number | null;
}

export type BudgetPeriod = "daily" | "monthly";

export type BudgetVerdict =
  | {
      ok: true;
      /** Put on the usage row (`UsageRecorder.budgetReservationId`); null when the key has no budget. */
      reservationId: string | null;
      /** Set once spend passed the key's warning threshold: for a response header or a log line. */
      warning?: string;
    }
  | {
      ok: false;
      period: BudgetPeriod;
      limitUsd: number;
      spentUsd: number;
      /** Epoch ms when the period's spend resets. */
      resetsAt: number;
      retryAfterSeconds: number;
      /** For the client: names the budget, the spend and the reset time; never a secret. */
      message: string;
    };

/**
 * Cost budgets per client key. `reserve` runs before the first upstream call: it refuses when the key's spend
 * plus what its in-flight requests have reserved already reached a limit, and otherwise reserves an estimate
 * so concurrent requests cannot all slip under the limit together. The host settles the reservation with the
 * real cost when it records the request's usage row. Must be synchronous, fast, and never throw.
 */
export interface BudgetPort {
  reserve(request: BudgetReservationRequest): BudgetVerdict;
}

/** A quota window an upstream revealed (rate-limit headers, a usage endpoint) or the host counts itself. */
export interface QuotaWindow {
  /** `5h`, `weekly`, `daily`, `monthly`, or the provider's own name for it (`premium_interactions`). */
  name: string;
  /** Percent of the window used, 0–100; null: unknown. Never "left": used and left are never swapped. */
  usedPercent: number | null;
  /** Units used / the limit, in `unit`; null where unknown. */
  used: number | null;
  limit: number | null;
  unit: "requests" | "tokens" | "percent";
  /** Epoch ms when the window resets; null: unknown. */
  resetsAt: number | null;
}

/**
 * Quota signals from upstream responses. `observe` must return at once and never throw; the host keeps the
 * windows per account (`/api/usage/[connectionId]`, the dashboard) and may ask the router to hold an exhausted
 * account until `resetsAt`.
 */
export interface QuotaPort {
  observe(providerId: string, accountId: string, windows: readonly QuotaWindow[]): void;
}

/** A breaker profile as the host configures it (the engine's `BreakerProfile`). */
export interface BreakerProfileSettings {
  failureThreshold: number;
  ratioThreshold: number;
  ratioMinCalls: number;
  windowMs: number;
  openMs: number;
  maxOpenMs: number;
  probeTimeoutMs: number;
}

export interface Clock {
  now(): number;
}

export interface GatewayPorts {
  config: ConfigStore;
  usage: UsageSink;
  logger: Logger;
  /**
   * Digests a presented client key the same way the stored `ClientKeyRuntime.digest` was made (the host
   * keys it with its own secret). Defaults to plain sha256.
   */
  digestClientKey?: (key: string) => Buffer;
  /**
   * Called after a client key authenticated a request. Must return at once and never throw: the host
   * debounces the `lastUsedAt` write off the request path.
   */
  onClientKeyUsed?(keyId: string): void;
  clock?: Clock;
  /** Cost budgets per client key; absent: no budgets. */
  budgets?: BudgetPort;
  /**
   * Breaker thresholds per resilience profile (`oauth` for subscription providers, `api-key` for the rest);
   * missing fields keep the engine defaults (routing/circuit-breaker.ts).
   */
  resilienceProfiles?: Partial<Record<"api-key" | "oauth", Partial<BreakerProfileSettings>>>;
  /** Quota windows seen in upstream responses; absent: not tracked. */
  quota?: QuotaPort;
  /** The request log's body capture; absent: bodies are never copied. */
  requestCapture?: RequestCapturePort;
  /** Sent as User-Agent upstream and in `GET /` answers. */
  version?: string;
}
