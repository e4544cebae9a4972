import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../../formats/wire-codec";
import type { WireFormat } from "../../ports";

const MODEL_PATTERN = /^[\x20-\x7e]{1,256}$/;

/** What routing needs before any translation: a same-format request is forwarded without a full parse. */
export interface RequestEssentials {
  model: string;
  stream: boolean;
  /** OpenAI Chat `stream_options.include_usage`. */
  includeUsage: boolean;
}

/**
 * The model, the stream flag and the bare minimum of shape, read cheaply. The full, strict parse into the
 * canonical request happens only when a target needs translation: a same-format upstream judges the rest
 * itself, as it would for a direct connection.
 */
export function readEssentials(format: WireFormat, body: Record<string, unknown>, route: RequestRoute): RequestEssentials {
  const model = route.model ?? body.model;
  if (model === undefined || model === null || model === "") throw badRequest("missing_model", "You must provide a model parameter.", "model");
  if (typeof model !== "string") throw badRequest("invalid_request", "'model' must be a string.", "model");
  if (!MODEL_PATTERN.test(model)) throw badRequest("invalid_request", "'model' must be 1–256 printable ASCII characters.", "model");
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw badRequest("invalid_request", "'stream' must be a boolean.", "stream");
  }
  switch (format) {
    case "openai-chat": {
      if (!Array.isArray(body.messages)) throw badRequest("invalid_request", "'messages' must be an array of message objects.", "messages");
      if (body.messages.length === 0) throw badRequest("invalid_request", "'messages' must contain at least one message.", "messages");
      const options = body.stream_options as { include_usage?: unknown } | null | undefined;
      return { model, stream: body.stream === true, includeUsage: typeof options === "object" && options !== null && options.include_usage === true };
    }
    case "anthropic-messages":
      if (!Array.isArray(body.messages)) throw badRequest("invalid_request", "messages: Field required (an array of messages).", "messages");
      return { model, stream: body.stream === true, includeUsage: false };
    case "openai-responses":
      if (body.input === undefined || body.input === null) throw badRequest("invalid_request", "'input' is required.", "input");
      return { model, stream: body.stream === true, includeUsage: false };
    case "gemini":
      if (!Array.isArray(body.contents)) throw badRequest("invalid_request", "'contents' must be an array.", "contents");
      return { model, stream: route.stream === true, includeUsage: false };
    case "ollama":
      if (!Array.isArray(body.messages)) throw badRequest("invalid_request", "'messages' must be an array.", "messages");
      // Ollama streams unless told not to.
      return { model, stream: body.stream !== false, includeUsage: false };
  }
}
