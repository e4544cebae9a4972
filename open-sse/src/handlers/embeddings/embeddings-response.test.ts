import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { embeddingsAnswer, floatsToBase64 } from "./embeddings-response";

const upstream = {
  object: "list",
  model: "BAAI/bge-base-en-v1.5",
  data: [
    { object: "embedding", index: 1, embedding: [0.5, -1] },
    { object: "embedding", index: 0, embedding: [0.25, 2] },
  ],
  usage: { prompt_tokens: 7, total_tokens: 7 },
};
const raw = Buffer.from(JSON.stringify(upstream));

describe("embeddingsAnswer", () => {
  it("passes OpenAI-format answers through byte for byte, reading only the usage", () => {
    const answer = embeddingsAnswer(upstream, raw, { providerId: "openai", clientModel: "openai/m", passthrough: true, encodeLocally: false });
    assert.equal(answer.body, raw);
    assert.equal(answer.promptTokens, 7);
    assert.equal(answer.vectors, 2);
  });

  it("rebuilds other answers in OpenAI's shape, in index order, with the client's model name", () => {
    const answer = embeddingsAnswer(upstream, raw, { providerId: "together", clientModel: "together/BAAI/bge-base-en-v1.5", passthrough: false, encodeLocally: false });
    assert.deepEqual(JSON.parse(answer.body.toString()), {
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.25, 2] },
        { object: "embedding", index: 1, embedding: [0.5, -1] },
      ],
      model: "together/BAAI/bge-base-en-v1.5",
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
  });

  it("encodes floats as OpenAI does (float32 little-endian, base64) when the client asked for base64", () => {
    const answer = embeddingsAnswer(upstream, raw, { providerId: "mistral", clientModel: "mistral/m", passthrough: false, encodeLocally: true });
    const first = JSON.parse(answer.body.toString()).data[0].embedding as string;
    const bytes = Buffer.from(first, "base64");
    assert.deepEqual([bytes.readFloatLE(0), bytes.readFloatLE(4)], [0.25, 2]);
    assert.equal(bytes.length, 8);
    assert.equal(floatsToBase64([1]), Buffer.from([0, 0, 0x80, 0x3f]).toString("base64"));
  });

  it("reports a missing usage as null and never invents a count", () => {
    const noUsage = { data: [{ embedding: [1] }] };
    const answer = embeddingsAnswer(noUsage, Buffer.from(JSON.stringify(noUsage)), { providerId: "fireworks", clientModel: "f/m", passthrough: false, encodeLocally: false });
    assert.equal(answer.promptTokens, null);
  });

  it("turns malformed answers into a 502 naming the provider", () => {
    for (const bad of [{ data: "x" }, { data: [5] }, { data: [{ embedding: ["a"] }] }]) {
      assert.throws(
        () => embeddingsAnswer(bad, Buffer.from("{}"), { providerId: "nvidia", clientModel: "m", passthrough: false, encodeLocally: false }),
        (error: unknown) => GatewayError.isInstance(error) && error.status === 502 && error.publicMessage.includes("'nvidia'"),
      );
    }
  });
});
