import type { AttemptRecord, UsageRow, UsageSink, UsageStatus, WireFormat } from "../ports";
import { PhaseTimer } from "../http/phase-timer";
import { NO_USAGE, type TokenUsage } from "./token-usage";

/**
 * Collects what one request did and hands exactly one usage row to the sink, whichever way the request
 * ends (success, error, client abort, broken stream): the first `finish` wins, later calls are ignored.
 */
export class UsageRecorder {
  provider: string | null = null;
  model: string | null = null;
  upstreamModel: string | null = null;
  account: string | null = null;
  apiKeyName: string | null = null;
  stream = false;
  ttfbMs: number | null = null;
  tokens: TokenUsage = NO_USAGE;
  /** The stored id of the client key (`ClientKeyRuntime.id`). */
  apiKeyId: string | null = null;
  /** The combo the client named, if any. */
  combo: string | null = null;
  /** Upstream calls made. */
  attempts = 0;
  sessionKey: string | null = null;
  /** From `BudgetPort.reserve`; settled by the host when it records the row. */
  budgetReservationId: string | null = null;
  /** Counts the prompt locally; the host calls it off the request path when the upstream reported no input. */
  estimateInputTokens: (() => number | null | Promise<number | null>) | null = null;
  /** Every upstream call and skip of this request, in order (handlers/generate/attempt-trail.ts fills it in place). */
  attemptTrail: readonly AttemptRecord[] | null = null;
  /** `embedding` / `image` for those endpoints; null: a generation request (the row leaves the field out). */
  operation: "generation" | "embedding" | "image" | null = null;
  /** Images an image request produced (what per-image prices multiply); null: not an image request. */
  imageCount: number | null = null;
  /** Where this request's time goes: the handlers lap each lifecycle phase (http/phase-timer.ts). */
  readonly phases = new PhaseTimer();
  private finished = false;

  constructor(
    private readonly sink: UsageSink,
    readonly requestId: string,
    readonly startedAt: number,
    readonly endpoint: string,
    readonly clientFormat: WireFormat,
    private readonly now: () => number,
  ) {}

  get isFinished(): boolean {
    return this.finished;
  }

  markFirstByte(): void {
    if (this.ttfbMs === null) this.ttfbMs = this.now() - this.startedAt;
  }

  /** Returns the row, or undefined when this request was already recorded. */
  finish(status: UsageStatus, httpStatus: number, errorCode: string | null): UsageRow | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    const row: UsageRow = {
      requestId: this.requestId,
      startedAt: this.startedAt,
      endpoint: this.endpoint,
      clientFormat: this.clientFormat,
      provider: this.provider,
      model: this.model,
      upstreamModel: this.upstreamModel,
      account: this.account,
      apiKeyName: this.apiKeyName,
      stream: this.stream,
      status,
      httpStatus,
      errorCode,
      latencyMs: this.now() - this.startedAt,
      ttfbMs: this.ttfbMs,
      ...this.tokens,
      apiKeyId: this.apiKeyId,
      combo: this.combo,
      attempts: this.attempts,
      sessionKey: this.sessionKey,
      budgetReservationId: this.budgetReservationId,
      estimateInputTokens: this.estimateInputTokens,
      // Left out when nothing was tried or skipped, so such rows keep the shape they had.
      ...(this.attemptTrail !== null && this.attemptTrail.length > 0 ? { attemptTrail: this.attemptTrail } : {}),
      // Only set for non-generation operations, so generation rows keep exactly the shape they had.
      ...(this.operation !== null ? { operation: this.operation, imageCount: this.imageCount } : {}),
      phases: this.phases,
    };
    this.sink.record(row);
    return row;
  }
}
