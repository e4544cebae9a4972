import type { IncomingMessage } from "node:http";
import { GatewayError } from "../core/gateway-error";

export function bodyTooLarge(limitBytes: number): GatewayError {
  return new GatewayError({
    code: "body_too_large",
    status: 413,
    publicMessage: `Request body is larger than the limit of ${limitBytes} bytes.`,
  });
}

/**
 * Reads the request body, refusing it with 413 as soon as it is known to be over the limit: from
 * Content-Length before reading anything, or while counting a chunked body. Never buffers more than the limit.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(bodyTooLarge(limitBytes));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        settled = true;
        cleanup();
        // Stop reading; the response carries `Connection: close` so the rest is never buffered.
        request.pause();
        reject(bodyTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error("client aborted while sending the body"));
    const cleanup = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("aborted", onAborted);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("aborted", onAborted);
  });
}
