import type { ParameterQuirks } from "./provider-definition";

/** A plain field name, or `messages[].field`: entries with a condition in words are documentation only. */
const TOP_LEVEL_FIELD = /^[a-z_][a-z0-9_]*$/i;
const MESSAGE_FIELD = /^messages\[\]\.([a-z_][a-z0-9_]*)$/i;

/**
 * Makes a request body acceptable to a provider that refuses parts of the protocol it claims to speak
 * (Mistral answers 422 to `stream_options`, Cerebras to penalties, Groq to `messages[].name`): refused fields
 * are removed, renamed fields renamed (Mistral `seed` → `random_seed`), the output-token limit moved to the
 * field the API reads, and `temperature` clamped to its range. Only what the definition states is touched.
 * Returns undefined when nothing had to change (so a same-format body can still pass through byte for byte).
 */
export function applyParameterQuirks(body: Record<string, unknown>, quirks: ParameterQuirks): Record<string, unknown> | undefined {
  let edited: Record<string, unknown> | undefined;
  const draft = () => (edited ??= { ...body });

  for (const rule of quirks.rejectedFields) {
    if (TOP_LEVEL_FIELD.test(rule)) {
      if (rule in (edited ?? body)) delete draft()[rule];
      continue;
    }
    const messageField = MESSAGE_FIELD.exec(rule)?.[1];
    if (messageField !== undefined) {
      const messages = (edited ?? body).messages;
      if (!Array.isArray(messages) || !messages.some((message) => typeof message === "object" && message !== null && messageField in message)) continue;
      draft().messages = messages.map((message: unknown) => {
        if (typeof message !== "object" || message === null || !(messageField in message)) return message;
        const { [messageField]: _refused, ...rest } = message as Record<string, unknown>;
        return rest;
      });
    }
  }

  for (const [from, to] of Object.entries(quirks.renamedFields ?? {})) {
    const current = edited ?? body;
    if (!(from in current)) continue;
    const value = current[from];
    delete draft()[from];
    draft()[to] = value;
  }

  // The token limit under the field this API reads (only between the two OpenAI Chat spellings).
  const limitField = quirks.maxTokensField;
  if (limitField === "max_tokens" || limitField === "max_completion_tokens") {
    const other = limitField === "max_tokens" ? "max_completion_tokens" : "max_tokens";
    const current = edited ?? body;
    if (other in current && !(limitField in current)) {
      const value = current[other];
      delete draft()[other];
      draft()[limitField] = value;
    }
  }

  const range = quirks.temperatureRange;
  const temperature = (edited ?? body).temperature;
  if (range !== undefined && typeof temperature === "number") {
    const clamped = Math.min(range[1], Math.max(range[0], temperature));
    if (clamped !== temperature) draft().temperature = clamped;
  }
  return edited;
}
