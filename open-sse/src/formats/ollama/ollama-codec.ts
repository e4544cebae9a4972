import type { WireCodec } from "../wire-codec";
import { formatOllamaError, formatOllamaStreamError } from "./format-error";
import { formatOllamaResponse } from "./format-response";
import { OllamaStreamFormatter } from "./format-stream";
import { parseOllamaRequest } from "./parse-request";

function clientOnly(): never {
  throw new Error("ollama is a client-only format");
}

/**
 * Ollama's native chat API (`POST /api/chat`), client side only: tools that speak Ollama (Open WebUI,
 * editors with an Ollama backend) can use the gateway as if it were a local Ollama. No provider is reached
 * through this format (local Ollama serves an OpenAI-compatible endpoint for that), so the upstream half throws.
 */
export const ollamaCodec: WireCodec = {
  format: "ollama",
  upstream: false,

  parseRequest: parseOllamaRequest,
  formatResponse: formatOllamaResponse,
  createStreamFormatter: (context) => new OllamaStreamFormatter(context),
  formatError: formatOllamaError,
  formatStreamError: formatOllamaStreamError,
  streamContentType: "application/x-ndjson",

  formatRequest: clientOnly,
  parseResponse: clientOnly,
  createStreamParser: clientOnly,
  readStreamUsage: clientOnly,
  usageMarker: '"eval_count"',
};
