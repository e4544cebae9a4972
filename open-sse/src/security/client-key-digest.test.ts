import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { createClientKeyDigester } from "./client-key-digest";

describe("createClientKeyDigester", () => {
  const secret = Buffer.alloc(32, 7);

  it("is HMAC-SHA256 of the key under the secret, 32 bytes", () => {
    const digest = createClientKeyDigester(secret)("omr-test-key-123");
    assert.equal(digest.length, 32);
    assert.deepEqual(digest, createHmac("sha256", secret).update("omr-test-key-123").digest());
  });

  it("depends on the secret", () => {
    const other = createClientKeyDigester(Buffer.alloc(32, 8))("omr-test-key-123");
    assert.notDeepEqual(createClientKeyDigester(secret)("omr-test-key-123"), other);
  });

  it("is not affected by later changes to the caller's secret buffer", () => {
    const mutable = Buffer.from(secret);
    const digester = createClientKeyDigester(mutable);
    const before = digester("k");
    mutable.fill(0);
    assert.deepEqual(digester("k"), before);
  });

  it("refuses an empty secret", () => {
    assert.throws(() => createClientKeyDigester(Buffer.alloc(0)), /must not be empty/);
  });
});
