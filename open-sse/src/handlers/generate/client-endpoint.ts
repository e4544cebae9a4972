import type { WireFormat } from "../../ports";
import type { RequestRoute } from "../../formats/wire-codec";

/** A generation endpoint a client called: which wire format it speaks and what its URL says. */
export interface ClientEndpoint {
  format: WireFormat;
  route: RequestRoute;
}

const GEMINI_PREFIX = "/v1beta/models/";

/**
 * The generation endpoints, by path (method checked by the caller). Gemini's model sits in the path and may
 * contain `/` (`/v1beta/models/gemini/gemini-2.5-pro:generateContent`), so the method is split at the last `:`.
 */
export function matchClientEndpoint(path: string): ClientEndpoint | undefined {
  switch (path) {
    case "/v1/chat/completions":
      return { format: "openai-chat", route: {} };
    case "/v1/responses":
      return { format: "openai-responses", route: {} };
    case "/v1/messages":
      return { format: "anthropic-messages", route: {} };
    case "/v1/api/chat":
      return { format: "ollama", route: {} };
  }
  if (path.startsWith(GEMINI_PREFIX)) {
    const rest = path.slice(GEMINI_PREFIX.length);
    const colon = rest.lastIndexOf(":");
    if (colon <= 0) return undefined;
    const method = rest.slice(colon + 1);
    if (method !== "generateContent" && method !== "streamGenerateContent") return undefined;
    const model = decodePathModel(rest.slice(0, colon));
    if (model === undefined) return undefined;
    return { format: "gemini", route: { model, stream: method === "streamGenerateContent" } };
  }
  return undefined;
}

/** The endpoints whose requests are usage (billed, one usage row each). */
export function isGenerationPath(path: string): boolean {
  return matchClientEndpoint(path) !== undefined;
}

function decodePathModel(encoded: string): string | undefined {
  try {
    const model = decodeURIComponent(encoded);
    return model.length > 0 ? model : undefined;
  } catch {
    return undefined;
  }
}
