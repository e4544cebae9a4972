import type { GatewayError } from "../../core/gateway-error";
import { codecFor } from "../../formats/codec-registry";
import type { RequestContext, RequestOutcome } from "../../http/request-context";
import { sendError } from "../../http/send-error";

/** Errors of the OpenAI-format operation endpoints, in OpenAI's error shape (`{"error":{message,type,param,code}}`). */
export function failOpenAi(context: RequestContext, error: GatewayError): RequestOutcome {
  const codec = codecFor("openai-chat");
  return sendError(context.response, context.requestId, error, codec.formatError, codec.formatStreamError);
}

/** A JSON answer with the route headers; `client_closed` when the client left before it could be written. */
export function sendJson(context: RequestContext, body: Buffer, headers: Record<string, string>): RequestOutcome {
  const { response } = context;
  if (context.abortSignal.aborted || response.destroyed) return { httpStatus: 499, status: "aborted", errorCode: "client_closed" };
  response.writeHead(200, { ...headers, "content-type": "application/json", "content-length": body.length });
  context.recorder.markFirstByte();
  response.end(body);
  return { httpStatus: 200, status: "ok", errorCode: null };
}

/** The request ended because the client went away. */
export const CLIENT_CLOSED: RequestOutcome = Object.freeze({ httpStatus: 499, status: "aborted", errorCode: "client_closed" });
