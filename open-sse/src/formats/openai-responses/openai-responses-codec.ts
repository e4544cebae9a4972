import type { WireCodec } from "../wire-codec";
import { formatResponsesError, formatResponsesStreamError } from "./format-error";
import { formatResponsesRequest } from "./format-request";
import { formatResponsesResponse } from "./format-response";
import { ResponsesStreamFormatter } from "./format-stream";
import { parseResponsesRequest } from "./parse-request";
import { parseResponsesResponse } from "./parse-response";
import { ResponsesStreamParser } from "./parse-stream";
import { readResponsesStreamUsage } from "./read-stream-usage";

/** OpenAI Responses (`POST /v1/responses`): Codex and the OpenAI SDKs as clients, OpenAI (and compatible servers) as upstream. */
export const openAiResponsesCodec: WireCodec = {
  format: "openai-responses",
  upstream: true,

  parseRequest: parseResponsesRequest,
  formatResponse: formatResponsesResponse,
  createStreamFormatter: (context) => new ResponsesStreamFormatter(context),
  formatError: formatResponsesError,
  formatStreamError: formatResponsesStreamError,
  streamContentType: "text/event-stream; charset=utf-8",

  formatRequest: formatResponsesRequest,
  parseResponse: parseResponsesResponse,
  createStreamParser: () => new ResponsesStreamParser(),
  readStreamUsage: readResponsesStreamUsage,
  usageMarker: '"usage"',
};
