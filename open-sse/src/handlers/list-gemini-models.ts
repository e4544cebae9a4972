import { formatGeminiModel, formatGeminiModelList, type GeminiModelInfo } from "../formats/gemini/format-model-list";
import type { ClientKeyRuntime, GatewaySnapshot } from "../ports";
import { listedModels, type ListedModel } from "./list-models";

/**
 * GET /v1beta/models in Gemini's shape, for Gemini CLI and `@google/genai`: the chat models and combos
 * `/v1/models` lists (so `models/openai/gpt-4o` and `models/my-stack` are callable from a Gemini client), with
 * the catalog's display name and token limits where it knows them. Embedding and image models are left out:
 * this listing promises generateContent, which they do not answer.
 */
export function geminiModelListBody(snapshot: GatewaySnapshot, key?: ClientKeyRuntime): string {
  return JSON.stringify(formatGeminiModelList(chatModels(snapshot, key).map(toGeminiInfo)));
}

/** GET /v1beta/models/{model}; `model` may carry the `models/` prefix. Undefined when not listed. */
export function geminiModelBody(snapshot: GatewaySnapshot, model: string, key?: ClientKeyRuntime): string | undefined {
  const id = model.startsWith("models/") ? model.slice("models/".length) : model;
  const found = chatModels(snapshot, key).find((listed) => listed.id === id);
  return found === undefined ? undefined : JSON.stringify(formatGeminiModel(toGeminiInfo(found)));
}

function chatModels(snapshot: GatewaySnapshot, key: ClientKeyRuntime | undefined): ListedModel[] {
  return listedModels(snapshot, key).filter((model) => model.type === "chat");
}

function toGeminiInfo(model: ListedModel): GeminiModelInfo {
  const info: GeminiModelInfo = { name: model.id };
  if (model.name !== undefined) info.displayName = model.name;
  // The catalog knows the whole window, not a separate input cap: report it as the input limit, an upper bound.
  if (model.contextWindow !== undefined) info.inputTokenLimit = model.contextWindow;
  if (model.maxOutputTokens !== undefined) info.outputTokenLimit = model.maxOutputTokens;
  return info;
}
