import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyParameterQuirks } from "./apply-parameter-quirks";
import type { ParameterQuirks } from "./provider-definition";

const base: ParameterQuirks = { maxTokensField: "max_tokens", rejectedFields: [], rejectsUnknownFields: false, reasoningControls: [], notes: [] };

describe("applyParameterQuirks", () => {
  it("returns undefined when the body already suits the provider", () => {
    assert.equal(applyParameterQuirks({ model: "m", max_tokens: 5 }, base), undefined);
  });

  it("makes a Mistral body acceptable: refused fields gone, seed renamed, the token limit moved", () => {
    const mistral: ParameterQuirks = {
      ...base,
      rejectedFields: ["max_completion_tokens", "n", "user", "messages[].name", "stream_options"],
      renamedFields: { seed: "random_seed" },
    };
    const body = {
      model: "mistral-large-latest",
      messages: [{ role: "user", content: "hi", name: "me" }, { role: "assistant", content: "yo" }],
      stream: true,
      stream_options: { include_usage: true },
      seed: 7,
      user: "u",
    };
    assert.deepEqual(applyParameterQuirks(body, mistral), {
      model: "mistral-large-latest",
      messages: [{ role: "user", content: "hi" }, { role: "assistant", content: "yo" }],
      stream: true,
      random_seed: 7,
    });
    assert.equal(body.stream_options.include_usage, true, "the input is not mutated");
  });

  it("keeps conditional rules as documentation, moves max_completion_tokens, clamps temperature", () => {
    const quirks: ParameterQuirks = { ...base, rejectedFields: ["logprobs (thinking mode)", "n>1"], temperatureRange: [0, 1] };
    assert.deepEqual(applyParameterQuirks({ logprobs: true, n: 2, max_completion_tokens: 10, temperature: 1.5 }, quirks), {
      logprobs: true,
      n: 2,
      max_tokens: 10,
      temperature: 1,
    });
  });
});
