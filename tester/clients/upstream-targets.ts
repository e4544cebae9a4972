// The four upstream wire formats the client tests route to, each with the recordings the mock replays for it.
// The mock picks its recording by model name, so `<providerId>/<fixture>` selects both the upstream format and
// the answer (upstream-front.ts replays other model names as the format's text recording).

import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";

export type UpstreamKey = "chat" | "responses" | "claude" | "gemini";

export interface UpstreamTarget {
  key: UpstreamKey;
  /** For test names. */
  label: string;
  /** The omniroute provider id (also the model prefix). */
  providerId: string;
  protocol: UpstreamProtocol;
  /** A recording whose answer is plain text (what CLI runs use: a tool call makes a CLI loop). */
  textFixture: string;
  /** A recording whose answer is one tool call, with the tool's name. */
  toolFixture: string;
  toolName: string;
}

export const UPSTREAM_TARGETS: readonly UpstreamTarget[] = [
  { key: "chat", label: "OpenAI Chat upstream", providerId: "up-chat", protocol: "openai-chat", textFixture: "openai-text", toolFixture: "deepseek-tool-call", toolName: "weather" },
  { key: "responses", label: "OpenAI Responses upstream", providerId: "up-responses", protocol: "openai-responses", textFixture: "lmstudio-basic.1", toolFixture: "lmstudio-tool-call.1", toolName: "weather" },
  { key: "claude", label: "Anthropic Messages upstream", providerId: "up-claude", protocol: "claude", textFixture: "anthropic-text", toolFixture: "anthropic-json-tool.1", toolName: "json" },
  { key: "gemini", label: "Gemini upstream", providerId: "gemini", protocol: "gemini", textFixture: "google-text", toolFixture: "google-tool-call", toolName: "weather" },
];

/** JSON schemas of the tools the recordings call, declared by the SDK tests exactly like this. */
export const TOOL_SCHEMAS: Record<string, { description: string; parameters: Record<string, unknown> }> = {
  weather: {
    description: "Get the weather in a location",
    parameters: {
      type: "object",
      properties: { location: { type: "string", description: "The location to get the weather for" } },
      required: ["location"],
      additionalProperties: false,
    },
  },
  json: {
    description: "Respond with a JSON object",
    parameters: {
      type: "object",
      properties: {
        elements: {
          type: "array",
          items: {
            type: "object",
            properties: { location: { type: "string" }, temperature: { type: "number" }, condition: { type: "string" } },
            required: ["location", "temperature", "condition"],
          },
        },
      },
      required: ["elements"],
    },
  },
};
