import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  clientKeyLookupPrefix,
  generateClientKey,
  hasClientKeyShape,
  isGeneratedClientKey,
  lookupPrefixFromStored,
  MAX_CLIENT_KEY_LENGTH,
  storedClientKeyPrefix,
} from "./client-key-format";

describe("generateClientKey", () => {
  it("is omr_ + 8-char prefix + _ + 32 base62 characters, different every time", () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateClientKey()));
    assert.equal(keys.size, 200);
    for (const key of keys) {
      assert.match(key, /^omr_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);
      assert.ok(isGeneratedClientKey(key));
    }
  });

  it("has at least 190 bits in its secret part", () => {
    assert.ok(32 * Math.log2(62) >= 190);
  });
});

describe("clientKeyLookupPrefix", () => {
  it("is omr_ + the 8-char id for generated keys", () => {
    const key = generateClientKey();
    assert.equal(clientKeyLookupPrefix(key), key.slice(0, 12));
    assert.equal(storedClientKeyPrefix(key), key.slice(0, 12));
  });

  it("is the first 8 characters of a free-form key, never more than half of a short one", () => {
    assert.equal(clientKeyLookupPrefix("omr-test-key-123"), "omr-test");
    assert.equal(clientKeyLookupPrefix("abcdef"), "abc");
    assert.equal(clientKeyLookupPrefix("a"), "");
    assert.equal(storedClientKeyPrefix("omr-test-key-123"), "omr-test…");
  });

  it("reads back the same lookup prefix from both stored forms", () => {
    assert.equal(lookupPrefixFromStored(storedClientKeyPrefix("omr-test-key-123")), clientKeyLookupPrefix("omr-test-key-123"));
    const key = generateClientKey();
    assert.equal(lookupPrefixFromStored(storedClientKeyPrefix(key)), clientKeyLookupPrefix(key));
  });
});

describe("hasClientKeyShape", () => {
  it("bounds the length", () => {
    assert.equal(hasClientKeyShape(""), false);
    assert.equal(hasClientKeyShape("k"), true);
    assert.equal(hasClientKeyShape("k".repeat(MAX_CLIENT_KEY_LENGTH)), true);
    assert.equal(hasClientKeyShape("k".repeat(MAX_CLIENT_KEY_LENGTH + 1)), false);
  });
});
