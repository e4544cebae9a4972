import type { GatewayError } from "../../core/gateway-error";
import { formatOpenAiError } from "../openai-chat/format-error";
import { errorEventData, responsesErrorCode } from "./responses-error";
import { sseEvent } from "./sse-event";

/** Responses errors are OpenAI's: `{"error":{"message","type","param","code"}}`. */
export function formatResponsesError(error: GatewayError): string {
  return formatOpenAiError(error);
}

/**
 * Without the stream's state its event numbers are unknown; these sort after any event already sent
 * (the SDK's resumption filter keeps events numbered above the last one seen).
 */
const LATE_SEQUENCE = Number.MAX_SAFE_INTEGER - 1;

/**
 * The terminal error of a Responses stream already under way (the upstream broke mid-stream, a passthrough
 * failed), written as OpenAI writes it: an `error` event, which the `openai` SDK raises as an APIError,
 * then `response.failed` with `response.error {code, message}`, which is what Codex reads (it ignores
 * `error` events and, without a terminal event, would report "stream closed before response.completed" and
 * retry). A Responses client must never see a stream that just stops.
 */
export function formatResponsesStreamError(error: GatewayError): string {
  const code = responsesErrorCode(error.code);
  const failed = {
    id: "resp_failed",
    object: "response",
    created_at: 0,
    status: "failed",
    error: { code, message: error.publicMessage },
    incomplete_details: null,
    model: "",
    output: [],
    usage: null,
  };
  return (
    sseEvent({ ...errorEventData(code, error.publicMessage), sequence_number: LATE_SEQUENCE }) +
    sseEvent({ type: "response.failed", sequence_number: LATE_SEQUENCE + 1, response: failed })
  );
}
