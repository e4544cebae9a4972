// Small sequential HTTP clients for the bench: per-request latency (c=1), time to first body byte and full
// duration of a stream, readiness polling. One keep-alive connection each, timed with hrtime; every loop is bounded.

import { Pool, request } from "undici";

export interface Target {
  /** Origin, e.g. http://127.0.0.1:1234 */
  origin: string;
  /** Chat completions path, e.g. /v1/chat/completions */
  chatPath: string;
  model: string;
  /** The status a timed request must get to count as a sample (default 200; the combo case times a mock's 503). */
  expectStatus?: number;
  /**
   * When set, a sample also needs `x-omniroute-attempts` to equal this (the combo case: 2 = the failed call was
   * made, 1 = the first target was skipped); a different value is an error and counts in `attemptMismatches`.
   */
  expectAttempts?: number;
}

export function chatBody(model: string, stream: boolean): string {
  const body: Record<string, unknown> = {
    model,
    messages: [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Say hello in one short sentence." },
    ],
    max_tokens: 64,
  };
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return JSON.stringify(body);
}

export const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

/** What Claude Code and the Anthropic SDK send with every Messages request (no key: the bench server needs none). */
export const ANTHROPIC_HEADERS = { "content-type": "application/json", "anthropic-version": "2023-06-01" };

/**
 * The translated case's request: the same conversation as `chatBody`, in Anthropic Messages form (system
 * lifted to the top-level field), always streaming.
 */
export function messagesBody(model: string): string {
  return JSON.stringify({
    model,
    max_tokens: 64,
    stream: true,
    system: "You are a helpful assistant.",
    messages: [{ role: "user", content: "Say hello in one short sentence." }],
  });
}

/** One streaming request as the sequential client and autocannon send it. */
export interface StreamRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Text the last bytes of a complete stream contain, e.g. `[DONE]` or `event: message_stop`. */
  endMarker: string;
}

/** The OpenAI chat stream of `target` (what direct, proxy and omniroute are measured with). */
export function chatStreamRequest(target: Target): StreamRequest {
  return { path: target.chatPath, headers: JSON_HEADERS, body: chatBody(target.model, true), endMarker: "[DONE]" };
}

/** The Anthropic Messages stream of the translated case. */
export function messagesStreamRequest(model: string): StreamRequest {
  return { path: "/v1/messages", headers: ANTHROPIC_HEADERS, body: messagesBody(model), endMarker: "event: message_stop" };
}

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil(fraction * sortedValues.length) - 1));
  return sortedValues[index]!;
}

export interface SequentialResult {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export function summarize(samplesMs: number[], errors: number): SequentialResult {
  const sorted = [...samplesMs].sort((left, right) => left - right);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, errors, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), meanMs: mean };
}

export interface Samples {
  samples: number[];
  errors: number;
  completeStreams: number;
}

export interface StreamSamples {
  /** Request sent → first body byte, ms. */
  ttfb: number[];
  /** Request sent → last body byte read, ms (same requests as `ttfb`). */
  full: number[];
  errors: number;
  /** Streams whose last bytes held the request's end marker. */
  completeStreams: number;
}

export class SequentialClient {
  private readonly pool: Pool;
  /** Timed requests that had the expected status but another `x-omniroute-attempts` than `expectAttempts`. */
  attemptMismatches = 0;

  constructor(private readonly target: Target) {
    this.pool = new Pool(target.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** One non-stream request, whole body read. Returns its duration in ms, or null on another status than expected. */
  async timedRequest(body: string): Promise<number | null> {
    const start = process.hrtime.bigint();
    const response = await this.pool.request({ path: this.target.chatPath, method: "POST", headers: JSON_HEADERS, body });
    await response.body.dump({ limit: 1 << 22 });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.statusCode !== (this.target.expectStatus ?? 200)) return null;
    if (this.target.expectAttempts !== undefined && response.headers["x-omniroute-attempts"] !== String(this.target.expectAttempts)) {
      this.attemptMismatches++;
      return null;
    }
    return elapsed;
  }

  /** `count` sequential non-stream requests; latency of each (request sent → body fully read), in ms. */
  async latencySamples(count: number, timeBudgetMs: number): Promise<Samples> {
    const body = chatBody(this.target.model, false);
    const samples: number[] = [];
    let errors = 0;
    const deadline = Date.now() + timeBudgetMs;
    for (let index = 0; index < count && Date.now() < deadline; index++) {
      const elapsed = await this.timedRequest(body).catch(() => null);
      if (elapsed === null) errors++;
      else samples.push(elapsed);
    }
    return { samples, errors, completeStreams: 0 };
  }

  /** `count` sequential streaming requests; time from request start to the first body byte, in ms. */
  async ttfbSamples(count: number, timeBudgetMs: number): Promise<Samples> {
    const { ttfb, errors, completeStreams } = await this.streamSamples(chatStreamRequest(this.target), count, timeBudgetMs);
    return { samples: ttfb, errors, completeStreams };
  }

  /**
   * `count` sequential streaming requests; for each, the time to the first body byte and to the last one.
   * A non-200 answer or a body without bytes counts as an error and gives no sample.
   */
  async streamSamples(stream: StreamRequest, count: number, timeBudgetMs: number): Promise<StreamSamples> {
    const ttfb: number[] = [];
    const full: number[] = [];
    let errors = 0;
    let completeStreams = 0;
    // Enough of the stream's end to hold the marker even when it arrives split across reads.
    const tailLength = Math.max(64, stream.endMarker.length * 4);
    const deadline = Date.now() + timeBudgetMs;
    for (let index = 0; index < count && Date.now() < deadline; index++) {
      try {
        const start = process.hrtime.bigint();
        const response = await this.pool.request({ path: stream.path, method: "POST", headers: stream.headers, body: stream.body });
        let first: number | null = null;
        let tail = "";
        for await (const part of response.body as AsyncIterable<Buffer>) {
          if (first === null) first = Number(process.hrtime.bigint() - start) / 1e6;
          tail = (tail + part.toString("utf8")).slice(-tailLength);
        }
        const last = Number(process.hrtime.bigint() - start) / 1e6;
        if (response.statusCode !== 200 || first === null) errors++;
        else {
          ttfb.push(first);
          full.push(last);
        }
        if (tail.includes(stream.endMarker)) completeStreams++;
      } catch {
        errors++;
      }
    }
    return { ttfb, full, errors, completeStreams };
  }

  /** Runs `count` sequential non-stream requests as fast as possible; returns how many failed. */
  async burst(count: number, timeBudgetMs: number): Promise<{ done: number; errors: number }> {
    const body = chatBody(this.target.model, false);
    let errors = 0;
    let done = 0;
    const deadline = Date.now() + timeBudgetMs;
    for (; done < count && Date.now() < deadline; done++) {
      const elapsed = await this.timedRequest(body).catch(() => null);
      if (elapsed === null) errors++;
    }
    return { done, errors };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Polls GET <origin>/v1/models until 200; returns ms since `startedAt` (performance.now()), or null on timeout. */
export async function waitForModels200(
  origin: string,
  startedAt: number,
  timeoutMs: number,
  isAlive: () => boolean,
): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && isAlive()) {
    try {
      const response = await request(`${origin}/v1/models`, { method: "GET", headersTimeout: 2_000, bodyTimeout: 2_000, reset: true });
      await response.body.dump();
      if (response.statusCode === 200) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}
