import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { encryptSecret, SecretDecryptError } from "../secrets/encrypt-secret";
import { storedProxyUrl } from "./stored-proxy-url";

const storageKey = randomBytes(32);

describe("storedProxyUrl", () => {
  it("builds http, https and socks5 URLs without credentials", () => {
    assert.equal(storedProxyUrl({ type: "http", host: "proxy.local", port: 3128 }, storageKey), "http://proxy.local:3128");
    assert.equal(storedProxyUrl({ type: "https", host: "10.0.0.1", port: 443 }, storageKey), "https://10.0.0.1:443");
    assert.equal(storedProxyUrl({ type: "socks5", host: "127.0.0.1", port: 1080 }, storageKey), "socks5://127.0.0.1:1080");
  });

  it("decrypts the password and percent-encodes user name and password", () => {
    const url = storedProxyUrl(
      { type: "http", host: "proxy.example", port: 8080, username: "me@corp", passwordEncrypted: encryptSecret("p@ss:w/rd%", storageKey) },
      storageKey,
    );
    assert.equal(url, "http://me%40corp:p%40ss%3Aw%2Frd%25@proxy.example:8080");
    const parsed = new URL(url);
    assert.equal(parsed.hostname, "proxy.example", "credentials cannot move the host");
    assert.equal(decodeURIComponent(parsed.username), "me@corp");
    assert.equal(decodeURIComponent(parsed.password), "p@ss:w/rd%");
  });

  it("writes a user name without a password, and a password without a user name", () => {
    assert.equal(storedProxyUrl({ type: "socks5", host: "h", port: 1, username: "u" }, storageKey), "socks5://u@h:1");
    assert.equal(storedProxyUrl({ type: "http", host: "h", port: 1, passwordEncrypted: encryptSecret("pw", storageKey) }, storageKey), "http://:pw@h:1");
  });

  it("brackets IPv6 hosts once", () => {
    assert.equal(storedProxyUrl({ type: "http", host: "::1", port: 8080 }, storageKey), "http://[::1]:8080");
    assert.equal(storedProxyUrl({ type: "http", host: "[fd00::2]", port: 8080 }, storageKey), "http://[fd00::2]:8080");
  });

  it("fails when the password cannot be decrypted (the caller fails closed)", () => {
    const foreign = encryptSecret("pw", randomBytes(32));
    assert.throws(() => storedProxyUrl({ type: "http", host: "h", port: 1, username: "u", passwordEncrypted: foreign }, storageKey), SecretDecryptError);
  });
});
