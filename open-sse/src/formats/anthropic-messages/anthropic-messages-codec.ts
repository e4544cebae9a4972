import type { WireCodec } from "../wire-codec";
import { formatAnthropicError, formatAnthropicStreamError } from "./format-error";
import { formatAnthropicRequest } from "./format-request";
import { formatAnthropicResponse } from "./format-response";
import { AnthropicStreamFormatter } from "./format-stream";
import { parseAnthropicRequest } from "./parse-request";
import { parseAnthropicResponse } from "./parse-response";
import { AnthropicStreamParser } from "./parse-stream";
import { readAnthropicStreamUsage } from "./read-stream-usage";

/** Anthropic Messages (`POST /v1/messages`): Claude Code and the Anthropic SDKs as clients, Claude as upstream. */
export const anthropicMessagesCodec: WireCodec = {
  format: "anthropic-messages",
  upstream: true,

  parseRequest: parseAnthropicRequest,
  formatResponse: formatAnthropicResponse,
  createStreamFormatter: (context) => new AnthropicStreamFormatter(context),
  formatError: formatAnthropicError,
  formatStreamError: formatAnthropicStreamError,
  streamContentType: "text/event-stream; charset=utf-8",

  formatRequest: formatAnthropicRequest,
  parseResponse: parseAnthropicResponse,
  createStreamParser: () => new AnthropicStreamParser(),
  readStreamUsage: readAnthropicStreamUsage,
  usageMarker: '"usage"',
};
