import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { emptyConfigDocument, type ConfigDocument, type StoredProvider } from "../config-db/config-db-schema";
import { decryptSecret } from "../secrets/encrypt-secret";
import { applyProxySettingsUpdate, checkProxySettingsUpdate, ProxySettingsError, proxySettingsUpdateSchema, proxySettingsView } from "./proxy-settings";

const storageKey = randomBytes(32);

function documentWith(...ids: string[]): ConfigDocument {
  const document = emptyConfigDocument();
  document.providers = ids.map(
    (id): StoredProvider => ({ id, type: "built-in", apiFormat: "openai-chat", displayName: id, baseUrl: null, models: [], strategy: "priority", accounts: [], enabled: true, customModels: [] }),
  );
  return document;
}

function applied(document: ConfigDocument, body: unknown, socks5Enabled = false): ConfigDocument {
  const update = proxySettingsUpdateSchema.parse(body);
  checkProxySettingsUpdate(document, update, socks5Enabled);
  applyProxySettingsUpdate(document, update, storageKey);
  return document;
}

describe("proxy settings", () => {
  it("stores the global and per-provider proxies with the password encrypted, and shows them without it", () => {
    const document = applied(documentWith("openai", "xai"), {
      global: { type: "http", host: "proxy.corp", port: 3128, username: "me", password: "hunter2" },
      providers: { xai: { type: "https", host: "xai-proxy.corp", port: 443 } },
    });
    const global = document.settings.proxy?.global;
    assert.equal(decryptSecret(global?.passwordEncrypted ?? "", storageKey), "hunter2");
    assert.deepEqual(proxySettingsView(document, false), {
      global: { type: "http", host: "proxy.corp", port: 3128, username: "me", hasPassword: true },
      providers: { openai: null, xai: { type: "https", host: "xai-proxy.corp", port: 443, username: null, hasPassword: false } },
      socks5Enabled: false,
    });
    assert.doesNotMatch(JSON.stringify(proxySettingsView(document, false)), /hunter2/);
  });

  it("keeps a left-out password for the same server, drops it for another, removes with null", () => {
    const document = applied(documentWith("openai"), { global: { type: "http", host: "p", port: 1, username: "u", password: "pw" } });
    const before = document.settings.proxy?.global?.passwordEncrypted;
    applied(document, { global: { type: "http", host: "p", port: 1, username: "u" } });
    assert.equal(document.settings.proxy?.global?.passwordEncrypted, before);
    applied(document, { global: { type: "http", host: "elsewhere", port: 1, username: "u" } });
    assert.equal(document.settings.proxy?.global?.passwordEncrypted, undefined);
    applied(document, { global: null });
    assert.equal(document.settings.proxy?.global, null);
  });

  it("leaves what the update does not name, and removes a provider's proxy with null", () => {
    const document = applied(documentWith("openai"), { global: { type: "http", host: "g", port: 1 }, providers: { openai: { type: "http", host: "o", port: 2 } } });
    applied(document, { providers: { openai: null } });
    assert.equal(document.providers[0]?.proxy, null);
    assert.equal(document.settings.proxy?.global?.host, "g");
  });

  it("refuses SOCKS5 unless enabled, and providers that are not configured", () => {
    const refusal = (body: unknown, socks5 = false) => {
      try {
        applied(documentWith("openai"), body, socks5);
      } catch (error) {
        assert.ok(error instanceof ProxySettingsError);
        return error;
      }
      return assert.fail("expected a refusal");
    };
    assert.equal(refusal({ global: { type: "socks5", host: "s", port: 1080 } }).field, "global.type");
    assert.equal(refusal({ providers: { openai: { type: "socks5", host: "s", port: 1080 } } }).field, "providers.openai.type");
    assert.match(refusal({ providers: { groq: { type: "http", host: "s", port: 1 } } }).message, /'groq' is not configured/);
    assert.equal(applied(documentWith("openai"), { global: { type: "socks5", host: "s", port: 1080 } }, true).settings.proxy?.global?.type, "socks5");
  });

  it("validates the shape: hosts are names or addresses, never URLs", () => {
    for (const body of [
      { global: { type: "ftp", host: "p", port: 1 } },
      { global: { type: "http", host: "http://p", port: 1 } },
      { global: { type: "http", host: "user:pw@p", port: 1 } },
      { global: { type: "http", host: "p", port: 0 } },
      { other: true },
    ]) {
      assert.equal(proxySettingsUpdateSchema.safeParse(body).success, false, JSON.stringify(body));
    }
  });
});
