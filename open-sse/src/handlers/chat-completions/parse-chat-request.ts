import type { IncomingMessage } from "node:http";
import { badRequest, GatewayError } from "../../core/gateway-error";
import { readBody } from "../../http/read-body";
import { scanJsonBody, type JsonBodyScan } from "../../http/scan-json-body";

/** Deeper than any real request (tool schemas nest ~10–20 levels); hostile bodies nest thousands. */
export const MAX_JSON_DEPTH = 128;
const MODEL_PATTERN = /^[\x20-\x7e]{1,256}$/;

export interface ChatRequest {
  bytes: Buffer;
  scan: JsonBodyScan;
  body: Record<string, unknown>;
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const mediaType = value.split(";", 1)[0]!.trim().toLowerCase();
  return mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
}

/** Reads and checks an OpenAI Chat request. Anything wrong is a 4xx before an upstream is touched. */
export async function parseChatRequest(request: IncomingMessage, maxBodyBytes: number): Promise<ChatRequest> {
  if (!isJsonContentType(request.headers["content-type"])) {
    throw new GatewayError({
      code: "unsupported_content_type",
      status: 415,
      publicMessage: "Content-Type must be application/json.",
    });
  }
  const bytes = await readBody(request, maxBodyBytes);
  const scan = scanJsonBody(bytes, MAX_JSON_DEPTH);
  if (scan.tooDeep) throw badRequest("too_deep", `Request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : "parse error";
    throw badRequest("invalid_json", `Request body is not valid JSON: ${reason}`);
  }
  if (scan.forbiddenKey) throw badRequest("forbidden_key", "Request body contains a forbidden key: __proto__.");
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("invalid_request", "Request body must be a JSON object.");
  }
  const fields = body as Record<string, unknown>;
  const model = fields.model;
  if (model === undefined || model === null || model === "") {
    throw badRequest("missing_model", "You must provide a model parameter.", "model");
  }
  if (typeof model !== "string") throw badRequest("invalid_request", "'model' must be a string.", "model");
  if (!MODEL_PATTERN.test(model)) {
    throw badRequest("invalid_request", "'model' must be 1–256 printable ASCII characters.", "model");
  }
  if (!Array.isArray(fields.messages)) {
    throw badRequest("invalid_request", "'messages' must be an array of message objects.", "messages");
  }
  if (fields.messages.length === 0) {
    throw badRequest("invalid_request", "'messages' must contain at least one message.", "messages");
  }
  if (fields.stream !== undefined && fields.stream !== null && typeof fields.stream !== "boolean") {
    throw badRequest("invalid_request", "'stream' must be a boolean.", "stream");
  }
  const streamOptions = fields.stream_options as { include_usage?: unknown } | undefined | null;
  return {
    bytes,
    scan,
    body: fields,
    model,
    stream: fields.stream === true,
    includeUsage: typeof streamOptions === "object" && streamOptions !== null && streamOptions.include_usage === true,
  };
}

/** The body to send upstream: the original bytes with only the model string replaced. */
export function upstreamBody(chatRequest: ChatRequest, upstreamModel: string): Buffer {
  const { bytes, scan, model } = chatRequest;
  if (upstreamModel === model) return bytes;
  if (scan.modelStart < 0) {
    // Unreachable for a body whose `model` parsed as a string, kept as a safe fallback.
    return Buffer.from(JSON.stringify({ ...chatRequest.body, model: upstreamModel }));
  }
  return Buffer.concat([
    bytes.subarray(0, scan.modelStart),
    Buffer.from(JSON.stringify(upstreamModel)),
    bytes.subarray(scan.modelEnd),
  ]);
}
