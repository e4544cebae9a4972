import { badRequest } from "../../core/gateway-error";

/** OpenAI's own limits (EmbeddingCreateParams in the official SDK): at most 2048 inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;
/** Far above any model's vector length (text-embedding-3-large: 3072; the largest listed: 4096). */
export const MAX_EMBEDDING_DIMENSIONS = 65_536;

export type EmbeddingInput = string | string[] | number[] | number[][];

/** An embeddings request in OpenAI's wire format, checked before any upstream is called. */
export interface EmbeddingsRequest {
  model: string;
  input: EmbeddingInput;
  /** What the client wants back; OpenAI's default is `float` (its Node SDK asks for `base64` on its own). */
  encodingFormat: "float" | "base64";
  /** True when the client named `encoding_format` itself (otherwise none is sent to passthrough upstreams). */
  encodingFormatGiven: boolean;
  dimensions: number | undefined;
  user: string | undefined;
  /** Every other field the client sent (`input_type`, `truncate`…): providers that take them get them. */
  extra: Readonly<Record<string, unknown>>;
}

const KNOWN_FIELDS = new Set(["model", "input", "encoding_format", "dimensions", "user"]);

/** Reads and checks the body; throws a 400 naming the field for anything a provider could only refuse. */
export function parseEmbeddingsRequest(body: Record<string, unknown>): EmbeddingsRequest {
  const model = body.model;
  if (model === undefined || model === null) throw badRequest("missing_model", "Missing 'model': name the embedding model, e.g. 'openai/text-embedding-3-small'.", "model");
  if (typeof model !== "string" || model.trim() === "") throw badRequest("invalid_request", "'model' must be a non-empty string.", "model");

  const input = readInput(body.input);

  const format = body.encoding_format;
  if (format !== undefined && format !== null && format !== "float" && format !== "base64") {
    throw badRequest("invalid_request", "'encoding_format' must be 'float' or 'base64'.", "encoding_format");
  }

  const dimensions = body.dimensions;
  if (dimensions !== undefined && dimensions !== null) {
    if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_EMBEDDING_DIMENSIONS) {
      throw badRequest("invalid_request", `'dimensions' must be a whole number from 1 to ${MAX_EMBEDDING_DIMENSIONS}.`, "dimensions");
    }
  }

  const user = body.user;
  if (user !== undefined && user !== null && typeof user !== "string") throw badRequest("invalid_request", "'user' must be a string.", "user");

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!KNOWN_FIELDS.has(key)) extra[key] = value;

  return {
    model,
    input,
    encodingFormat: format === "base64" ? "base64" : "float",
    encodingFormatGiven: format === "float" || format === "base64",
    dimensions: typeof dimensions === "number" ? dimensions : undefined,
    user: typeof user === "string" ? user : undefined,
    extra,
  };
}

/** How many vectors the request asks for (one per string or token array). */
export function inputCount(input: EmbeddingInput): number {
  if (typeof input === "string") return 1;
  if (input.length > 0 && typeof input[0] === "number") return 1;
  return input.length;
}

function readInput(input: unknown): EmbeddingInput {
  if (input === undefined || input === null) throw badRequest("invalid_request", "Missing 'input': give a string or an array of strings to embed.", "input");
  if (typeof input === "string") {
    if (input.length === 0) throw badRequest("invalid_request", "'input' must not be an empty string.", "input");
    return input;
  }
  if (!Array.isArray(input)) throw badRequest("invalid_request", "'input' must be a string, an array of strings, or token arrays.", "input");
  if (input.length === 0) throw badRequest("invalid_request", "'input' must not be an empty array.", "input");
  if (input.length > MAX_EMBEDDING_INPUTS) {
    throw badRequest("invalid_request", `'input' has ${input.length} items; at most ${MAX_EMBEDDING_INPUTS} are allowed per request.`, "input");
  }
  const first = input[0];
  if (typeof first === "string") {
    input.forEach((item, index) => {
      if (typeof item !== "string") throw badRequest("invalid_request", `'input[${index}]' must be a string like the other items.`, "input");
      if (item.length === 0) throw badRequest("invalid_request", `'input[${index}]' must not be an empty string.`, "input");
    });
    return input as string[];
  }
  if (typeof first === "number") {
    if (!input.every(isTokenId)) throw badRequest("invalid_request", "'input' token arrays must hold whole, non-negative numbers.", "input");
    return input as number[];
  }
  if (Array.isArray(first)) {
    input.forEach((item, index) => {
      if (!Array.isArray(item) || item.length === 0 || !item.every(isTokenId)) {
        throw badRequest("invalid_request", `'input[${index}]' must be a non-empty array of token ids.`, "input");
      }
    });
    return input as number[][];
  }
  throw badRequest("invalid_request", "'input' must be a string, an array of strings, or token arrays.", "input");
}

function isTokenId(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
