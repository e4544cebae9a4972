import type { IncomingMessage } from "node:http";
import { badRequest, GatewayError } from "../../core/gateway-error";
import type { BodyCapture } from "../../http/body-capture";
import { readBody } from "../../http/read-body";
import { scanJsonBody, type JsonBodyScan } from "../../http/scan-json-body";
import type { WireFormat } from "../../ports";

/** Deeper than any real request (tool schemas nest ~10–20 levels); hostile bodies nest thousands. */
export const MAX_JSON_DEPTH = 128;

export interface JsonRequest {
  /** The body exactly as received: what a same-format upstream gets (only the model string replaced). */
  bytes: Buffer;
  scan: JsonBodyScan;
  body: Record<string, unknown>;
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const mediaType = value.split(";", 1)[0]!.trim().toLowerCase();
  return mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
}

/**
 * Reads a JSON request body with the checks every endpoint shares: content type (415), size (413, nothing
 * buffered past the limit), nesting depth and `__proto__` keys (found by one byte scan before `JSON.parse`),
 * valid JSON, a top-level object. Anything wrong is a 4xx before an upstream is touched. `capture`: the request
 * log's copy of this request's bodies, when it wants them.
 */
export async function readJsonRequest(request: IncomingMessage, maxBodyBytes: number, capture?: BodyCapture): Promise<JsonRequest> {
  if (!isJsonContentType(request.headers["content-type"])) {
    throw new GatewayError({ code: "unsupported_content_type", status: 415, publicMessage: "Content-Type must be application/json." });
  }
  const bytes = await readBody(request, maxBodyBytes);
  // Kept for the request log before any check: a refused body is worth seeing too.
  capture?.request(bytes);
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
  return { bytes, scan, body: body as Record<string, unknown> };
}

/**
 * The body for a same-format upstream: the original bytes with only the model string replaced (Gemini names
 * the model in the URL, so its body goes as it came).
 */
export function withUpstreamModel(request: JsonRequest, clientModel: string, upstreamModel: string, format: WireFormat): Buffer {
  const { bytes, scan } = request;
  if (upstreamModel === clientModel || format === "gemini") return bytes;
  if (scan.modelStart < 0) return Buffer.from(JSON.stringify({ ...request.body, model: upstreamModel }));
  return Buffer.concat([bytes.subarray(0, scan.modelStart), Buffer.from(JSON.stringify(upstreamModel)), bytes.subarray(scan.modelEnd)]);
}
