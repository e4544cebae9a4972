import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSecretFieldName, maskSecretFields, maskSecretJsonText, MASKED } from "./mask-secret-fields";

describe("maskSecretFields", () => {
  it("masks secrets by field name at any depth, and keeps everything else", () => {
    const masked = maskSecretFields({
      name: "laptop",
      apiKeyEncrypted: "enc:v1:abc",
      hash: "0".repeat(64),
      accounts: [{ id: "a", api_key: "sk-live", oauth: { credentialsEncrypted: "enc:v1:x", identity: { email: "me@example.com" } } }],
      auth: { passwordHash: "scrypt$1$2$3$salt$hash", requireLogin: true },
      headers: { authorization: "Bearer abc", "x-api-key": "k", cookie: "auth_token=1" },
      sessionKey: "fp:123",
      prompt_cache_key: "conv-1",
      apiKeyId: "key-1",
      inputTokens: 12,
    });
    assert.deepEqual(masked, {
      name: "laptop",
      apiKeyEncrypted: MASKED,
      hash: MASKED,
      accounts: [{ id: "a", api_key: MASKED, oauth: { credentialsEncrypted: MASKED, identity: { email: "me@example.com" } } }],
      auth: { passwordHash: MASKED, requireLogin: true },
      headers: { authorization: MASKED, "x-api-key": MASKED, cookie: MASKED },
      sessionKey: "fp:123",
      prompt_cache_key: "conv-1",
      apiKeyId: "key-1",
      inputTokens: 12,
    });
  });

  it("masks stored secrets and credential shapes in values under any name", () => {
    const masked = maskSecretFields({ note: "enc:v1:zzz", text: "use sk-abcdefghijklmnopqrstu please", list: ["scrypt$x"] });
    assert.deepEqual(masked, { note: MASKED, text: "use [redacted] please", list: [MASKED] });
  });

  it("keeps empty and null secrets visible as such (the change 'key removed' stays readable)", () => {
    assert.deepEqual(maskSecretFields({ token: null, password: "" }), { token: null, password: "" });
  });

  it("bounds depth, strings and arrays", () => {
    const deep = { a: { b: { c: { d: 1 } } } };
    assert.deepEqual(maskSecretFields(deep, { maxDepth: 2 }), { a: { b: "[…]" } });
    assert.equal(maskSecretFields("x".repeat(20), { maxStringLength: 5 }), "xxxxx…[15 more characters]");
    assert.deepEqual(maskSecretFields([1, 2, 3, 4], { maxArrayItems: 2 }), [1, 2, "[2 more]"]);
  });

  it("names secrets by their ending, not by containing 'key'", () => {
    for (const name of ["apiKey", "API_KEY", "x-goog-api-key", "accessToken", "refresh_token", "clientSecret", "passwd", "set-cookie"]) {
      assert.equal(isSecretFieldName(name), true, name);
    }
    for (const name of ["keyId", "apiKeyName", "sessionKey", "tokens", "outputTokens", "keys", "prefix", "monkeys"]) {
      assert.equal(isSecretFieldName(name), false, name);
    }
  });
});

describe("maskSecretJsonText", () => {
  it("masks secret-named string fields in JSON text without parsing it, leaving the rest byte for byte", () => {
    const text = '{"model":"m","api_key":"hunter2","max_tokens":64,"auth":{"accessToken" : "a\\"b"},"prompt_cache_key":"conv-1","password":3}';
    assert.equal(
      maskSecretJsonText(text),
      '{"model":"m","api_key":"[masked]","max_tokens":64,"auth":{"accessToken" : "[masked]"},"prompt_cache_key":"conv-1","password":3}',
    );
    const cut = '{"messages":[{"content":"x"}],"x-api-key":"abc';
    assert.equal(maskSecretJsonText(cut), cut, "an unterminated value is left for redactSecrets");
  });
});
