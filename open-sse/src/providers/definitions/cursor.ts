import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/** Cursor requests are included in the Cursor plan (accounting/billing-mode.ts `subscription`). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;
const NINEROUTER_CURSOR = "decolua/9router open-sse/config/providerModels.js (cu: Cursor's model names)";

function model(id: string, name: string, contextWindow: number, maxOutputTokens: number, reasoning: boolean, vendor: string): ModelDefinition {
  return {
    id,
    name,
    type: "chat",
    contextWindow,
    maxOutputTokens,
    // Ask mode carries text only (upstream/executors/cursor/cursor-request.ts): no tools, no images.
    capabilities: { tools: false, vision: false, reasoning },
    price: INCLUDED_IN_PLAN,
    // Limits are the vendor's; Cursor may cap them lower.
    sources: [NINEROUTER_CURSOR, modelsDevSource(vendor)],
  };
}

/**
 * Cursor (`cu/`): a Cursor subscription, connected by importing the IDE's access token (pasted, or read from the
 * local install's `state.vscdb`), called on Cursor's own Connect/protobuf API in Ask mode
 * (upstream/executors/cursor.ts). Partial: text conversations stream (with thinking); tools, images and
 * documents are refused with a retryable error so a combo moves on; the schema is reverse-engineered and the
 * endpoint needs HTTP/2. docs/PROVIDERS-SUBSCRIPTION-II.md says exactly what works.
 *
 * Terms: using a Cursor subscription outside the Cursor editor may break Cursor's terms of service; the user
 * decides.
 */
export const cursor: ProviderDefinition = {
  id: "cu",
  displayName: "Cursor",
  tier: "subscription",
  apiFormat: "openai-chat",
  baseUrl: "https://api2.cursor.sh",
  auth: { kind: "bearer" },
  executor: "cursor",
  oauthFlow: "cursor-import",
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: ["tools", "tool_choice"],
    rejectsUnknownFields: true,
    reasoningControls: [],
    requiredHeaders: { "connect-protocol-version": "1", "content-type": "application/connect+proto" },
    notes: [
      "not a codec endpoint: POST /aiserver.v1.ChatService/StreamUnifiedChatWithTools, protobuf in Connect envelopes, HTTP/2 only (HTTP/1.1 answers 464)",
      "x-cursor-checksum signs the call's time with the install's machine id (storage.serviceMachineId)",
      "Ask mode only: tools, tool results, images and documents are refused (retryable)",
      "no token counts in the answer: usage is estimated by the host",
      "reasoning effort medium/high maps to Cursor's thinking level",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "decolua/9router open-sse/executors/cursor.js, open-sse/utils/cursorProtobuf.js, open-sse/utils/cursorChecksum.js",
      "JiuZ-Chn/Cursor-To-OpenAI src/proto/message.proto (StreamUnifiedChatWithTools request/response)",
      "https://connectrpc.com/docs/protocol/ (streaming envelopes)",
    ],
    models: [NINEROUTER_CURSOR, modelsDevSource("anthropic"), modelsDevSource("openai")],
    prices: ["included in the Cursor plan: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["decolua/9router open-sse/executors/cursor.js (HTTP/2, JSON error frames)"],
  },
  models: [
    model("default", "Auto (Cursor picks)", 200_000, 64_000, false, "anthropic"),
    model("claude-4.5-sonnet", "Claude 4.5 Sonnet", 200_000, 64_000, false, "anthropic"),
    model("claude-4.5-sonnet-thinking", "Claude 4.5 Sonnet Thinking", 200_000, 64_000, true, "anthropic"),
    model("claude-4.5-opus-high", "Claude 4.5 Opus High", 200_000, 64_000, false, "anthropic"),
    model("claude-4.5-haiku", "Claude 4.5 Haiku", 200_000, 64_000, false, "anthropic"),
    model("gpt-5.2", "GPT 5.2", 400_000, 128_000, true, "openai"),
    model("gpt-5.2-codex", "GPT 5.2 Codex", 400_000, 128_000, true, "openai"),
    model("gemini-3-flash-preview", "Gemini 3 Flash Preview", 1_048_576, 65_536, true, "google"),
  ],
};
