/**
 * What the engine needs from the outside world. The engine never imports Next, LowDB or SQLite:
 * the host process (src/server) implements these ports and hands them to `createGateway`.
 */

/** The wire format an upstream speaks (and, for clients, the format they send). */
export type WireFormat = "openai-chat" | "openai-responses" | "anthropic-messages" | "gemini" | "ollama";

export type AccountStrategy = "round-robin" | "priority";

export interface AccountRuntime {
  /** Stable id inside the provider (derived from the account name). */
  id: string;
  /** Human name: shown in logs and headers, never a secret. */
  name: string;
  /** Decrypted secret, kept in memory only. */
  apiKey: string;
  /** Base URL as the provider's own SDK takes it (OpenAI-style with `/v1`). */
  baseUrl: string;
  priority: number;
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
  /** A prompt added to every generation request (`/api/settings/system-prompt`); absent: none. */
  systemPrompt?: SystemPromptPolicy;
  /** How thinking budgets are set (`/api/settings/thinking-budget`); absent: passthrough everywhere. */
  thinking?: ThinkingSettings;
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
  /** Sent as User-Agent upstream and in `GET /` answers. */
  version?: string;
}
