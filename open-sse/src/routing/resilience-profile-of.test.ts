import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, ProviderRuntime } from "../ports";
import { resilienceProfileOf } from "./resilience-profile-of";

const apiKeyAccount: AccountRuntime = { id: "a", name: "a", apiKey: "sk-test", baseUrl: "https://api.example.com/v1", priority: 0 };
const provider = (fields: Partial<ProviderRuntime>): ProviderRuntime => ({
  id: "p",
  displayName: "P",
  apiFormat: "openai-chat",
  models: [],
  strategy: "round-robin",
  accounts: [apiKeyAccount],
  ...fields,
});

describe("resilienceProfileOf", () => {
  it("gives API-key providers the api-key profile and unknown providers the default", () => {
    assert.equal(resilienceProfileOf(provider({})), "api-key");
    assert.equal(resilienceProfileOf(undefined), "api-key");
  });

  it("gives subscription backends and OAuth-signed accounts the oauth profile", () => {
    assert.equal(resilienceProfileOf(provider({ executor: "codex" })), "oauth");
    const credentials = { current: async () => ({ accessToken: "t", expiresAt: null, extras: {} }), refreshAfterRejection: async () => undefined };
    assert.equal(resilienceProfileOf(provider({ accounts: [apiKeyAccount, { ...apiKeyAccount, id: "b", apiKey: "", credentials }] })), "oauth");
  });
});
