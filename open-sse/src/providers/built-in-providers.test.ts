import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getBuiltInProvider, listBuiltInProviders } from "./built-in-providers";

describe("built-in providers", () => {
  it("keeps the fields the config store and snapshot builder read, with the same meaning", () => {
    const openai = getBuiltInProvider("openai")!;
    assert.equal(openai.displayName, "OpenAI");
    assert.equal(openai.apiFormat, "openai-chat");
    assert.equal(openai.baseUrl, "https://api.openai.com/v1");
    // Every id the earlier hand-written list had is still listed (combos and bare-id routing rely on them).
    for (const id of ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini"]) assert.ok(openai.models.includes(id), id);
    assert.deepEqual(getBuiltInProvider("anthropic")?.baseUrl, "https://api.anthropic.com");
    assert.deepEqual(getBuiltInProvider("gemini")?.baseUrl, "https://generativelanguage.googleapis.com");
    for (const id of ["deepseek-chat", "deepseek-reasoner"]) assert.ok(getBuiltInProvider("ds")!.models.includes(id));
    for (const id of ["llama-3.3-70b-versatile", "openai/gpt-oss-120b"]) assert.ok(getBuiltInProvider("groq")!.models.includes(id));
  });

  it("lists models of every type as plain ids, and the catalog beside them", () => {
    const openai = getBuiltInProvider("openai")!;
    assert.ok(openai.models.includes("text-embedding-3-large"));
    assert.ok(openai.models.includes("gpt-image-1"));
    assert.deepEqual(openai.models, openai.catalog.map((model) => model.id));
    assert.equal(openai.tier, "api-key");
    assert.deepEqual(openai.auth, { kind: "bearer" });
  });

  it("lists the twenty-seven catalog providers (six subscriptions, three free OAuth tiers, eighteen API-key) and nothing for unknown ids", () => {
    assert.equal(listBuiltInProviders().length, 27);
    assert.equal(listBuiltInProviders().filter((provider) => provider.tier === "subscription").length, 6);
    assert.equal(listBuiltInProviders().filter((provider) => provider.oauthFlow !== undefined).length, 9);
    assert.equal(getBuiltInProvider("cx")?.executor, "codex");
    assert.equal(getBuiltInProvider("gc")?.oauthFlow, "gemini-cli");
    assert.equal(getBuiltInProvider("my-node"), undefined);
    assert.equal(getBuiltInProvider("OpenAI"), undefined, "ids are case-sensitive, as model prefixes are");
  });

  it("is frozen: a caller cannot change another caller's view", () => {
    const groq = getBuiltInProvider("groq")!;
    assert.throws(() => (groq.models as string[]).push("x"));
    assert.throws(() => Object.assign(groq, { baseUrl: "https://evil.example" }));
  });
});
