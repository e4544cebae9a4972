import type { ReasoningEffort } from "../../core/canonical-request";

/**
 * What the OpenAI Chat formatter must know of the target model. "OpenAI-compatible" providers accept
 * different subsets of the API, and a field a model does not take is a 400 (OpenAI: "Unsupported parameter:
 * 'max_tokens'", "Unrecognized request argument"; Mistral rejects unknown fields outright). The upstream
 * target carries only the model id, so these rules key on model-id families and err towards leaving a field
 * out: an omitted field means the model's default, a wrongly sent one fails the request.
 */
function bareModel(model: string): string {
  return model.slice(model.lastIndexOf("/") + 1).toLowerCase();
}

/** OpenAI's own models (also behind Azure and routers that keep the id): gpt-*, o1/o3/o4…, chatgpt-*, codex-*. */
export function isOpenAiModel(model: string): boolean {
  return /^(gpt-|chatgpt-|codex-|o\d)/.test(bareModel(model));
}

/**
 * OpenAI reasoning models (o-series, GPT-5 family except the `-chat` variants): they refuse `max_tokens`
 * and sampling parameters (`temperature`, `top_p`, penalties) other than their defaults.
 */
export function isOpenAiReasoningModel(model: string): boolean {
  const bare = bareModel(model);
  return /^o\d/.test(bare) || (bare.startsWith("gpt-5") && !bare.includes("-chat"));
}

/**
 * The largest completion-token limit well-known OpenAI-compatible models accept: a larger `max_tokens` is a
 * 400 there ("max_tokens is too large", DeepSeek "valid range of max_tokens is [1, 8192]"), and Claude Code
 * asks for 32000–64000 on every request. Most specific prefix first; unknown models are not capped.
 * Sources: OpenAI model pages (max output tokens), DeepSeek "Models & Pricing".
 */
const MAX_OUTPUT_TOKENS: ReadonlyArray<readonly [prefix: string, limit: number]> = [
  ["gpt-5-chat", 16_384],
  ["gpt-5", 128_000],
  ["gpt-4.1", 32_768],
  ["gpt-4.5", 16_384],
  ["gpt-4o", 16_384],
  ["chatgpt-4o", 16_384],
  ["gpt-4-turbo", 4_096],
  ["gpt-4", 8_192],
  ["gpt-3.5-turbo", 4_096],
  ["o1-mini", 65_536],
  ["o1-preview", 32_768],
  ["o1", 100_000],
  ["o3", 100_000],
  ["o4-mini", 100_000],
  ["deepseek-chat", 8_192],
  ["deepseek-reasoner", 65_536],
];

/** `requested` capped to what the model accepts (unchanged for models not in the table). */
export function chatMaxOutputTokens(requested: number, model: string): number {
  const bare = bareModel(model);
  const limit = MAX_OUTPUT_TOKENS.find(([prefix]) => bare.startsWith(prefix))?.[1];
  return limit === undefined ? requested : Math.min(requested, limit);
}

/**
 * The `reasoning_effort` to send for a canonical effort, or undefined to leave it out. Sent only to model
 * families documented to accept it, with the effort clamped to the levels each takes:
 * - GPT-5 family: minimal…high; `none` from gpt-5.1 on; `xhigh` from gpt-5.2 on and on `*-codex-max`.
 * - o-series, gpt-oss (any host), Gemini through its OpenAI endpoint: low/medium/high.
 * - grok-3-mini: low/high.
 * Other models (gpt-4o, Llama, DeepSeek, Mistral, …) are not sent the field: several answer 400 to it, and
 * Claude Code asks for thinking on every request. "none" is left out wherever it is not documented, so the
 * model runs at its default rather than failing.
 */
export function chatReasoningEffort(effort: ReasoningEffort | undefined, model: string): string | undefined {
  if (effort === undefined) return undefined;
  const bare = bareModel(model);
  if (bare.startsWith("gpt-5") && !bare.includes("-chat")) {
    const minor = /^gpt-5\.(\d+)/.exec(bare);
    const minorVersion = minor === null ? 0 : Number(minor[1]);
    if (effort === "none") return minorVersion >= 1 ? "none" : "minimal";
    if (effort === "xhigh") return minorVersion >= 2 || bare.includes("codex-max") ? "xhigh" : "high";
    return effort;
  }
  if (/^o\d/.test(bare) || bare.startsWith("gpt-oss") || bare.startsWith("gemini-")) return threeLevels(effort);
  if (bare.startsWith("grok-3-mini")) {
    const level = threeLevels(effort);
    return level === undefined ? undefined : level === "low" ? "low" : "high";
  }
  return undefined;
}

function threeLevels(effort: ReasoningEffort): "low" | "medium" | "high" | undefined {
  switch (effort) {
    case "none":
      return undefined;
    case "minimal":
    case "low":
      return "low";
    case "medium":
      return "medium";
    case "high":
    case "xhigh":
      return "high";
  }
}
