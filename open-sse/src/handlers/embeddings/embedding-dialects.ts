import { badRequest } from "../../core/gateway-error";
import type { EmbeddingsRequest } from "./parse-embeddings-request";

/**
 * How each provider's `/embeddings` endpoint differs from OpenAI's. Everything here is sourced:
 * - openai: node_modules/openai/resources/embeddings.d.ts (`dimensions` "only supported in text-embedding-3 and
 *   later models"; `encoding_format` float|base64).
 * - nebius: https://docs.tokenfactory.nebius.com/api-reference/inference/create-embeddings (OpenAI's fields,
 *   `encoding_format` float|base64, `dimensions`).
 * - mistral: https://docs.mistral.ai/api/#tag/embeddings and the Vercel AI SDK's packages/mistral/src/
 *   mistral-embedding-model.ts (`output_dimension` and `output_dtype`, codestral-embed only; the API refuses unknown
 *   fields with 422 `extra_forbidden`, so only known fields are sent; vectors requested as `float`).
 * - together: https://docs.together.ai/reference/embeddings-2 (`model` and `input` only).
 * - fireworks: https://docs.fireworks.ai/guides/querying-embeddings-models (OpenAI-compatible; `dimensions` for the
 *   Matryoshka models such as nomic-embed-text-v1.5).
 * - nvidia: https://docs.api.nvidia.com/nim/reference/nvidia-nv-embedqa-e5-v5-infer (`input_type` query|passage,
 *   required by the asymmetric retrieval models; `truncate` NONE|START|END; `encoding_format`; `dimensions` on the
 *   models that support it).
 * Providers without an entry (custom OpenAI-compatible nodes) get the client's body as sent, with the model replaced.
 */
export interface EmbeddingDialect {
  /** passthrough: the client's body goes as sent (model replaced); rebuilt: only the fields listed here. */
  body: "passthrough" | "rebuilt";
  /** The upstream returns base64 vectors when asked; otherwise floats are requested and encoded here. */
  base64: boolean;
  /** Whether a `dimensions` request can be honoured for this upstream model, and under which field name. */
  dimensions(upstreamModel: string): { field: string } | "unsupported";
  /** Fields besides model/input/dimensions/encoding_format forwarded from the client's body (rebuilt bodies). */
  extraFields: readonly string[];
  /** Fields always sent (rebuilt bodies). */
  fixedFields?: Readonly<Record<string, unknown>>;
}

const OPENAI_DIMENSIONS = { field: "dimensions" } as const;

const dialects: Readonly<Record<string, EmbeddingDialect>> = {
  openai: {
    body: "passthrough",
    base64: true,
    // text-embedding-ada-002 refuses `dimensions`; every later model (text-embedding-3-*) takes it.
    dimensions: (model) => (model.startsWith("text-embedding-ada") ? "unsupported" : OPENAI_DIMENSIONS),
    extraFields: [],
  },
  nebius: { body: "passthrough", base64: true, dimensions: () => OPENAI_DIMENSIONS, extraFields: [] },
  mistral: {
    body: "rebuilt",
    base64: false,
    dimensions: (model) => (model.startsWith("codestral-embed") ? { field: "output_dimension" } : "unsupported"),
    extraFields: ["output_dtype"],
    fixedFields: { encoding_format: "float" },
  },
  together: { body: "rebuilt", base64: false, dimensions: () => "unsupported", extraFields: [] },
  fireworks: { body: "rebuilt", base64: false, dimensions: () => OPENAI_DIMENSIONS, extraFields: [] },
  nvidia: { body: "rebuilt", base64: true, dimensions: () => OPENAI_DIMENSIONS, extraFields: ["input_type", "truncate", "user"] },
};

const CUSTOM_NODE: EmbeddingDialect = { body: "passthrough", base64: true, dimensions: () => OPENAI_DIMENSIONS, extraFields: [] };

export function embeddingDialectOf(providerId: string): EmbeddingDialect {
  return Object.hasOwn(dialects, providerId) ? dialects[providerId]! : CUSTOM_NODE;
}

export interface UpstreamEmbeddingsBody {
  /** The JSON body to send; undefined: send the client's own bytes with the model replaced. */
  body: Record<string, unknown> | undefined;
  /** The client asked for base64 and the upstream sends floats: encode them before answering. */
  encodeLocally: boolean;
}

/** The body for this provider; throws a 400 naming the field when the provider cannot honour the request. */
export function upstreamEmbeddingsBody(providerId: string, upstreamModel: string, request: EmbeddingsRequest): UpstreamEmbeddingsBody {
  const dialect = embeddingDialectOf(providerId);
  let dimensionsField: string | undefined;
  if (request.dimensions !== undefined) {
    const support = dialect.dimensions(upstreamModel);
    if (support === "unsupported") {
      throw badRequest("invalid_request", `Model '${providerId}/${upstreamModel}' does not support 'dimensions': it always returns its full-length vectors. Leave 'dimensions' out.`, "dimensions");
    }
    dimensionsField = support.field;
  }
  if (dialect.body === "passthrough") return { body: undefined, encodeLocally: false };

  const body: Record<string, unknown> = { model: upstreamModel, input: request.input, ...dialect.fixedFields };
  if (dimensionsField !== undefined) body[dimensionsField] = request.dimensions;
  const upstreamBase64 = request.encodingFormat === "base64" && dialect.base64;
  if (upstreamBase64) body.encoding_format = "base64";
  for (const field of dialect.extraFields) {
    const value = field === "user" ? request.user : request.extra[field];
    if (value !== undefined && value !== null) body[field] = value;
  }
  return { body, encodeLocally: request.encodingFormat === "base64" && !upstreamBase64 };
}
