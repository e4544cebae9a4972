import type { TokenUsage } from "../accounting/token-usage";
import type { ClientTool } from "./client-tool";
import { IdleLruMap } from "./idle-lru-map";
import type { SessionKey, SessionKeySource } from "./session-key";

/**
 * Client sessions, for sticky routing and `/api/sessions`. A session remembers, per provider, the account that
 * last served it: later requests of the session try that account first, so the upstream's prompt cache keeps
 * hitting. The pin is soft — the router only reorders accounts that are available anyway, so cooldowns,
 * breakers and account limits still win.
 *
 * Separately, the account that issued each OpenAI Responses id: a `previous_response_id` must go back to it,
 * because only that account's upstream holds the conversation state.
 *
 * Memory is bounded (LRU, `capacity` sessions and `responseCapacity` response ids) and idle entries expire.
 * Pure: time comes from the injected clock.
 */

export const SESSION_DEFAULTS = {
  capacity: 10_000,
  idleMs: 2 * 60 * 60 * 1000,
  responseCapacity: 10_000,
  /** Responses are stored upstream for days; a day covers a resumed conversation without growing unbounded. */
  responseIdleMs: 24 * 60 * 60 * 1000,
} as const;

export interface SessionTableOptions {
  now: () => number;
  capacity?: number;
  /** Default idle expiry; a request may pass its own (`GatewaySettings.sessionIdleMs`). */
  idleMs?: number;
  responseCapacity?: number;
  responseIdleMs?: number;
}

export interface AccountRef {
  providerId: string;
  accountId: string;
  accountName: string;
}

/** One session's live record; the router holds it for the length of a request. */
export interface SessionRecord {
  /** 16 hex characters of the session key: enough to tell sessions apart, never the raw id or content. */
  readonly fingerprint: string;
  readonly source: SessionKeySource;
  clientTool: ClientTool;
  apiKeyName: string | null;
  readonly firstSeenAt: number;
  lastSeenAt: number;
  requests: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  /** The account that last served the session, per provider (a combo may have served it from several). */
  readonly pins: Map<string, AccountRef>;
  /** The account of the last successful answer. */
  lastServedBy: AccountRef | null;
  /** The `<provider>/<model>` of the last successful answer: a round-robin combo keeps the session on it. */
  lastModel: string | null;
}

export interface SessionStart {
  key: SessionKey;
  clientTool: ClientTool;
  apiKeyName: string | null;
  /** Idle expiry for this request's settings; default: the table's. */
  idleMs?: number;
}

/** What `/api/sessions` shows of one session. */
export interface SessionView {
  fingerprint: string;
  source: SessionKeySource;
  clientTool: ClientTool;
  apiKeyName: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  /** When the session expires if no request comes before. */
  expiresAt: number;
  requests: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  /** The account the session sticks to (the last that served it), or null before any success. */
  stickyAccount: AccountRef | null;
  /** The model that last served it (`<provider>/<model>`), or null before any success. */
  model: string | null;
  /** Every provider's pinned account, when the session was served by more than one provider. */
  pins: AccountRef[];
}

export interface SessionListing {
  sessions: SessionView[];
  /** Live sessions in the table. */
  total: number;
  capacity: number;
  idleMs: number;
}

export class SessionTable {
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly responseIdleMs: number;
  private readonly sessions: IdleLruMap<SessionRecord>;
  private readonly responses: IdleLruMap<AccountRef>;

  constructor(options: SessionTableOptions) {
    this.now = options.now;
    this.idleMs = options.idleMs ?? SESSION_DEFAULTS.idleMs;
    this.responseIdleMs = options.responseIdleMs ?? SESSION_DEFAULTS.responseIdleMs;
    this.sessions = new IdleLruMap(options.capacity ?? SESSION_DEFAULTS.capacity);
    this.responses = new IdleLruMap(options.responseCapacity ?? SESSION_DEFAULTS.responseCapacity);
  }

  /** The session's record, created when new or expired; counts one request. */
  touch(start: SessionStart): SessionRecord {
    const now = this.now();
    const idleMs = start.idleMs ?? this.idleMs;
    let record = this.sessions.get(start.key.key, now, idleMs);
    if (record === undefined) {
      record = {
        fingerprint: start.key.key.slice(0, 16),
        source: start.key.source,
        clientTool: start.clientTool,
        apiKeyName: start.apiKeyName,
        firstSeenAt: now,
        lastSeenAt: now,
        requests: 0,
        tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
        pins: new Map(),
        lastServedBy: null,
        lastModel: null,
      };
      this.sessions.set(start.key.key, record, now, idleMs);
    }
    record.lastSeenAt = now;
    record.requests += 1;
    // A user agent that became known later (or changed with an update) wins over "other".
    if (start.clientTool !== "other") record.clientTool = start.clientTool;
    return record;
  }

  /** The account this session prefers on this provider, if it was served there before. */
  preferredAccount(record: SessionRecord | undefined, providerId: string): string | undefined {
    return record?.pins.get(providerId)?.accountId;
  }

  /** The `<provider>/<model>` that last served the session, if any. */
  preferredModel(record: SessionRecord | undefined): string | undefined {
    return record?.lastModel ?? undefined;
  }

  /** A success: the session now sticks to this account (on this provider), and to this model in a combo. */
  recordServed(record: SessionRecord, served: AccountRef, qualifiedModel?: string): void {
    if (qualifiedModel !== undefined) record.lastModel = qualifiedModel;
    const existing = record.pins.get(served.providerId);
    const pin = existing !== undefined && existing.accountId === served.accountId && existing.accountName === served.accountName ? existing : { ...served };
    record.pins.set(served.providerId, pin);
    record.lastServedBy = pin;
  }

  /** Adds a finished request's tokens (null counts add nothing). */
  addUsage(record: SessionRecord, usage: TokenUsage): void {
    record.tokens.input += usage.inputTokens ?? 0;
    record.tokens.output += usage.outputTokens ?? 0;
    record.tokens.cacheRead += usage.cacheReadTokens ?? 0;
    record.tokens.cacheWrite += usage.cacheWriteTokens ?? 0;
    record.tokens.reasoning += usage.reasoningTokens ?? 0;
  }

  /** Remembers which account issued a Responses id. */
  rememberResponse(responseId: string, issuer: AccountRef): void {
    this.responses.set(responseId, issuer, this.now(), this.responseIdleMs);
  }

  /** The account that issued this Responses id, if known. */
  responseIssuer(responseId: string): AccountRef | undefined {
    return this.responses.get(responseId, this.now(), this.responseIdleMs);
  }

  /** Live sessions, most recent first; `limit` caps the list (the total still counts them all). */
  list(options: { idleMs?: number; limit?: number } = {}): SessionListing {
    const now = this.now();
    const idleMs = options.idleMs ?? this.idleMs;
    const live = this.sessions.entries(now, idleMs);
    const shown = options.limit === undefined ? live : live.slice(0, options.limit);
    return {
      sessions: shown.map(({ value }) => ({
        fingerprint: value.fingerprint,
        source: value.source,
        clientTool: value.clientTool,
        apiKeyName: value.apiKeyName,
        firstSeenAt: value.firstSeenAt,
        lastSeenAt: value.lastSeenAt,
        expiresAt: value.lastSeenAt + idleMs,
        requests: value.requests,
        tokens: { ...value.tokens },
        stickyAccount: value.lastServedBy === null ? null : { ...value.lastServedBy },
        model: value.lastModel,
        pins: [...value.pins.values()].map((pin) => ({ ...pin })),
      })),
      total: live.length,
      capacity: this.sessions.capacity,
      idleMs,
    };
  }

  /** Forgets every session and response issuer. */
  clear(): void {
    this.sessions.clear();
    this.responses.clear();
  }

  get size(): number {
    return this.sessions.size;
  }
}
