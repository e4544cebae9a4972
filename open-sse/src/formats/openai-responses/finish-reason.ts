import type { FinishReason } from "../../core/canonical-response";
import { stringField } from "../shared/json-fields";

export interface ResponseOutcome {
  /** What a Responses answer with this status and `incomplete_details` means, before looking at its output. */
  status: unknown;
  incompleteDetails: unknown;
}

/**
 * Responses status → canonical finish reason. `completed` is a natural end (the caller turns it into
 * `tool-calls` when the output has function calls); `incomplete` says why in `incomplete_details.reason`
 * (`max_output_tokens` → length, `content_filter` → content-filter; a reason we do not know is read as a
 * cut-off, which is what incomplete means); `failed` is an error; `cancelled` and anything else, other.
 */
export function finishReasonOf(outcome: ResponseOutcome): FinishReason {
  switch (outcome.status) {
    case "completed":
      return "stop";
    case "incomplete":
      return stringField(outcome.incompleteDetails, "reason") === "content_filter" ? "content-filter" : "length";
    case "failed":
      return "error";
    default:
      return "other";
  }
}

export interface ResponsesStatus {
  status: "completed" | "incomplete" | "failed";
  incompleteDetails: { reason: "max_output_tokens" | "content_filter" } | null;
}

/** Canonical finish reason → the status a Responses client reads (the inverse of finishReasonOf). */
export function statusOf(reason: FinishReason): ResponsesStatus {
  switch (reason) {
    case "length":
      return { status: "incomplete", incompleteDetails: { reason: "max_output_tokens" } };
    case "content-filter":
      return { status: "incomplete", incompleteDetails: { reason: "content_filter" } };
    case "error":
      return { status: "failed", incompleteDetails: null };
    default:
      // stop, stop-sequence, tool-calls, refusal, pause (a paused server-tool turn ended cleanly), other.
      return { status: "completed", incompleteDetails: null };
  }
}

