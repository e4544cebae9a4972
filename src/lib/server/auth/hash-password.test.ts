import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword } from "./generate-password";
import { hashPassword, verifyPassword } from "./hash-password";

describe("hashPassword / verifyPassword", () => {
  it("stores scrypt$N$r$p$salt$hash with a random salt and verifies only the right password", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery");
    assert.match(first, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first, second, "a fresh salt every time");
    assert.equal(await verifyPassword("correct horse battery", first), true);
    assert.equal(await verifyPassword("correct horse batterY", first), false);
    assert.equal(await verifyPassword("", first), false);
    assert.ok(!first.includes("correct"));
  });

  it("rejects malformed or hostile stored values without throwing", async () => {
    const good = await hashPassword("pw-123456789012");
    const [, , , , salt, hash] = good.split("$");
    for (const stored of [
      "",
      "plain",
      `bcrypt$32768$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // too costly
      `scrypt$32768$8$1$${salt}$`,
      `scrypt$32768$8$1$${salt}$${hash}$extra`,
      `scrypt$32768$abc$1$${salt}$${hash}`,
    ]) {
      assert.equal(await verifyPassword("pw-123456789012", stored), false, stored);
    }
  });

  it("reads the cost from the stored value, so older parameters keep verifying", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const hash = scryptSync("old-password", salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString("base64url")}$${hash.toString("base64url")}`;
    assert.equal(await verifyPassword("old-password", stored), true);
    assert.equal(await verifyPassword("old-passwore", stored), false);
  });
});

describe("generatePassword", () => {
  it("is URL-safe, at least 20 characters, and different every time", () => {
    const seen = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      const password = generatePassword();
      assert.match(password, /^[A-Za-z0-9_-]{20,}$/);
      seen.add(password);
    }
    assert.equal(seen.size, 50);
  });
});
