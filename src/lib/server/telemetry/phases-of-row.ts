/**
 * A usage row's lifecycle phase timings (open-sse/src/http/phase-timer.ts), read off the row's `phases` field.
 * The engine hands the timer itself over (its last phase, `record`, is lapped after the row is recorded), so the
 * host reads it one turn later — the telemetry and request-log writers both do, in their batches.
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { PhaseDurations } from "../../../../open-sse/src/http/phase-timer";

export type PhaseDurationsView = PhaseDurations;

/** The row's phase durations in ms, or null when the engine recorded none. */
export function phasesOf(row: UsageRow): PhaseDurationsView | null {
  const source = row.phases;
  if (source === null || source === undefined) return null;
  try {
    return source.durations();
  } catch {
    return null;
  }
}
