import { formatGeminiModel, formatGeminiModelList } from "../formats/gemini/format-model-list";
import type { ClientKeyRuntime, GatewaySnapshot } from "../ports";
import { listModelsBody } from "./list-models";

/**
 * GET /v1beta/models in Gemini's shape, for Gemini CLI and `@google/genai`: the same models and combos
 * `/v1/models` lists (so `models/openai/gpt-4o` and `models/my-stack` are callable from a Gemini client).
 */
export function geminiModelListBody(snapshot: GatewaySnapshot, key?: ClientKeyRuntime): string {
  return JSON.stringify(formatGeminiModelList(listedIds(snapshot, key).map((name) => ({ name }))));
}

/** GET /v1beta/models/{model}; `model` may carry the `models/` prefix. Undefined when not listed. */
export function geminiModelBody(snapshot: GatewaySnapshot, model: string, key?: ClientKeyRuntime): string | undefined {
  const id = model.startsWith("models/") ? model.slice("models/".length) : model;
  if (!listedIds(snapshot, key).includes(id)) return undefined;
  return JSON.stringify(formatGeminiModel({ name: id }));
}

function listedIds(snapshot: GatewaySnapshot, key: ClientKeyRuntime | undefined): string[] {
  const list = JSON.parse(listModelsBody(snapshot, 0, key)) as { data: Array<{ id: string }> };
  return list.data.map((entry) => entry.id);
}
