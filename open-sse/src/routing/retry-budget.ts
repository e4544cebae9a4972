/**
 * Bounds extra upstream attempts (every attempt beyond a request's first) across the whole process: at most
 * max(minimum, ratio × requests active right now) may be in use at once. Under a 503 storm this keeps retries
 * from multiplying upstream load, while a quiet gateway still gets a few retries.
 *
 * Each request holds a ticket; retries it consumed return to the pool when it ends.
 */

export interface RetryBudgetOptions {
  /** Fraction of active requests that may be retrying. Default 0.2. */
  ratio?: number;
  /** Retries always allowed regardless of load. Default 3. */
  minimum?: number;
}

export interface RetryTicket {
  /** True when one more upstream attempt is allowed for this request (and reserves it). */
  tryConsumeRetry(): boolean;
  /** Releases the request and its retries; idempotent. */
  end(): void;
  readonly retriesUsed: number;
}

export interface RetryBudgetSnapshot {
  activeRequests: number;
  retriesInUse: number;
  limit: number;
}

export class RetryBudget {
  private readonly ratio: number;
  private readonly minimum: number;
  private active = 0;
  private inUse = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = options.ratio ?? 0.2;
    this.minimum = options.minimum ?? 3;
  }

  beginRequest(): RetryTicket {
    this.active += 1;
    let used = 0;
    let ended = false;
    return {
      tryConsumeRetry: () => {
        if (ended || !this.consume()) return false;
        used += 1;
        return true;
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.active -= 1;
        this.inUse -= used;
      },
      get retriesUsed() {
        return used;
      },
    };
  }

  /** Same as `ticket.end()`, for callers that prefer the budget-centred spelling. */
  endRequest(ticket: RetryTicket): void {
    ticket.end();
  }

  get limit(): number {
    return Math.max(this.minimum, Math.floor(this.active * this.ratio));
  }

  snapshot(): RetryBudgetSnapshot {
    return { activeRequests: this.active, retriesInUse: this.inUse, limit: this.limit };
  }

  private consume(): boolean {
    if (this.inUse >= this.limit) return false;
    this.inUse += 1;
    return true;
  }
}
