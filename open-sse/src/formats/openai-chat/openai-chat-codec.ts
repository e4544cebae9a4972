import type { WireCodec } from "../wire-codec";
import { formatOpenAiError, formatOpenAiStreamError } from "./format-error";
import { formatChatRequest } from "./format-request";
import { formatChatResponse } from "./format-response";
import { ChatStreamFormatter } from "./format-stream";
import { parseChatRequest } from "./parse-request";
import { parseChatResponse } from "./parse-response";
import { ChatStreamParser } from "./parse-stream";
import { readStreamUsage } from "./read-stream-usage";

/** OpenAI Chat Completions (`POST /v1/chat/completions`), both as a client format and as an upstream. */
export const openAiChatCodec: WireCodec = {
  format: "openai-chat",
  upstream: true,

  parseRequest: parseChatRequest,
  formatResponse: formatChatResponse,
  createStreamFormatter: (context) => new ChatStreamFormatter(context),
  formatError: formatOpenAiError,
  formatStreamError: formatOpenAiStreamError,
  streamContentType: "text/event-stream; charset=utf-8",

  formatRequest: formatChatRequest,
  parseResponse: parseChatResponse,
  createStreamParser: () => new ChatStreamParser(),
  readStreamUsage: (data) => readStreamUsage(data),
  usageMarker: '"usage"',
};
