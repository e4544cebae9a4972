// node --import tsx --test tester/bench/combo-case.test.ts
// The combo case's fixed parts: the config it adds is valid and names what the mock fails, and the mock's arguments
// make exactly those models fail (no server involved).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { configFileSchema } from "../../src/lib/server/config-file/config-file-schema";
import { parseModelScenarios } from "../mock-upstream/parse-model-scenarios";
import { COMBO_MOCK_ARGUMENTS, COMBO_MODELS, FAILING_MODEL_400, FAILING_MODEL_503, comboConfigCombos, comboConfigProviders } from "./combo-case";

const MOCK_URL = "http://127.0.0.1:9/v1";

describe("combo case config", () => {
  it("is accepted by the config file schema next to the bench's openai account", () => {
    const parsed = configFileSchema.safeParse({
      server: { host: "127.0.0.1", requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", accounts: [{ name: "bench", apiKey: "sk-bench", baseUrl: MOCK_URL }] }, ...comboConfigProviders(MOCK_URL)],
      combos: comboConfigCombos(),
    });
    assert.equal(parsed.success, true, parsed.success ? "" : JSON.stringify(parsed.error.issues));
  });

  it("puts a failing model of its own provider first and openai/gpt-4o second in each combo", () => {
    const providers = new Map(comboConfigProviders(MOCK_URL).map((provider) => [provider.id as string, provider]));
    const combos = comboConfigCombos();
    assert.deepEqual(
      combos.map((combo) => combo.name),
      [COMBO_MODELS.fallback503, COMBO_MODELS.breakerOpen, COMBO_MODELS.fallback400],
    );
    const firstProviders = combos.map((combo) => {
      const [first, second] = combo.models as string[];
      assert.equal(second, "openai/gpt-4o");
      const [providerId, model] = first!.split("/");
      assert.deepEqual(providers.get(providerId!)?.models, [model]);
      assert.equal(providers.get(providerId!)?.baseUrl, MOCK_URL);
      return providerId;
    });
    // One provider per combo: the breaker reset for (a) and the open breaker for (b) must not share a breaker.
    assert.equal(new Set(firstProviders).size, 3);
  });
});

describe("combo case mock arguments", () => {
  it("make always-503 answer 503 and always-400 answer 400, nothing else", () => {
    assert.deepEqual(parseModelScenarios(COMBO_MOCK_ARGUMENTS), {
      [FAILING_MODEL_503]: { kind: "status", status: 503 },
      [FAILING_MODEL_400]: { kind: "status", status: 400 },
    });
  });
});
