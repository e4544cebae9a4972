import type { ServerResponse } from "node:http";
import type { GatewayError } from "../core/gateway-error";
import type { RequestOutcome } from "./request-context";

export type ErrorRenderer = (error: GatewayError) => string;

/**
 * Sends an error in the client's wire format. Before the headers went out it is a normal JSON error
 * response; inside a started SSE stream it is a terminal error event, then the stream ends.
 */
export function sendError(
  response: ServerResponse,
  requestId: string,
  error: GatewayError,
  renderJson: ErrorRenderer,
  renderStreamEvent: ErrorRenderer,
): RequestOutcome {
  if (!response.headersSent) {
    const body = renderJson(error);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "x-request-id": requestId,
    };
    if (error.retryAfterSeconds !== undefined) headers["retry-after"] = error.retryAfterSeconds;
    // After a refused oversized body the rest of it is never read: close instead of reusing the socket.
    if (error.status === 413) headers.connection = "close";
    response.writeHead(error.status, headers);
    response.end(body);
    return { httpStatus: error.status, status: "error", errorCode: error.code };
  }
  if (!response.writableEnded && !response.destroyed) {
    response.end(renderStreamEvent(error));
  }
  return { httpStatus: response.statusCode, status: "stream_error", errorCode: error.code };
}
