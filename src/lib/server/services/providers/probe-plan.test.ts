import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { modelListRequest, normaliseModelList, probeRequest, type ProbeTarget } from "./probe-plan";

const target = (extra: Partial<ProbeTarget>): ProbeTarget => ({
  providerId: "x",
  apiFormat: "openai-chat",
  baseUrl: "https://api.example.com/v1/",
  apiKey: "k",
  extraHeaders: {},
  model: undefined,
  ...extra,
});

describe("probeRequest", () => {
  it("lists models for OpenAI-style APIs, with the provider's required headers", () => {
    const probe = probeRequest(target({ extraHeaders: { "x-required": "1" } }));
    assert.deepEqual([probe.method, probe.url, probe.headers.authorization, probe.headers["x-required"], probe.body], ["GET", "https://api.example.com/v1/models", "Bearer k", "1", undefined]);
  });

  it("generates one token where a list proves nothing (Perplexity's Responses API)", () => {
    const probe = probeRequest(target({ providerId: "pplx", apiFormat: "openai-responses", model: "perplexity/sonar" }));
    assert.deepEqual([probe.method, probe.url], ["POST", "https://api.example.com/v1/responses"]);
    assert.deepEqual(JSON.parse(probe.body!), { model: "perplexity/sonar", input: "ping", max_output_tokens: 16 });
    assert.equal(probe.headers["content-type"], "application/json");
  });

  it("takes Anthropic and Gemini bases with or without their version path", () => {
    assert.equal(probeRequest(target({ apiFormat: "anthropic-messages", baseUrl: "https://a.example/v1", model: "m" })).url, "https://a.example/v1/messages");
    assert.equal(modelListRequest(target({ apiFormat: "gemini", baseUrl: "https://g.example/v1beta/" })).url, "https://g.example/v1beta/models?pageSize=1000");
  });
});

describe("normaliseModelList", () => {
  it("reads each protocol's list into {id, name?}, skipping junk and duplicates", () => {
    assert.deepEqual(normaliseModelList("gemini", { models: [{ name: "models/gemini-2.5-flash", displayName: "Gemini 2.5 Flash" }, { name: 3 }] }), [
      { id: "gemini-2.5-flash", name: "Gemini 2.5 Flash" },
    ]);
    assert.deepEqual(normaliseModelList("openai-chat", { data: [{ id: "a" }, { id: "a" }, { id: "" }, null] }), [{ id: "a" }]);
    assert.equal(normaliseModelList("openai-chat", { models: [] }), undefined);
    assert.equal(normaliseModelList("anthropic-messages", "nope"), undefined);
  });
});
