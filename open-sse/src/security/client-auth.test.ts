import assert from "node:assert/strict";
import crypto from "node:crypto";
import { describe, it, mock } from "node:test";
import type { ClientKeyRuntime } from "../ports";
import { clientKeyIndex, digestsEqual, matchClientKey, presentedClientKey, verifyClientKey } from "./client-auth";
import { createClientKeyDigester } from "./client-key-digest";
import { clientKeyLookupPrefix, generateClientKey, MAX_CLIENT_KEY_LENGTH } from "./client-key-format";

const digest = createClientKeyDigester(Buffer.alloc(32, 3));
const NOW = Date.parse("2026-06-01T00:00:00Z");

function runtimeFor(key: string, overrides: Partial<ClientKeyRuntime> = {}): ClientKeyRuntime {
  return {
    id: `id-${key}`,
    name: `name-${key}`,
    prefix: clientKeyLookupPrefix(key),
    digest: digest(key),
    enabled: true,
    expiresAt: null,
    allowedModels: null,
    ...overrides,
  };
}

const generated = generateClientKey();
const keys = [runtimeFor(generated), runtimeFor("omr-test-key-123"), runtimeFor("omr-test-key-456")];

describe("presentedClientKey", () => {
  it("reads Bearer, x-api-key and x-goog-api-key", () => {
    assert.equal(presentedClientKey({ authorization: "Bearer abc" }), "abc");
    assert.equal(presentedClientKey({ authorization: "bearer  abc " }), "abc");
    assert.equal(presentedClientKey({ "x-api-key": "abc" }), "abc");
    assert.equal(presentedClientKey({ "x-goog-api-key": "abc" }), "abc");
    assert.equal(presentedClientKey({}), undefined);
  });
});

describe("digestsEqual", () => {
  it("returns false for different lengths instead of throwing", () => {
    assert.equal(digestsEqual(Buffer.alloc(32), Buffer.alloc(31)), false);
    assert.equal(digestsEqual(Buffer.alloc(32), Buffer.alloc(0)), false);
    assert.equal(digestsEqual(Buffer.alloc(32, 1), Buffer.alloc(32, 1)), true);
    assert.equal(digestsEqual(Buffer.alloc(32, 1), Buffer.alloc(32, 2)), false);
  });
});

describe("matchClientKey", () => {
  it("finds generated and free-form keys, including two free-form keys sharing a prefix", () => {
    assert.equal(matchClientKey(generated, keys, digest)?.id, `id-${generated}`);
    assert.equal(matchClientKey("omr-test-key-123", keys, digest)?.id, "id-omr-test-key-123");
    assert.equal(matchClientKey("omr-test-key-456", keys, digest)?.id, "id-omr-test-key-456");
    assert.equal(matchClientKey("omr-test-key-789", keys, digest), undefined);
  });

  it("groups keys by prefix once per key list", () => {
    const index = clientKeyIndex(keys);
    assert.equal(clientKeyIndex(keys), index);
    assert.equal(index.get("omr-test")?.length, 2);
  });

  it("compares digests with crypto.timingSafeEqual", () => {
    const spy = mock.method(crypto, "timingSafeEqual");
    try {
      assert.ok(matchClientKey("omr-test-key-123", keys, digest));
      // Both keys sharing the prefix are compared: no early exit.
      assert.equal(spy.mock.callCount(), 2);
    } finally {
      spy.mock.restore();
    }
  });

  it("does not digest or compare a key outside the length bounds or with an unknown prefix", () => {
    let digests = 0;
    const counting = (key: string) => {
      digests++;
      return digest(key);
    };
    assert.equal(matchClientKey("x".repeat(MAX_CLIENT_KEY_LENGTH + 1), keys, counting), undefined);
    assert.equal(matchClientKey("zzzzzzzzzzzzzzzz", keys, counting), undefined);
    assert.equal(digests, 0);
  });

  it("does not accept a key whose prefix matches but whose secret differs", () => {
    const forged = `${generated.slice(0, 13)}${"A".repeat(32)}`;
    assert.equal(matchClientKey(forged, keys, digest), undefined);
  });

  it("never throws when a stored digest has another length", () => {
    const odd = [{ ...runtimeFor("omr-test-key-123"), digest: Buffer.alloc(16) }];
    assert.equal(matchClientKey("omr-test-key-123", odd, digest), undefined);
  });
});

describe("verifyClientKey", () => {
  it("accepts an enabled key that has not expired", () => {
    const verdict = verifyClientKey(generated, [runtimeFor(generated, { expiresAt: NOW + 1 })], digest, NOW);
    assert.ok(verdict.ok);
  });

  it("refuses disabled, expired and unknown keys", () => {
    assert.deepEqual(pickReason(verifyClientKey(generated, [runtimeFor(generated, { enabled: false })], digest, NOW)), "disabled");
    assert.deepEqual(pickReason(verifyClientKey(generated, [runtimeFor(generated, { expiresAt: NOW })], digest, NOW)), "expired");
    assert.deepEqual(pickReason(verifyClientKey(generated, [runtimeFor(generated, { expiresAt: NOW - 1 })], digest, NOW)), "expired");
    assert.deepEqual(pickReason(verifyClientKey("nope-nope-nope", keys, digest, NOW)), "unknown");
  });
});

function pickReason(verdict: ReturnType<typeof verifyClientKey>): string {
  return verdict.ok ? "ok" : verdict.reason;
}

describe("presentedClientKey: where clients put their key", () => {
  it("reads Bearer, x-api-key, x-goog-api-key, and ?key= on Gemini routes only", () => {
    assert.equal(presentedClientKey({ authorization: "Bearer k1" }), "k1");
    assert.equal(presentedClientKey({ "x-api-key": "k2" }), "k2");
    assert.equal(presentedClientKey({ "x-goog-api-key": "k3" }), "k3");
    assert.equal(presentedClientKey({}, "/v1beta/models/gemini-2.5-pro:generateContent?alt=sse&key=k4"), "k4");
    assert.equal(presentedClientKey({}, "/v1/chat/completions?key=k5"), undefined);
    assert.equal(presentedClientKey({ "x-goog-api-key": "header" }, "/v1beta/models?key=query"), "header");
    assert.equal(presentedClientKey({}, "/v1beta/models"), undefined);
  });
});
