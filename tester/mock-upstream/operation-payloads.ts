// Deterministic default answers of the mock for OpenAI's embeddings and images endpoints and Fireworks' FLUX
// workflow endpoint, each in the provider's real wire shape, so tests can assert exactly what a client gets back.

/** A 1×1 transparent PNG: a real image the official SDKs and browsers accept. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** The vector the mock returns for input number `index` (`length` values): recognisable and exact in float32. */
export function mockVector(index: number, length: number): number[] {
  return Array.from({ length }, (_unused, position) => (index + 1) / 4 + position / 8);
}

/** Prompt tokens the mock reports: one per 4 characters of text (token arrays: their length), at least 1 per input. */
export function mockPromptTokens(inputs: readonly (string | readonly number[])[]): number {
  return inputs.reduce((sum, input) => sum + Math.max(1, typeof input === "string" ? Math.ceil(input.length / 4) : input.length), 0);
}

function inputsOf(input: unknown): (string | number[])[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.length > 0 && typeof input[0] === "number") return [input as number[]];
  return input as (string | number[])[];
}

/** OpenAI's embeddings answer (8 floats per input unless `dimensions`; base64 float32 when asked). */
export function embeddingsAnswer(request: Record<string, unknown>): Record<string, unknown> {
  const inputs = inputsOf(request.input);
  const length = typeof request.dimensions === "number" ? request.dimensions : typeof request.output_dimension === "number" ? request.output_dimension : 8;
  const base64 = request.encoding_format === "base64";
  const tokens = mockPromptTokens(inputs);
  return {
    object: "list",
    data: inputs.map((_input, index) => {
      const vector = mockVector(index, length);
      return { object: "embedding", index, embedding: base64 ? float32Base64(vector) : vector };
    }),
    model: typeof request.model === "string" ? request.model : "text-embedding-3-small",
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/**
 * OpenAI's images answer: `n` images as `b64_json` (GPT image models always; others when asked) or URLs; GPT image
 * models also report token usage. Together's `response_format: "base64"` gets `b64_json` too, as Together answers.
 */
export function imagesAnswer(request: Record<string, unknown>, now: number): Record<string, unknown> {
  const model = typeof request.model === "string" ? request.model : "dall-e-2";
  const n = typeof request.n === "number" && request.n > 0 ? Math.min(10, request.n) : 1;
  const gptImage = model.startsWith("gpt-image");
  const base64 = gptImage || request.response_format === "b64_json" || request.response_format === "base64";
  const data = Array.from({ length: n }, (_unused, index) =>
    base64 ? { b64_json: TINY_PNG.toString("base64") } : { url: `https://images.mock.invalid/${encodeURIComponent(model)}/${index}.png` },
  );
  return {
    created: Math.floor(now / 1000),
    data,
    ...(gptImage ? { usage: { input_tokens: 12, output_tokens: 272 * n, total_tokens: 12 + 272 * n, input_tokens_details: { text_tokens: 12, image_tokens: 0 } } } : {}),
  };
}

function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString("base64");
}
