import type { GatewayError } from "../../core/gateway-error";

/** OpenAI's error body: `{"error":{"message","type","param","code"}}`. */
export function formatOpenAiError(error: GatewayError): string {
  return JSON.stringify({
    error: { message: error.publicMessage, type: error.kind, param: error.param, code: error.code },
  });
}

/** The same error as a terminal SSE event, for streams that already started. */
export function formatOpenAiStreamError(error: GatewayError): string {
  return `data: ${formatOpenAiError(error)}\n\n`;
}
