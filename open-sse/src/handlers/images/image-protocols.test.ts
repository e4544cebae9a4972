import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { aspectRatioOfSize, fireworksModelPath, imageCallShape, imageProtocolOf, readImageAnswer } from "./image-protocols";
import { parseImageRequest } from "./parse-image-request";

const request = (body: Record<string, unknown>) => parseImageRequest({ model: "x/m", prompt: "a lighthouse at dusk", ...body });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const isBadRequest = (param: string) => (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param;

describe("imageProtocolOf", () => {
  it("serves OpenAI, xAI, Together and Fireworks in their own protocols, custom nodes as OpenAI, other built-ins not at all", () => {
    assert.equal(imageProtocolOf("openai", true), "openai");
    assert.equal(imageProtocolOf("xai", true), "xai");
    assert.equal(imageProtocolOf("together", true), "together");
    assert.equal(imageProtocolOf("fireworks", true), "fireworks");
    assert.equal(imageProtocolOf("my-node", false), "openai");
    assert.equal(imageProtocolOf("nvidia", true), undefined);
  });
});

describe("imageCallShape", () => {
  it("OpenAI: the client's body as sent", () => {
    assert.deepEqual(imageCallShape("openai", "gpt-image-1", request({ quality: "high" })), { path: "/images/generations", body: undefined, accept: "application/json" });
  });

  it("xAI: size becomes an aspect ratio; OpenAI-only fields are refused", () => {
    const shape = imageCallShape("xai", "grok-imagine-image", request({ n: 2, size: "1792x1024", response_format: "b64_json", resolution: "2k" }));
    assert.deepEqual(shape.body, { model: "grok-imagine-image", prompt: "a lighthouse at dusk", n: 2, response_format: "b64_json", aspect_ratio: "16:9", resolution: "2k" });
    assert.throws(() => imageCallShape("xai", "grok-imagine-image", request({ quality: "hd" })), isBadRequest("quality"));
    assert.throws(() => imageCallShape("xai", "grok-imagine-image", request({ size: "1000x100" })), isBadRequest("size"));
  });

  it("Together: width/height from size, base64 spelled its way", () => {
    const shape = imageCallShape("together", "black-forest-labs/FLUX.1-schnell", request({ size: "1024x768", response_format: "b64_json", steps: 4, seed: 7 }));
    assert.deepEqual(shape.body, {
      model: "black-forest-labs/FLUX.1-schnell",
      prompt: "a lighthouse at dusk",
      n: 1,
      width: 1024,
      height: 768,
      steps: 4,
      seed: 7,
      response_format: "base64",
    });
    assert.equal(imageCallShape("together", "m", request({ response_format: "url" })).body?.response_format, "url");
  });

  it("Fireworks: the workflow path, an aspect ratio, one image per call", () => {
    const shape = imageCallShape("fireworks", "flux-1-schnell-fp8", request({ size: "1536x1024", seed: 3, num_inference_steps: 4 }));
    assert.equal(shape.path, "/workflows/accounts/fireworks/models/flux-1-schnell-fp8/text_to_image");
    assert.equal(shape.accept, "image/png");
    assert.deepEqual(shape.body, { prompt: "a lighthouse at dusk", aspect_ratio: "3:2", num_inference_steps: 4, seed: 3 });
    assert.throws(() => imageCallShape("fireworks", "flux-1-schnell-fp8", request({ n: 2 })), isBadRequest("n"));
    assert.equal(fireworksModelPath("accounts/fireworks/models/flux-1-dev-fp8"), "accounts/fireworks/models/flux-1-dev-fp8");
  });

  it("aspectRatioOfSize picks the nearest ratio within 5%", () => {
    assert.equal(aspectRatioOfSize("1024x1024", ["1:1", "16:9"], "p"), "1:1");
    assert.equal(aspectRatioOfSize("1024x1792", ["9:16", "1:1"], "p"), "9:16");
    assert.equal(aspectRatioOfSize(undefined, ["1:1"], "p"), undefined);
    assert.equal(aspectRatioOfSize("auto", ["1:1"], "p"), undefined);
  });
});

describe("readImageAnswer", () => {
  it("OpenAI: the bytes back untouched, with token usage and the image count", () => {
    const raw = json({ created: 1, data: [{ b64_json: "AAAA" }], usage: { input_tokens: 12, output_tokens: 272, total_tokens: 284 } });
    const answer = readImageAnswer("openai", "openai", raw, {}, request({}));
    assert.equal(answer.raw, raw);
    assert.equal(answer.images.length, 1);
    assert.equal(answer.inputTokens, 12);
    assert.equal(answer.outputTokens, 272);
  });

  it("xAI and Together: entries rebuilt with url or b64_json and the revised prompt", () => {
    const xai = readImageAnswer("xai", "xai", json({ data: [{ url: "https://imgen.x.ai/1.jpg", mime_type: "image/jpeg", revised_prompt: "better" }] }), {}, request({}));
    assert.deepEqual(xai.images, [{ url: "https://imgen.x.ai/1.jpg", revised_prompt: "better" }]);
    assert.equal(xai.raw, undefined);
    const together = readImageAnswer("together", "together", json({ id: "x", data: [{ index: 0, b64_json: "QUJD", type: "b64_json" }] }), {}, request({}));
    assert.deepEqual(together.images, [{ b64_json: "QUJD" }]);
  });

  it("Fireworks: image bytes become b64_json, or a data URL when 'url' was asked", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const headers = { "content-type": "image/png", "finish-reason": "SUCCESS" };
    assert.deepEqual(readImageAnswer("fireworks", "fireworks", png, headers, request({})).images, [{ b64_json: png.toString("base64") }]);
    assert.deepEqual(readImageAnswer("fireworks", "fireworks", png, headers, request({ response_format: "url" })).images, [{ url: `data:image/png;base64,${png.toString("base64")}` }]);
    const fromJson = readImageAnswer("fireworks", "fireworks", json({ base64: ["data:image/png;base64,QUJD"], finishReason: "SUCCESS", seed: 1 }), { "content-type": "application/json" }, request({}));
    assert.deepEqual(fromJson.images, [{ b64_json: "QUJD" }]);
  });

  it("Fireworks: a filtered image is the client's 400, not a provider failure", () => {
    assert.throws(
      () => readImageAnswer("fireworks", "fireworks", Buffer.from([1, 2]), { "content-type": "image/png", "finish-reason": "CONTENT_FILTERED" }, request({})),
      (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && /CONTENT_FILTERED/.test(error.publicMessage),
    );
  });

  it("malformed answers are the provider's 502", () => {
    for (const raw of [Buffer.from("not json"), json({ data: {} }), json({ data: [{ nothing: true }] })]) {
      assert.throws(() => readImageAnswer("xai", "xai", raw, {}, request({})), (error: unknown) => GatewayError.isInstance(error) && error.status === 502);
    }
  });
});
