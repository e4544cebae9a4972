import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProviderRuntime } from "../ports";
import { contextWindowOf, mayFitAfterContextRefusal } from "./context-window";
import type { RouteTarget } from "./resolve-model";

function target(model: string, windows?: Record<string, number>): RouteTarget {
  const provider: ProviderRuntime = {
    id: "p",
    displayName: "P",
    apiFormat: "openai-chat",
    models: [],
    strategy: "round-robin",
    accounts: [],
    ...(windows !== undefined ? { contextWindows: new Map(Object.entries(windows)) } : {}),
  };
  return { provider, upstreamModel: model, qualifiedModel: `p/${model}` };
}

describe("context-window routing", () => {
  it("reads a model's window from the provider metadata, ignoring absent and nonsense values", () => {
    assert.equal(contextWindowOf(target("big", { big: 200_000 })), 200_000);
    assert.equal(contextWindowOf(target("other", { big: 200_000 })), undefined);
    assert.equal(contextWindowOf(target("zero", { zero: 0 })), undefined);
    assert.equal(contextWindowOf(target("any")), undefined);
  });

  it("after a refusal only a strictly larger known window, or an unknown one, is tried", () => {
    assert.equal(mayFitAfterContextRefusal(target("small", { small: 128_000 }), undefined), true, "nothing refused yet");
    assert.equal(mayFitAfterContextRefusal(target("small", { small: 128_000 }), 128_000), false, "the same window");
    assert.equal(mayFitAfterContextRefusal(target("tiny", { tiny: 32_000 }), 128_000), false);
    assert.equal(mayFitAfterContextRefusal(target("big", { big: 1_000_000 }), 128_000), true);
    assert.equal(mayFitAfterContextRefusal(target("unknown"), 128_000), true, "unknown windows advance normally");
  });
});
