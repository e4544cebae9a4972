import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { claudeCodeSnippet, codexConfigSnippet, curlSnippet, geminiCliSnippet, openAiCompatibleFields, openAiPythonSnippet, openAiSdkSnippet } from "./client-snippets";

const input = { endpointUrl: "http://127.0.0.1:20128", model: "mock/gpt-4o" };

describe("client setup snippets", () => {
  it("reference $OMNIROUTE_API_KEY when no key was just created", () => {
    assert.match(claudeCodeSnippet(input), /^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:20128$/m);
    assert.match(claudeCodeSnippet(input), /ANTHROPIC_AUTH_TOKEN="\$OMNIROUTE_API_KEY"/);
    assert.match(openAiSdkSnippet(input), /apiKey: process\.env\.OMNIROUTE_API_KEY/);
    assert.equal(openAiCompatibleFields(input).apiKey, "<your omniroute key>");
  });

  it("embed a freshly created key literally", () => {
    const withKey = { ...input, apiKey: "omr_abc123" };
    assert.match(curlSnippet(withKey), /Authorization: Bearer omr_abc123/);
    assert.match(geminiCliSnippet(withKey), /GEMINI_API_KEY="omr_abc123"/);
    assert.match(openAiPythonSnippet(withKey), /api_key="omr_abc123"/);
  });

  it("point OpenAI-style clients at /v1 and the others at the origin", () => {
    assert.match(codexConfigSnippet(input), /base_url = "http:\/\/127\.0\.0\.1:20128\/v1"/);
    assert.match(codexConfigSnippet(input), /wire_api = "responses"/);
    assert.equal(openAiCompatibleFields(input).baseUrl, "http://127.0.0.1:20128/v1");
    assert.match(geminiCliSnippet(input), /GOOGLE_GEMINI_BASE_URL=http:\/\/127\.0\.0\.1:20128$/m);
  });

  it("quote a model id the shell would split", () => {
    assert.match(claudeCodeSnippet({ ...input, model: "my combo" }), /ANTHROPIC_MODEL='my combo'/);
    assert.match(geminiCliSnippet({ ...input, model: "it's" }), /--model 'it'\\''s'/);
  });
});
