import type { ReasoningEffort } from "../../core/canonical-request";

/**
 * What the Responses request formatter must know about an OpenAI model id, read from its name, because
 * OpenAI rejects parameters a model does not take rather than ignoring them:
 * - non-reasoning models (gpt-4o, gpt-4.1, gpt-5-chat-latest) reject `reasoning` and
 *   `include: ["reasoning.encrypted_content"]`;
 * - reasoning models reject `temperature` / `top_p`, except GPT-5.1 and later with effort `none`
 *   (OpenAI "GPT-5.1 parameter compatibility"; the Vercel AI SDK applies the same rule);
 * - each family takes its own set of efforts ("Unsupported value: 'minimal' is not supported with the
 *   'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'"; `xhigh` arrived with
 *   gpt-5.1-codex-max, Codex docs; codex models take no `none`).
 * Ids it does not recognise (other vendors' Responses APIs, LM Studio, vLLM) get what the client asked for.
 * This table belongs with core/model-limits.ts once the provider catalog carries per-model capabilities.
 */
export interface OpenAiModelTraits {
  kind: "reasoning" | "non-reasoning" | "unknown";
  /** The efforts the model accepts (reasoning models only). */
  efforts?: readonly ReasoningEffort[];
  /** Whether `temperature` / `top_p` are accepted when the effort is `none`. */
  samplingWhenEffortNone: boolean;
}

const EFFORT_ORDER: readonly ReasoningEffort[] = ["none", "minimal", "low", "medium", "high", "xhigh"];
const LOW_TO_HIGH: readonly ReasoningEffort[] = ["low", "medium", "high"];

export function openAiModelTraits(model: string): OpenAiModelTraits {
  const bare = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  if (/^o\d+(?:-|$)/.test(bare) || bare.startsWith("codex-mini")) return { kind: "reasoning", efforts: LOW_TO_HIGH, samplingWhenEffortNone: false };
  if (bare.startsWith("chatgpt-")) return { kind: "non-reasoning", samplingWhenEffortNone: false };
  // gpt-4o, gpt-4.1-mini, gpt-5, gpt-5.1-codex-max: major, optional minor, letters glued to it, variant.
  const gpt = /^gpt-(\d+)(?:\.(\d+))?[a-z]*(?:-(.+))?$/.exec(bare);
  if (gpt === null) return { kind: "unknown", samplingWhenEffortNone: false };
  const major = Number(gpt[1]);
  const minor = gpt[2] === undefined ? 0 : Number(gpt[2]);
  const variant = gpt[3] ?? "";
  if (major < 5 || (gpt[2] === undefined && variant.startsWith("chat"))) return { kind: "non-reasoning", samplingWhenEffortNone: false };
  const samplingWhenEffortNone = major > 5 || minor >= 1;
  const codex = variant.includes("codex");
  const xhigh = major > 5 || minor >= 2 || variant.includes("codex-max");
  let efforts: ReasoningEffort[];
  if (major === 5 && minor === 0) efforts = codex ? ["low", "medium", "high"] : ["minimal", "low", "medium", "high"];
  else efforts = [...(codex ? [] : (["none"] as const)), "low", "medium", "high", ...(xhigh ? (["xhigh"] as const) : [])];
  return { kind: "reasoning", efforts, samplingWhenEffortNone };
}

/** The accepted effort closest to the one asked for (ties go up: the client asked for at least that much). */
export function clampEffort(effort: ReasoningEffort, accepted: readonly ReasoningEffort[] | undefined): ReasoningEffort {
  if (accepted === undefined || accepted.length === 0 || accepted.includes(effort)) return effort;
  const wanted = EFFORT_ORDER.indexOf(effort);
  let best = accepted[0] as ReasoningEffort;
  for (const candidate of accepted) {
    const distance = Math.abs(EFFORT_ORDER.indexOf(candidate) - wanted);
    const bestDistance = Math.abs(EFFORT_ORDER.indexOf(best) - wanted);
    if (distance < bestDistance || (distance === bestDistance && EFFORT_ORDER.indexOf(candidate) > EFFORT_ORDER.indexOf(best))) best = candidate;
  }
  return best;
}
