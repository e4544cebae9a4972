import { badRequest, GatewayError } from "../../core/gateway-error";
import { malformedAnswer } from "../embeddings/json-operation";
import { parseSize, type ImageRequest } from "./parse-image-request";

/**
 * The image generation protocols omniroute speaks, each as the provider documents it, all answered to the client in
 * OpenAI's images response (`{created, data: [{b64_json | url, revised_prompt?}], usage?}`):
 *
 * - openai — `POST {base}/images/generations`, OpenAI's own fields (node_modules/openai/resources/images.d.ts). The
 *   client's body goes as sent (model replaced) and the answer comes back as sent: GPT image models answer base64
 *   with token `usage`, DALL·E honours `response_format`. Custom OpenAI-compatible nodes speak this too.
 * - xai — `POST {base}/images/generations` with `model, prompt, n (1–10), response_format url|b64_json` plus xAI's
 *   `aspect_ratio` and `resolution` (1k|2k); `size`, `quality` and `style` are refused by the API ("Argument not
 *   supported"), so `size` is turned into the matching aspect ratio and the others are refused here
 *   (https://docs.x.ai/developers/model-capabilities/images/generation; https://docs.crazyrouter.com/en/images/grok).
 * - together — `POST {base}/images/generations` with `model, prompt, n, width, height, steps, seed, negative_prompt,
 *   response_format url|base64` → `data[].url | data[].b64_json` (https://docs.together.ai/reference/post-images-generations;
 *   Vercel AI SDK packages/togetherai/src/togetherai-image-model.ts).
 * - fireworks — FLUX on Fireworks' workflow API: `POST {base}/workflows/accounts/fireworks/models/<model>/text_to_image`
 *   with `prompt, aspect_ratio, guidance_scale, num_inference_steps, seed`; one image per call; answered with the
 *   image bytes (`Accept: image/png`) and `Finish-Reason: SUCCESS|CONTENT_FILTERED`
 *   (https://docs.fireworks.ai/api-reference/generate-a-new-image-from-a-text-prompt; Vercel AI SDK
 *   packages/fireworks/src/fireworks-image-model.ts, maxImagesPerCall 1).
 */
export type ImageProtocolId = "openai" | "xai" | "together" | "fireworks";

/** Built-in providers whose image API is served here; custom nodes (not built in) are OpenAI-compatible. */
const BUILT_IN_PROTOCOLS: Readonly<Record<string, ImageProtocolId>> = { openai: "openai", xai: "xai", together: "together", fireworks: "fireworks" };

/** The protocol of a provider, or undefined for a built-in provider whose image API is not served. */
export function imageProtocolOf(providerId: string, builtIn: boolean): ImageProtocolId | undefined {
  if (Object.hasOwn(BUILT_IN_PROTOCOLS, providerId)) return BUILT_IN_PROTOCOLS[providerId];
  return builtIn ? undefined : "openai";
}

export interface ImageCallShape {
  /** Appended to the base URL's path. */
  path: string;
  /** The JSON body; undefined: the client's own bytes with the model replaced. */
  body: Record<string, unknown> | undefined;
  accept: string;
}

export interface ImageAnswer {
  /** The bytes to send; undefined: build them from `images`. */
  raw: Buffer | undefined;
  images: { b64_json?: string; url?: string; revised_prompt?: string }[];
  inputTokens: number | null;
  outputTokens: number | null;
}

/** xAI's documented aspect ratios (plus `auto`). */
const XAI_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "2:1", "1:2"] as const;
/** Fireworks' FLUX workflow aspect ratios. */
const FIREWORKS_RATIOS = ["1:1", "21:9", "16:9", "3:2", "5:4", "4:5", "2:3", "9:16", "9:21", "4:3", "3:4"] as const;
/** OpenAI-only fields that xAI answers with "Argument not supported". */
const XAI_REFUSED = ["quality", "style", "background", "output_format", "output_compression", "moderation"] as const;
const TOGETHER_REFUSED = ["quality", "style", "background", "output_format", "output_compression", "moderation", "aspect_ratio"] as const;
const FIREWORKS_REFUSED = ["quality", "style", "background", "output_format", "output_compression", "moderation", "width", "height", "steps"] as const;

export function imageCallShape(protocol: ImageProtocolId, upstreamModel: string, request: ImageRequest): ImageCallShape {
  switch (protocol) {
    case "openai":
      return { path: "/images/generations", body: undefined, accept: "application/json" };
    case "xai": {
      refuseFields("xai", request, XAI_REFUSED);
      const body: Record<string, unknown> = { model: upstreamModel, prompt: request.prompt, n: request.n };
      if (request.responseFormat !== undefined) body.response_format = request.responseFormat;
      const aspectRatio = stringField(request, "aspect_ratio") ?? aspectRatioOfSize(request.size, XAI_RATIOS, "xai");
      if (aspectRatio !== undefined) body.aspect_ratio = aspectRatio;
      const resolution = stringField(request, "resolution");
      if (resolution !== undefined) body.resolution = resolution;
      if (request.user !== undefined) body.user = request.user;
      return { path: "/images/generations", body, accept: "application/json" };
    }
    case "together": {
      refuseFields("together", request, TOGETHER_REFUSED);
      const body: Record<string, unknown> = { model: upstreamModel, prompt: request.prompt, n: request.n };
      const size = request.size === undefined ? undefined : parseSize(request.size);
      if (size !== undefined) {
        body.width = size.width;
        body.height = size.height;
      }
      for (const field of ["width", "height", "steps", "seed", "negative_prompt", "guidance_scale"] as const) {
        if (request.fields[field] !== undefined) body[field] = request.fields[field];
      }
      if (request.responseFormat !== undefined) body.response_format = request.responseFormat === "b64_json" ? "base64" : "url";
      return { path: "/images/generations", body, accept: "application/json" };
    }
    case "fireworks": {
      refuseFields("fireworks", request, FIREWORKS_REFUSED);
      if (request.n !== 1) {
        throw badRequest("invalid_request", "Fireworks' FLUX API makes one image per request: send 'n': 1 (or leave it out) and repeat the call for more.", "n");
      }
      const body: Record<string, unknown> = { prompt: request.prompt };
      const aspectRatio = stringField(request, "aspect_ratio") ?? aspectRatioOfSize(request.size, FIREWORKS_RATIOS, "fireworks");
      if (aspectRatio !== undefined) body.aspect_ratio = aspectRatio;
      for (const field of ["guidance_scale", "num_inference_steps", "seed", "safety_check"] as const) {
        if (request.fields[field] !== undefined) body[field] = request.fields[field];
      }
      return { path: `/workflows/${fireworksModelPath(upstreamModel)}/text_to_image`, body, accept: "image/png" };
    }
  }
}

/** `flux-1-schnell-fp8` → `accounts/fireworks/models/flux-1-schnell-fp8`; full resource names as they are. */
export function fireworksModelPath(upstreamModel: string): string {
  const name = upstreamModel.startsWith("accounts/") ? upstreamModel : `accounts/fireworks/models/${upstreamModel}`;
  return name.split("/").map(encodeURIComponent).join("/");
}

/** Reads a 2xx answer of `protocol` into OpenAI's image entries. */
export function readImageAnswer(
  protocol: ImageProtocolId,
  providerId: string,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  request: ImageRequest,
): ImageAnswer {
  if (protocol === "fireworks") return readFireworksAnswer(providerId, raw, headers, request);
  const parsed = parseObject(raw, providerId);
  const data = parsed.data;
  if (!Array.isArray(data)) throw malformedAnswer(providerId, "has no 'data' list");
  const images = data.map((item: unknown) => {
    if (typeof item !== "object" || item === null) throw malformedAnswer(providerId, "has an image entry that is not an object");
    const record = item as Record<string, unknown>;
    const image: ImageAnswer["images"][number] = {};
    if (typeof record.b64_json === "string") image.b64_json = record.b64_json;
    else if (typeof record.url === "string") image.url = record.url;
    else throw malformedAnswer(providerId, "has an image with neither 'b64_json' nor 'url'");
    if (typeof record.revised_prompt === "string") image.revised_prompt = record.revised_prompt;
    return image;
  });
  const usage = typeof parsed.usage === "object" && parsed.usage !== null ? (parsed.usage as Record<string, unknown>) : {};
  return {
    // OpenAI's own answer (and a custom node's) goes back byte for byte; the others are rebuilt.
    raw: protocol === "openai" ? raw : undefined,
    images,
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
  };
}

function readFireworksAnswer(providerId: string, raw: Buffer, headers: Record<string, string | string[] | undefined>, request: ImageRequest): ImageAnswer {
  const finish = headerOf(headers, "finish-reason");
  const contentType = headerOf(headers, "content-type") ?? "";
  let images: string[];
  let mediaType = "image/png";
  let finishReason = finish;
  if (contentType.startsWith("image/")) {
    if (raw.length === 0) throw malformedAnswer(providerId, "holds no image");
    images = [raw.toString("base64")];
    mediaType = contentType.split(";", 1)[0]!.trim();
  } else {
    // Accept: application/json answers `{base64: [...], finishReason, seed}` (data URLs or bare base64).
    const parsed = parseObject(raw, providerId);
    const list = Array.isArray(parsed.base64) ? parsed.base64 : typeof parsed.base64 === "string" ? [parsed.base64] : [];
    images = list.filter((item): item is string => typeof item === "string").map((item) => item.replace(/^data:[^;,]+;base64,/, ""));
    if (typeof parsed.finishReason === "string") finishReason = parsed.finishReason;
  }
  if (finishReason !== undefined && finishReason.toUpperCase() === "CONTENT_FILTERED") {
    throw new GatewayError({
      code: "upstream_invalid_request",
      status: 400,
      param: "prompt",
      publicMessage: `Provider '${providerId}' filtered the generated image (CONTENT_FILTERED); change the prompt.`,
    });
  }
  if (images.length === 0) throw malformedAnswer(providerId, "holds no image");
  return {
    raw: undefined,
    images: images.map((b64) => (request.responseFormat === "url" ? { url: `data:${mediaType};base64,${b64}` } : { b64_json: b64 })),
    inputTokens: null,
    outputTokens: null,
  };
}

/** The supported ratio nearest to `size` (within 5%), or a 400 naming the ratios the provider takes. */
export function aspectRatioOfSize(size: string | undefined, supported: readonly string[], providerId: string): string | undefined {
  if (size === undefined || size === "auto") return undefined;
  const parsed = parseSize(size);
  if (parsed === undefined) return undefined;
  const wanted = parsed.width / parsed.height;
  let best: { ratio: string; distance: number } | undefined;
  for (const ratio of supported) {
    const [width, height] = ratio.split(":").map(Number) as [number, number];
    const distance = Math.abs(Math.log(wanted / (width / height)));
    if (best === undefined || distance < best.distance) best = { ratio, distance };
  }
  if (best === undefined || best.distance > Math.log(1.05)) {
    throw badRequest("invalid_request", `Provider '${providerId}' takes aspect ratios, and size '${size}' matches none of ${supported.join(", ")}; send 'aspect_ratio' or another size.`, "size");
  }
  return best.ratio;
}

function refuseFields(providerId: string, request: ImageRequest, refused: readonly string[]): void {
  for (const field of refused) {
    if (request.fields[field] !== undefined) {
      throw badRequest("invalid_request", `Provider '${providerId}' does not support '${field}' for image generation; leave it out.`, field);
    }
  }
}

function stringField(request: ImageRequest, field: string): string | undefined {
  const value = request.fields[field];
  return typeof value === "string" ? value : undefined;
}

function parseObject(raw: Buffer, providerId: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw malformedAnswer(providerId, "is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw malformedAnswer(providerId, "is not a JSON object");
  return parsed as Record<string, unknown>;
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
