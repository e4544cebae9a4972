import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { groq } from "../../open-sse/src/providers/definitions/groq";
import { providersDocPath, renderProvidersDoc } from "./render-providers-doc";

describe("docs/PROVIDERS.md", () => {
  it("is the rendering of the current registry (run render-providers-doc.ts after editing a definition)", () => {
    assert.equal(readFileSync(providersDocPath, "utf8"), renderProvidersDoc());
  });

  it("shows each provider's prefix, auth, protocol, models and sources", () => {
    const page = renderProvidersDoc([groq]);
    assert.match(page, /\| `groq` \| Groq \| free \| OpenAI Chat Completions \| `https:\/\/api\.groq\.com\/openai\/v1` \| `Authorization: Bearer <key>` \| 6 \|/);
    assert.match(page, /- Protocol: OpenAI Chat Completions — `POST https:\/\/api\.groq\.com\/openai\/v1\/chat\/completions`/);
    assert.match(page, /- refused: `logprobs`, `logit_bias`, `top_logprobs`, `messages\[\]\.name`, `n>1`/);
    assert.match(page, /\| `groq\/llama-3\.3-70b-versatile` \(Llama 3\.3 70B\) \| chat \| 131,072 \| 32,768 \| tools \| \$0\.59 in, \$0\.79 out \|/);
    assert.match(page, /- quirks: https:\/\/console\.groq\.com\/docs\/openai/);
  });
});
