import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProviderRuntime } from "../ports";
import { AccountPicker } from "./account-picker";

const account = (name: string, priority: number) => ({ id: name, name, apiKey: "k", baseUrl: "https://x", priority });
const provider = (strategy: "round-robin" | "priority"): ProviderRuntime => ({
  id: "p",
  displayName: "p",
  apiFormat: "openai-chat",
  models: [],
  strategy,
  accounts: [account("a", 3), account("b", 1), account("c", 2)],
});

describe("AccountPicker", () => {
  it("rotates the first account fairly under round-robin", () => {
    const picker = new AccountPicker();
    const firsts = Array.from({ length: 6 }, () => picker.order(provider("round-robin"))[0]!.name);
    assert.deepEqual(firsts, ["a", "b", "c", "a", "b", "c"]);
  });

  it("orders by priority number under priority", () => {
    assert.deepEqual(new AccountPicker().order(provider("priority")).map((entry) => entry.name), ["b", "c", "a"]);
  });
});
