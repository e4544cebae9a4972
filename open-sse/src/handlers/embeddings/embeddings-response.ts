import { malformedAnswer } from "./json-operation";

export interface EmbeddingsAnswer {
  /** The bytes to send the client. */
  body: Buffer;
  /** `usage.prompt_tokens`, or null when the upstream reported none. */
  promptTokens: number | null;
  vectors: number;
}

/**
 * An upstream's embeddings answer as the client gets it: OpenAI's shape (`{object: "list", data: [{object:
 * "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens}}`).
 *
 * `passthrough`: the upstream speaks OpenAI's format and got the client's own request, so its bytes go back
 * untouched (only read for usage). Otherwise the answer is rebuilt: entries in index order, the client's model
 * name, and — when the client asked for base64 but the upstream only sends floats — each vector encoded the way
 * OpenAI encodes it (little-endian float32, base64), which is what the official SDKs decode.
 */
export function embeddingsAnswer(
  upstream: Record<string, unknown>,
  raw: Buffer,
  options: { providerId: string; clientModel: string; passthrough: boolean; encodeLocally: boolean },
): EmbeddingsAnswer {
  const data = upstream.data;
  if (!Array.isArray(data)) throw malformedAnswer(options.providerId, "has no 'data' list");
  const promptTokens = promptTokensOf(upstream.usage);
  if (options.passthrough) return { body: raw, promptTokens, vectors: data.length };

  const entries = data.map((item: unknown, position: number) => {
    if (typeof item !== "object" || item === null) throw malformedAnswer(options.providerId, "has an embedding that is not an object");
    const record = item as Record<string, unknown>;
    const index = typeof record.index === "number" ? record.index : position;
    const vector = record.embedding;
    if (typeof vector === "string") return { object: "embedding", index, embedding: vector };
    if (!Array.isArray(vector) || !vector.every((value) => typeof value === "number")) {
      throw malformedAnswer(options.providerId, "has an embedding that is not a list of numbers");
    }
    return { object: "embedding", index, embedding: options.encodeLocally ? floatsToBase64(vector as number[]) : vector };
  });
  entries.sort((left, right) => left.index - right.index);
  const answer = {
    object: "list",
    data: entries,
    model: options.clientModel,
    usage: { prompt_tokens: promptTokens ?? 0, total_tokens: totalTokensOf(upstream.usage) ?? promptTokens ?? 0 },
  };
  return { body: Buffer.from(JSON.stringify(answer)), promptTokens, vectors: entries.length };
}

/** OpenAI's base64 vector encoding: the float32 values, little-endian, base64. */
export function floatsToBase64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4);
  return bytes.toString("base64");
}

function promptTokensOf(usage: unknown): number | null {
  if (typeof usage !== "object" || usage === null) return null;
  const tokens = (usage as Record<string, unknown>).prompt_tokens;
  return typeof tokens === "number" && Number.isFinite(tokens) && tokens >= 0 ? tokens : null;
}

function totalTokensOf(usage: unknown): number | null {
  if (typeof usage !== "object" || usage === null) return null;
  const tokens = (usage as Record<string, unknown>).total_tokens;
  return typeof tokens === "number" && Number.isFinite(tokens) && tokens >= 0 ? tokens : null;
}
