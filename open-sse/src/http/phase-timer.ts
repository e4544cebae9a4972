/**
 * Where one request's time goes, in seven lifecycle phases (issue #7 telemetry). A lap timer: each `lap(phase)`
 * charges the time since the previous lap to `phase`, so the phases add up to the request's whole time and a
 * phase that runs more than once (translate and upstream, once per attempt) accumulates. One `performance.now()`
 * and one add per lap into a fixed array: cheap enough to run on every request.
 */

/** Lifecycle order; the numbers index `PhaseTimer`'s slots. */
export const Phase = {
  /** Reading and parsing the client's body (and the essentials: model, stream flag). */
  receive: 0,
  /** Client-key check. */
  auth: 1,
  /** Model resolution, budgets, session, picking a target and an account. */
  route: 2,
  /** Building the upstream body (translation, or the same-format model splice). */
  translate: 3,
  /** Upstream connect until its first byte (headers, then the first chunk of a stream); failed attempts too. */
  upstream: 4,
  /** Relaying the answer to the client, until its last byte. */
  stream: 5,
  /** Bookkeeping after the answer: usage row, log line. */
  record: 6,
} as const;

export type PhaseIndex = (typeof Phase)[keyof typeof Phase];
export type RequestPhase = keyof typeof Phase;

export const REQUEST_PHASES: readonly RequestPhase[] = ["receive", "auth", "route", "translate", "upstream", "stream", "record"];

/** Milliseconds per phase; null for a phase the request never reached (a 401 has no upstream). */
export type PhaseDurations = Readonly<Record<RequestPhase, number | null>>;

export class PhaseTimer {
  private readonly totals = new Float64Array(REQUEST_PHASES.length);
  /** Bit i set: phase i was lapped at least once. */
  private reached = 0;
  private last: number;

  constructor(private readonly clock: () => number = defaultClock) {
    this.last = clock();
  }

  /** Charges the time since the previous lap (or the start) to `phase`. */
  lap(phase: PhaseIndex): void {
    const now = this.clock();
    this.totals[phase]! += now - this.last;
    this.last = now;
    this.reached |= 1 << phase;
  }

  /** Moves the lap start to now without charging anything (time that belongs to no phase, e.g. waiting on a client). */
  skip(): void {
    this.last = this.clock();
  }

  /** Milliseconds per phase, rounded to microseconds. */
  durations(): PhaseDurations {
    const result = {} as Record<RequestPhase, number | null>;
    for (let index = 0; index < REQUEST_PHASES.length; index += 1) {
      result[REQUEST_PHASES[index]!] = (this.reached & (1 << index)) === 0 ? null : Math.round(this.totals[index]! * 1000) / 1000;
    }
    return result;
  }
}

function defaultClock(): number {
  return performance.now();
}
