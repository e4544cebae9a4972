import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { inputCount, MAX_EMBEDDING_INPUTS, parseEmbeddingsRequest } from "./parse-embeddings-request";

function refusal(body: Record<string, unknown>): GatewayError {
  try {
    parseEmbeddingsRequest(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  assert.fail("expected a 400");
}

describe("parseEmbeddingsRequest", () => {
  it("reads OpenAI's fields and keeps the provider-specific rest", () => {
    const request = parseEmbeddingsRequest({ model: "nvidia/baai/bge-m3", input: ["a", "b"], encoding_format: "base64", dimensions: 256, user: "u1", input_type: "query" });
    assert.deepEqual(request, {
      model: "nvidia/baai/bge-m3",
      input: ["a", "b"],
      encodingFormat: "base64",
      encodingFormatGiven: true,
      dimensions: 256,
      user: "u1",
      extra: { input_type: "query" },
    });
  });

  it("defaults to float vectors and says the client did not choose", () => {
    const request = parseEmbeddingsRequest({ model: "m", input: "hello" });
    assert.equal(request.encodingFormat, "float");
    assert.equal(request.encodingFormatGiven, false);
    assert.equal(request.dimensions, undefined);
  });

  it("accepts token arrays and counts inputs", () => {
    assert.equal(inputCount(parseEmbeddingsRequest({ model: "m", input: [1, 2, 3] }).input), 1);
    assert.equal(inputCount(parseEmbeddingsRequest({ model: "m", input: [[1, 2], [3]] }).input), 2);
    assert.equal(inputCount(parseEmbeddingsRequest({ model: "m", input: ["x", "y", "z"] }).input), 3);
  });

  it("refuses a missing or empty model with 400 naming 'model'", () => {
    assert.equal(refusal({ input: "x" }).param, "model");
    assert.equal(refusal({ input: "x" }).code, "missing_model");
    assert.equal(refusal({ model: " ", input: "x" }).status, 400);
    assert.equal(refusal({ model: 5, input: "x" }).param, "model");
  });

  it("refuses missing, empty, mixed or oversized input with 400 naming 'input'", () => {
    for (const input of [undefined, "", [], ["a", 2], ["a", ""], [1.5], [[1], []], { text: "x" }, true]) {
      const error = refusal({ model: "m", input });
      assert.equal(error.status, 400, JSON.stringify(input));
      assert.equal(error.param, "input", JSON.stringify(input));
    }
    const tooMany = refusal({ model: "m", input: Array.from({ length: MAX_EMBEDDING_INPUTS + 1 }, () => "x") });
    assert.match(tooMany.publicMessage, /at most 2048/);
  });

  it("refuses bad encoding_format, dimensions and user", () => {
    assert.equal(refusal({ model: "m", input: "x", encoding_format: "int8" }).param, "encoding_format");
    for (const dimensions of [0, -1, 1.5, "256", 1e9]) assert.equal(refusal({ model: "m", input: "x", dimensions }).param, "dimensions");
    assert.equal(refusal({ model: "m", input: "x", user: 7 }).param, "user");
  });
});
