import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigFileError, loadConfigFile } from "./load-config-file";

const root = mkdtempSync(join(tmpdir(), "omniroute-config-file-"));
after(() => rmSync(root, { recursive: true, force: true }));
const canary = "sk-canary-must-not-leak-0123456789";
let fileCounter = 0;

function writeConfig(content: unknown): string {
  const file = join(root, `config-${fileCounter++}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The ConfigFileError lines for a config, asserting the canary secret never appears. */
function problemsOf(content: unknown): string[] {
  const file = writeConfig(content);
  try {
    loadConfigFile(file);
  } catch (error) {
    assert.ok(error instanceof ConfigFileError, String(error));
    assert.equal(error.exitCode, 2);
    assert.ok(!error.message.includes(canary), `secret leaked: ${error.message}`);
    assert.deepEqual(error.message.split("\n"), error.problems);
    return [...error.problems];
  }
  assert.fail("expected a ConfigFileError");
}

const account = { name: "a1", apiKey: canary };

describe("loadConfigFile", () => {
  it("accepts the DESIGN.md §9 example", () => {
    const config = {
      server: { port: 20128, host: "127.0.0.1", requireApiKey: true },
      security: { allowLocalUpstreams: true },
      limits: { maxBodyBytes: 1_000_000 },
      apiKeys: [{ name: "ci", key: "omr-test-key-123" }],
      providers: [
        { id: "openai", accounts: [{ name: "a1", apiKey: "sk-1", baseUrl: "http://127.0.0.1:9001/v1" }] },
        { id: "anthropic", accounts: [{ apiKey: "k", baseUrl: "http://127.0.0.1:9002" }] },
        {
          id: "my-node", type: "openai-compatible", apiFormat: "chat", baseUrl: "http://127.0.0.1:9003/v1",
          models: ["m1"], strategy: "round-robin", accounts: [{ apiKey: "x" }, { apiKey: "y" }],
        },
        { id: "my-claude-node", type: "anthropic-compatible", baseUrl: "http://127.0.0.1:9004", accounts: [{ apiKey: "z" }] },
      ],
      combos: [{ name: "my-stack", models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"] }],
    };
    assert.deepEqual(loadConfigFile(writeConfig(config)), config);
    assert.deepEqual(loadConfigFile(writeConfig({})), {});
  });

  it("reports an unreadable file", () => {
    const missing = join(root, "missing.json");
    assert.throws(() => loadConfigFile(missing), (error: Error) => error instanceof ConfigFileError && error.message === `cannot read ${missing}: ENOENT`);
  });

  it("reports invalid JSON with line and column, without echoing the text", () => {
    const [line] = problemsOf(`{\n  "providers": [\n    { "id": "openai", "accounts": [{ "apiKey": "${canary}" }] }\n  ],\n}`);
    assert.match(line ?? "", /^invalid JSON at line 5 column 1 in /);
  });

  for (const [label, config, expected] of [
    ["a bad URL", { providers: [{ id: "openai" }, { id: "groq", baseUrl: "not a url", accounts: [account] }] }, "providers[1].baseUrl: invalid URL"],
    ["an unknown key", { providers: [{ id: "openai", accounts: [{ ...account, apikey: canary }] }] }, "providers[0].accounts[0].apikey: unknown key"],
    ["an unknown top-level key", { provider: [] }, "provider: unknown key"],
    ["a duplicate provider id", { providers: [{ id: "openai" }, { id: "groq" }, { id: "openai" }] }, 'providers[2].id: duplicate provider id "openai" (also providers[0])'],
    ["a custom node without type", { providers: [{ id: "my-node", baseUrl: "https://llm.example.com/v1" }] }, 'providers[0].type: "my-node" is not a built-in provider; a custom node needs type "openai-compatible" or "anthropic-compatible"'],
    ["a custom node without baseUrl", { providers: [{ id: "my-node", type: "openai-compatible" }] }, "providers[0].baseUrl: required for a custom node"],
    ["apiFormat on an anthropic node", { providers: [{ id: "n", type: "anthropic-compatible", apiFormat: "chat", baseUrl: "https://x.example" }] }, "providers[0].apiFormat: only for openai-compatible nodes"],
    ["type on a built-in", { providers: [{ id: "openai", type: "openai-compatible" }] }, 'providers[0].type: "openai" is a built-in provider; type is only for custom nodes'],
    ["a bad provider id", { providers: [{ id: "-bad/id" }] }, "providers[0].id: must start with a letter or digit and contain only letters, digits, -, _ and ."],
    ["a local URL when the file refuses local upstreams", { security: { allowLocalUpstreams: false }, providers: [{ id: "openai", accounts: [{ ...account, baseUrl: "http://127.0.0.1:9001/v1" }] }] }, "providers[0].accounts[0].baseUrl: loopback/private address refused (set security.allowLocalUpstreams to true to allow local upstreams)"],
    ["a metadata URL even with allowLocalUpstreams", { security: { allowLocalUpstreams: true }, providers: [{ id: "openai", accounts: [{ ...account, baseUrl: "http://169.254.169.254/latest" }] }] }, "providers[0].accounts[0].baseUrl: cloud metadata address refused"],
    ["credentials in a URL", { providers: [{ id: "openai", baseUrl: `https://user:${canary}@api.example.com` }] }, "providers[0].baseUrl: credentials in URL refused (put the key in apiKey)"],
    ["a non-http scheme", { providers: [{ id: "openai", baseUrl: "file:///etc/passwd" }] }, "providers[0].baseUrl: unsupported scheme (only http and https)"],
    ["a duplicate account name", { providers: [{ id: "openai", accounts: [account, { apiKey: "x", name: "a1" }] }] }, 'providers[0].accounts[1].name: duplicate account name "a1" (also accounts[0])'],
    ["an auto name colliding with an explicit one", { providers: [{ id: "openai", accounts: [{ apiKey: "x" }, { apiKey: "y", name: "account-1" }] }] }, 'providers[0].accounts[1].name: duplicate account name "account-1" (also accounts[0])'],
    ["an empty apiKey", { providers: [{ id: "openai", accounts: [{ apiKey: "" }] }] }, "providers[0].accounts[0].apiKey: must not be empty"],
    ["a missing apiKey", { providers: [{ id: "openai", accounts: [{ name: "a" }] }] }, "providers[0].accounts[0].apiKey: required"],
    ["a non-string apiKey", { providers: [{ id: "openai", accounts: [{ apiKey: 12345 }] }] }, "providers[0].accounts[0].apiKey: expected string"],
    ["an empty client key", { apiKeys: [{ name: "ci", key: "" }] }, "apiKeys[0].key: must not be empty"],
    ["a duplicate client key value", { apiKeys: [{ name: "a", key: canary }, { name: "b", key: canary }] }, "apiKeys[1].key: same key as apiKeys[0]"],
    ["a port out of range", { server: { port: 70000 } }, "server.port: must be between 1 and 65535"],
    ["a port of 0", { server: { port: 0 } }, "server.port: must be between 1 and 65535"],
    ["an unknown strategy", { providers: [{ id: "openai", strategy: "random" }] }, 'providers[0].strategy: expected one of "round-robin", "priority"'],
    ["a combo without models", { combos: [{ name: "c", models: [] }] }, "combos[0].models: must list at least one model"],
    ["a duplicate combo", { combos: [{ name: "c", models: ["a/b"] }, { name: "c", models: ["a/b"] }] }, 'combos[1].name: duplicate combo name "c" (also combos[0])'],
    ["a combo named like a file provider", { providers: [{ id: "mine", type: "openai-compatible", baseUrl: "https://x.example/v1" }], combos: [{ name: "mine", models: ["a/b"] }] }, 'combos[0].name: "mine" is already a provider id'],
    ["a combo named like a built-in provider", { combos: [{ name: "openai", models: ["a/b"] }] }, 'combos[0].name: "openai" is already a provider id'],
    ["combo weights of the wrong length", { combos: [{ name: "c", models: ["a/b", "a/c"], strategy: "round-robin", weights: [1] }] }, "combos[0].weights: must have one weight per model"],
    ["a non-positive combo weight", { combos: [{ name: "c", models: ["a/b"], weights: [0] }] }, "combos[0].weights[0]: must be positive"],
    ["an unknown combo strategy", { combos: [{ name: "c", models: ["a/b"], strategy: "random" }] }, 'combos[0].strategy: expected one of "priority", "round-robin"'],
  ] as const) {
    it(`names the path for ${label}`, () => {
      assert.ok(problemsOf(config).includes(expected), `got: ${JSON.stringify(problemsOf(config))}`);
    });
  }

  it("leaves local URLs to the store's setting when the file does not decide", () => {
    const file = writeConfig({ providers: [{ id: "openai", accounts: [{ apiKey: "k", baseUrl: "http://127.0.0.1:1/v1" }] }] });
    assert.equal(loadConfigFile(file).providers?.[0]?.accounts?.[0]?.baseUrl, "http://127.0.0.1:1/v1");
  });

  it("lists several problems, one per line", () => {
    const problems = problemsOf({ server: { port: 0 }, providers: [{ id: "openai", accounts: [{ apiKey: "" }], extra: 1 }] });
    assert.ok(problems.length >= 3, problems.join("\n"));
  });
});
