import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { upstreamEmbeddingsBody } from "./embedding-dialects";
import { parseEmbeddingsRequest } from "./parse-embeddings-request";

const request = (body: Record<string, unknown>) => parseEmbeddingsRequest({ model: "x/m", input: ["hello", "world"], ...body });

describe("upstreamEmbeddingsBody", () => {
  it("sends OpenAI, Nebius and custom nodes the client's own body (passthrough)", () => {
    for (const provider of ["openai", "nebius", "my-node"]) {
      assert.deepEqual(upstreamEmbeddingsBody(provider, "text-embedding-3-small", request({ encoding_format: "base64", dimensions: 512 })), {
        body: undefined,
        encodeLocally: false,
      });
    }
  });

  it("refuses 'dimensions' where the model has fixed-length vectors, naming the field", () => {
    for (const [provider, model] of [
      ["openai", "text-embedding-ada-002"],
      ["mistral", "mistral-embed"],
      ["together", "BAAI/bge-large-en-v1.5"],
    ] as const) {
      assert.throws(
        () => upstreamEmbeddingsBody(provider, model, request({ dimensions: 256 })),
        (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === "dimensions" && error.publicMessage.includes(`${provider}/${model}`),
      );
    }
  });

  it("gives Mistral only the fields its strict schema knows: output_dimension for codestral-embed, floats", () => {
    const shaped = upstreamEmbeddingsBody("mistral", "codestral-embed", request({ dimensions: 256, encoding_format: "base64", user: "u", output_dtype: "int8", input_type: "query" }));
    assert.deepEqual(shaped.body, { model: "codestral-embed", input: ["hello", "world"], encoding_format: "float", output_dimension: 256, output_dtype: "int8" });
    assert.equal(shaped.encodeLocally, true);
  });

  it("gives Together model and input only, encoding base64 locally when asked", () => {
    assert.deepEqual(upstreamEmbeddingsBody("together", "BAAI/bge-base-en-v1.5", request({ encoding_format: "base64", user: "u" })), {
      body: { model: "BAAI/bge-base-en-v1.5", input: ["hello", "world"] },
      encodeLocally: true,
    });
    assert.equal(upstreamEmbeddingsBody("together", "BAAI/bge-base-en-v1.5", request({})).encodeLocally, false);
  });

  it("gives Fireworks dimensions (Matryoshka models) and floats", () => {
    assert.deepEqual(upstreamEmbeddingsBody("fireworks", "nomic-ai/nomic-embed-text-v1.5", request({ dimensions: 128 })).body, {
      model: "nomic-ai/nomic-embed-text-v1.5",
      input: ["hello", "world"],
      dimensions: 128,
    });
  });

  it("gives NVIDIA its input_type and truncate, and asks it for base64 itself", () => {
    const shaped = upstreamEmbeddingsBody("nvidia", "nvidia/nv-embedqa-e5-v5", request({ input_type: "passage", truncate: "END", encoding_format: "base64", user: "u9", other: 1 }));
    assert.deepEqual(shaped.body, { model: "nvidia/nv-embedqa-e5-v5", input: ["hello", "world"], encoding_format: "base64", input_type: "passage", truncate: "END", user: "u9" });
    assert.equal(shaped.encodeLocally, false);
  });
});
