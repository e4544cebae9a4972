import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseImageRequest, parseSize } from "./parse-image-request";

function refusal(body: Record<string, unknown>): GatewayError {
  try {
    parseImageRequest(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  assert.fail("expected a 400");
}

describe("parseImageRequest", () => {
  it("reads OpenAI's fields, defaults n to 1 and keeps the rest by name", () => {
    const request = parseImageRequest({ model: "openai/gpt-image-1", prompt: "a red fox", size: "1024x1536", quality: "high", seed: 4 });
    assert.deepEqual(request, {
      model: "openai/gpt-image-1",
      prompt: "a red fox",
      n: 1,
      size: "1024x1536",
      responseFormat: undefined,
      user: undefined,
      fields: { quality: "high", seed: 4 },
    });
  });

  it("refuses what no provider could take, naming the field", () => {
    assert.equal(refusal({ prompt: "x" }).param, "model");
    assert.equal(refusal({ model: "m" }).param, "prompt");
    assert.equal(refusal({ model: "m", prompt: "  " }).param, "prompt");
    assert.equal(refusal({ model: "m", prompt: "x".repeat(32_001) }).param, "prompt");
    for (const n of [0, 11, 1.5, "2"]) assert.equal(refusal({ model: "m", prompt: "x", n }).param, "n");
    for (const size of ["big", "1024", "0x10", 1024]) assert.equal(refusal({ model: "m", prompt: "x", size }).param, "size");
    assert.equal(refusal({ model: "m", prompt: "x", response_format: "png" }).param, "response_format");
    assert.equal(refusal({ model: "m", prompt: "x", stream: true }).param, "stream");
    assert.equal(refusal({ model: "m", prompt: "x", quality: 3 }).param, "quality");
    assert.equal(refusal({ model: "m", prompt: "x", seed: "4" }).param, "seed");
  });

  it("accepts size 'auto'", () => {
    assert.equal(parseImageRequest({ model: "m", prompt: "x", size: "auto" }).size, "auto");
  });
});

describe("parseSize", () => {
  it("reads WIDTHxHEIGHT only", () => {
    assert.deepEqual(parseSize("1792x1024"), { width: 1792, height: 1024 });
    assert.equal(parseSize("auto"), undefined);
    assert.equal(parseSize("1024 x 1024"), undefined);
  });
});
