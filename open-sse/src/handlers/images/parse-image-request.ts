import { badRequest } from "../../core/gateway-error";

/** OpenAI's limits (ImageGenerateParams in the official SDK): 1–10 images, prompts up to 32,000 characters. */
export const MAX_IMAGES_PER_REQUEST = 10;
export const MAX_PROMPT_CHARACTERS = 32_000;

/** An image generation request in OpenAI's wire format, checked before any upstream is called. */
export interface ImageRequest {
  model: string;
  prompt: string;
  n: number;
  /** `WIDTHxHEIGHT` or `auto`, as sent; undefined: the provider's default. */
  size: string | undefined;
  /** undefined: the provider's own default (OpenAI's GPT image models and Fireworks answer base64 anyway). */
  responseFormat: "url" | "b64_json" | undefined;
  user: string | undefined;
  /** Every other field, by name (OpenAI's `quality`, `style`, `background`…; providers' `seed`, `aspect_ratio`…). */
  fields: Readonly<Record<string, unknown>>;
}

const HANDLED_FIELDS = new Set(["model", "prompt", "n", "size", "response_format", "user"]);

/** OpenAI fields with a fixed type: checked here so a wrong type is a 400 from us, not an upstream's surprise. */
const STRING_FIELDS = ["quality", "style", "background", "output_format", "moderation", "aspect_ratio", "resolution", "negative_prompt"] as const;
const NUMBER_FIELDS = ["output_compression", "seed", "steps", "width", "height", "guidance_scale", "num_inference_steps"] as const;

export function parseImageRequest(body: Record<string, unknown>): ImageRequest {
  const model = body.model;
  if (model === undefined || model === null) {
    throw badRequest("missing_model", "Missing 'model': name the image model, e.g. 'openai/gpt-image-1' or 'together/black-forest-labs/FLUX.1-schnell'.", "model");
  }
  if (typeof model !== "string" || model.trim() === "") throw badRequest("invalid_request", "'model' must be a non-empty string.", "model");

  const prompt = body.prompt;
  if (prompt === undefined || prompt === null) throw badRequest("invalid_request", "Missing 'prompt': describe the image to generate.", "prompt");
  if (typeof prompt !== "string" || prompt.trim() === "") throw badRequest("invalid_request", "'prompt' must be a non-empty string.", "prompt");
  if (prompt.length > MAX_PROMPT_CHARACTERS) {
    throw badRequest("invalid_request", `'prompt' is ${prompt.length} characters long; at most ${MAX_PROMPT_CHARACTERS} are allowed.`, "prompt");
  }

  const n = body.n ?? 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_IMAGES_PER_REQUEST) {
    throw badRequest("invalid_request", `'n' must be a whole number from 1 to ${MAX_IMAGES_PER_REQUEST}.`, "n");
  }

  const size = body.size;
  if (size !== undefined && size !== null && (typeof size !== "string" || (size !== "auto" && parseSize(size) === undefined))) {
    throw badRequest("invalid_request", "'size' must be 'WIDTHxHEIGHT' (e.g. '1024x1024') or 'auto'.", "size");
  }

  const format = body.response_format;
  if (format !== undefined && format !== null && format !== "url" && format !== "b64_json") {
    throw badRequest("invalid_request", "'response_format' must be 'url' or 'b64_json'.", "response_format");
  }

  if (body.stream === true) {
    throw badRequest("invalid_request", "Streamed image generation ('stream': true) is not supported here; send the request without it.", "stream");
  }

  const user = body.user;
  if (user !== undefined && user !== null && typeof user !== "string") throw badRequest("invalid_request", "'user' must be a string.", "user");
  for (const field of STRING_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== "string") throw badRequest("invalid_request", `'${field}' must be a string.`, field);
  }
  for (const field of NUMBER_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== "number" || !Number.isFinite(value))) {
      throw badRequest("invalid_request", `'${field}' must be a number.`, field);
    }
  }

  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!HANDLED_FIELDS.has(key) && value !== null && value !== undefined) fields[key] = value;
  return {
    model,
    prompt,
    n,
    size: typeof size === "string" ? size : undefined,
    responseFormat: format === "url" || format === "b64_json" ? format : undefined,
    user: typeof user === "string" ? user : undefined,
    fields,
  };
}

/** `1024x1536` → width and height; undefined for anything else (`auto` included). */
export function parseSize(size: string): { width: number; height: number } | undefined {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  if (match === null) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}
