import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { decryptSecret, encryptSecret, isEncryptedSecret, SecretDecryptError } from "./encrypt-secret";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, including empty and non-ASCII values", () => {
    for (const plain of ["sk-canary-1234567890", "", "ключ 🔑"]) {
      const value = encryptSecret(plain, key);
      assert.match(value, /^enc:v1:[\w-]+\.[\w-]+\.[\w-]*$/);
      assert.ok(!value.includes(plain) || plain === "");
      assert.equal(decryptSecret(value, key), plain);
    }
  });

  it("uses a fresh IV each time", () => {
    assert.notEqual(encryptSecret("same", key), encryptSecret("same", key));
  });

  it("detects tampering of ciphertext, tag and IV without leaking the value or key", () => {
    const value = encryptSecret("sk-canary-tamper", key);
    const [iv = "", tag = "", ciphertext = ""] = value.slice("enc:v1:".length).split(".");
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    const tampered = [
      `enc:v1:${iv}.${tag}.${flip(ciphertext)}`,
      `enc:v1:${iv}.${flip(tag)}.${ciphertext}`,
      `enc:v1:${flip(iv)}.${tag}.${ciphertext}`,
      `enc:v1:${iv}.${tag}`,
      "enc:v1:garbage",
      "plain-text",
    ];
    for (const candidate of tampered) {
      assert.throws(() => decryptSecret(candidate, key), (error: Error) => {
        assert.ok(error instanceof SecretDecryptError);
        assert.ok(!error.message.includes(ciphertext));
        assert.ok(!error.message.includes(key.toString("hex")));
        assert.ok(!error.message.includes("sk-canary"));
        return true;
      });
    }
  });

  it("fails closed with the wrong key", () => {
    const value = encryptSecret("sk-canary", key);
    assert.throws(() => decryptSecret(value, randomBytes(32)), /wrong storage key or tampered value/);
  });

  it("refuses a key that is not 32 bytes", () => {
    assert.throws(() => encryptSecret("x", randomBytes(16)), /32 bytes/);
  });
});

describe("isEncryptedSecret", () => {
  it("recognises the versioned prefix", () => {
    assert.equal(isEncryptedSecret(encryptSecret("x", key)), true);
    assert.equal(isEncryptedSecret("sk-plain"), false);
    assert.equal(isEncryptedSecret(undefined), false);
  });
});
