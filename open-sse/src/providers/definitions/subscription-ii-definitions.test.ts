import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { providerDefinitionProblems } from "../check-provider-definition";
import { cursor } from "./cursor";
import { githubCopilot } from "./github-copilot";
import { iflow } from "./iflow";
import { kiro } from "./kiro";
import { qwen } from "./qwen";

const DEFINITIONS = [githubCopilot, iflow, qwen, kiro, cursor];

describe("subscription providers II definitions", () => {
  it("pass the definition checks", () => {
    for (const definition of DEFINITIONS) assert.deepEqual(providerDefinitionProblems(definition), [], definition.id);
  });

  it("name their prefix, tier, executor and login flow", () => {
    assert.deepEqual(
      DEFINITIONS.map((definition) => [definition.id, definition.tier, definition.executor, definition.oauthFlow]),
      [
        ["gh", "subscription", "copilot", "github-device"],
        ["if", "free", "iflow", "iflow"],
        ["qw", "free", "qwen", "qwen-device"],
        ["kr", "free", "kiro", "kiro-builder-id"],
        ["cu", "subscription", "cursor", "cursor-import"],
      ],
    );
  });

  it("cost nothing per token", () => {
    for (const definition of DEFINITIONS) {
      for (const model of definition.models) assert.deepEqual(model.price, { inputPerMillion: 0, outputPerMillion: 0 }, `${definition.id}/${model.id}`);
    }
  });

  it("list the models the issue names (Copilot's under their current Copilot ids)", () => {
    const ids = (definition: { models: ReadonlyArray<{ id: string }> }) => definition.models.map((model) => model.id);
    for (const id of ["claude-sonnet-4.5", "gemini-3.1-pro-preview", "gpt-5.2"]) assert.ok(ids(githubCopilot).includes(id), id);
    for (const id of ["kimi-k2-thinking", "qwen3-coder-plus", "glm-4.7", "minimax-m2", "deepseek-r1"]) assert.ok(ids(iflow).includes(id), id);
    assert.equal(ids(iflow).length, 8);
    assert.deepEqual(ids(qwen), ["qwen3-coder-plus", "qwen3-coder-flash"]);
    for (const id of ["claude-sonnet-4.5", "claude-haiku-4.5"]) assert.ok(ids(kiro).includes(id), id);
  });
});
