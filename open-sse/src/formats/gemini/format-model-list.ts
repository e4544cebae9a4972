/** What the gateway knows of a model it lists for Gemini clients. */
export interface GeminiModelInfo {
  /** The id clients call it by (`gemini-2.5-pro`, `openai/gpt-4o`, a combo name); a `models/` prefix is allowed. */
  name: string;
  displayName?: string;
  description?: string;
  inputTokenLimit?: number;
  outputTokenLimit?: number;
}

/** Every model listed here answers these, through the gateway's Gemini endpoints. */
const SUPPORTED_GENERATION_METHODS = ["generateContent", "streamGenerateContent", "countTokens"];

/**
 * One model as GET /v1beta/models/{model} returns it (`@google/genai` `models.get`). `version` is the dotted
 * version in the id when there is one (`gemini-2.5-pro` → `2.5`, as Google reports it), else `001`.
 */
export function formatGeminiModel(model: GeminiModelInfo): Record<string, unknown> {
  const id = model.name.startsWith("models/") ? model.name.slice("models/".length) : model.name;
  const version = /(?:^|-)(\d+\.\d+(?:\.\d+)?)(?:-|$)/.exec(id.slice(id.lastIndexOf("/") + 1))?.[1] ?? "001";
  return {
    name: `models/${id}`,
    version,
    displayName: model.displayName ?? id,
    ...(model.description !== undefined ? { description: model.description } : {}),
    ...(model.inputTokenLimit !== undefined ? { inputTokenLimit: model.inputTokenLimit } : {}),
    ...(model.outputTokenLimit !== undefined ? { outputTokenLimit: model.outputTokenLimit } : {}),
    supportedGenerationMethods: [...SUPPORTED_GENERATION_METHODS],
  };
}

/** GET /v1beta/models: every model in one page (no `nextPageToken`, so `models.list` pagers stop there). */
export function formatGeminiModelList(models: readonly GeminiModelInfo[]): Record<string, unknown> {
  return { models: models.map(formatGeminiModel) };
}
