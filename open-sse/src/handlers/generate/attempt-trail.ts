import type { UsageRecorder } from "../../accounting/usage-recorder";
import type { AccountRuntime, AttemptRecord } from "../../ports";
import type { RouteTarget } from "../../routing/resolve-model";

/**
 * A request's walk through its targets, for the request log (`UsageRow.attemptTrail`): every upstream call, with
 * its outcome, failure class, HTTP status and time to the answer's headers, and every target or account skipped
 * before a call, with why. One array per request, filled in place; the recorder holds the same array, so the row
 * written at the end carries every step whichever way the request ended.
 */
export class AttemptTrail {
  readonly records: AttemptRecord[] = [];

  constructor(recorder: UsageRecorder) {
    recorder.attemptTrail = this.records;
  }

  skipped(target: RouteTarget, reason: string, account?: AccountRuntime): void {
    this.records.push({
      provider: target.provider.id,
      model: target.qualifiedModel,
      account: account?.name ?? null,
      outcome: "skipped",
      reason,
      httpStatus: null,
      latencyMs: 0,
    });
  }

  called(target: RouteTarget, account: AccountRuntime, outcome: "ok" | "failed", reason: string | null, httpStatus: number | null, latencyMs: number): void {
    this.records.push({ provider: target.provider.id, model: target.qualifiedModel, account: account.name, outcome, reason, httpStatus, latencyMs });
  }
}
