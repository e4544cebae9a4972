import type { WireFormat } from "../ports";
import { anthropicMessagesCodec } from "./anthropic-messages/anthropic-messages-codec";
import { geminiCodec } from "./gemini/gemini-codec";
import { ollamaCodec } from "./ollama/ollama-codec";
import { openAiChatCodec } from "./openai-chat/openai-chat-codec";
import { openAiResponsesCodec } from "./openai-responses/openai-responses-codec";
import type { WireCodec } from "./wire-codec";

/** One line per wire format (DESIGN §2): a new format is a folder and an entry here. */
const codecs: Record<WireFormat, WireCodec> = {
  "openai-chat": openAiChatCodec,
  "openai-responses": openAiResponsesCodec,
  "anthropic-messages": anthropicMessagesCodec,
  gemini: geminiCodec,
  ollama: ollamaCodec,
};

export function codecFor(format: WireFormat): WireCodec {
  return codecs[format];
}
