import type { GatewayError } from "../../core/gateway-error";

/** Ollama's error body: `{"error": "message"}`. */
export function formatOllamaError(error: GatewayError): string {
  return JSON.stringify({ error: error.publicMessage });
}

/** Inside a stream already under way, the same object as the last NDJSON line (Ollama's own behaviour). */
export function formatOllamaStreamError(error: GatewayError): string {
  return `${formatOllamaError(error)}\n`;
}
