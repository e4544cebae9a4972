import type { WireFormat } from "../ports";

/**
 * The providers omniroute knows without configuration. Only what routing needs lives here; the full
 * catalog (pricing, capabilities, quirks) arrives with the providers issue as one declarative file each.
 * Base URLs are written as each provider's own SDK takes them (OpenAI-style with `/v1`; Anthropic and
 * Gemini without a version path).
 */
export interface BuiltInProvider {
  id: string;
  displayName: string;
  apiFormat: WireFormat;
  baseUrl: string;
  models: readonly string[];
}

const providers: readonly BuiltInProvider[] = [
  {
    id: "openai",
    displayName: "OpenAI",
    apiFormat: "openai-chat",
    baseUrl: "https://api.openai.com/v1",
    models: ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini"],
  },
  {
    id: "anthropic",
    displayName: "Anthropic",
    apiFormat: "anthropic-messages",
    baseUrl: "https://api.anthropic.com",
    models: ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5"],
  },
  {
    id: "gemini",
    displayName: "Google Gemini",
    apiFormat: "gemini",
    baseUrl: "https://generativelanguage.googleapis.com",
    models: ["gemini-2.5-pro", "gemini-2.5-flash"],
  },
  {
    id: "openrouter",
    displayName: "OpenRouter",
    apiFormat: "openai-chat",
    baseUrl: "https://openrouter.ai/api/v1",
    models: [],
  },
  {
    id: "ds",
    displayName: "DeepSeek",
    apiFormat: "openai-chat",
    baseUrl: "https://api.deepseek.com/v1",
    models: ["deepseek-chat", "deepseek-reasoner"],
  },
  {
    id: "groq",
    displayName: "Groq",
    apiFormat: "openai-chat",
    baseUrl: "https://api.groq.com/openai/v1",
    models: ["llama-3.3-70b-versatile", "openai/gpt-oss-120b"],
  },
];

const byId = new Map(providers.map((provider) => [provider.id, provider]));

export function getBuiltInProvider(id: string): BuiltInProvider | undefined {
  return byId.get(id);
}

export function listBuiltInProviders(): readonly BuiltInProvider[] {
  return providers;
}
