import type { UsageRow, UsageSink, UsageStatus, WireFormat } from "../ports";
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
  estimateInputTokens: (() => number | null) | null = null;
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
    };
    this.sink.record(row);
    return row;
  }
}
