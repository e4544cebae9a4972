import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createClientKeyDigester } from "../../../../open-sse/src/security/client-key-digest";
import { clientKeyPrefix, hashClientKey } from "./hash-client-key";

describe("hashClientKey", () => {
  const secret = randomBytes(32);

  it("is 64 hex characters, stable, and does not contain the key", () => {
    const hash = hashClientKey("omr-test-key-123", secret);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hashClientKey("omr-test-key-123", secret), hash);
    assert.notEqual(hashClientKey("omr-test-key-124", secret), hash);
    assert.notEqual(hashClientKey("omr-test-key-123", randomBytes(32)), hash);
  });

  it("matches the engine's digester byte for byte", () => {
    assert.deepEqual(Buffer.from(hashClientKey("k1", secret), "hex"), createClientKeyDigester(secret)("k1"));
  });
});

describe("clientKeyPrefix", () => {
  it("shows the first 8 characters, never more than half of a short key", () => {
    assert.equal(clientKeyPrefix("omr-test-key-123"), "omr-test…");
    assert.equal(clientKeyPrefix("abcdef"), "abc…");
    assert.equal(clientKeyPrefix("a"), "…");
  });
});
