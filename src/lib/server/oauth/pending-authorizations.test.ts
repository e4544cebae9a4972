import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OAuthFlowError } from "./oauth-flow-error";
import { AUTHORIZATION_TTL_MS, PendingAuthorizations, type PendingAuthorization } from "./pending-authorizations";

const entry = (state: string, overrides: Partial<PendingAuthorization> = {}): PendingAuthorization => ({
  state,
  providerId: "cc",
  codeVerifier: "v",
  redirectUri: "http://localhost:1/callback",
  mode: "loopback",
  loopbackPort: 1,
  dashboardOrigin: "http://127.0.0.1:2",
  expiresAt: 1_000 + AUTHORIZATION_TTL_MS,
  ...overrides,
});

const invalidState = (error: unknown) => OAuthFlowError.isInstance(error) && error.status === 400 && error.code === "invalid_state";

describe("pending authorizations", () => {
  it("a state is taken once", () => {
    const store = new PendingAuthorizations(() => 1_000);
    store.add(entry("s1"));
    assert.equal(store.take("s1", "cc").codeVerifier, "v");
    assert.throws(() => store.take("s1", "cc"), invalidState);
  });

  it("expires after ten minutes, and a wrong provider spends the state too", () => {
    let now = 1_000;
    const store = new PendingAuthorizations(() => now);
    store.add(entry("old"));
    store.add(entry("other"));
    now += AUTHORIZATION_TTL_MS;
    assert.throws(() => store.take("old"), invalidState);
    now = 1_000;
    assert.throws(() => store.take("other", "gc"), invalidState);
    assert.throws(() => store.take("other", "cc"), invalidState);
  });

  it("knows whether a loopback port still has a login waiting, and sweeps the expired", () => {
    let now = 1_000;
    const store = new PendingAuthorizations(() => now);
    store.add(entry("a", { loopbackPort: 5 }));
    assert.equal(store.waitsOnPort(5), true);
    assert.equal(store.waitsOnPort(6), false);
    now += AUTHORIZATION_TTL_MS + 1;
    assert.equal(store.waitsOnPort(5), false);
    assert.deepEqual(store.sweep().map((expired) => expired.state), ["a"]);
    assert.equal(store.size, 0);
  });

  it("a code pasted without state takes the newest manual login of that provider", () => {
    const store = new PendingAuthorizations(() => 1_000);
    store.add(entry("m1", { providerId: "gc", mode: "manual" }));
    store.add(entry("m2", { providerId: "gc", mode: "manual" }));
    store.add(entry("cb", { providerId: "gc", mode: "app-callback" }));
    assert.equal(store.takeLatestManual("gc").state, "m2");
    assert.equal(store.takeLatestManual("gc").state, "m1");
    assert.throws(() => store.takeLatestManual("gc"), invalidState);
  });
});
