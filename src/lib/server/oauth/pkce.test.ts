import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createOAuthState, createPkcePair, pkceChallengeOf } from "./pkce";

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636 appendix B", () => {
    assert.equal(pkceChallengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes a verifier inside the RFC's length and alphabet, and a matching challenge", () => {
    const pair = createPkcePair();
    assert.ok(pair.verifier.length >= 43 && pair.verifier.length <= 128, `verifier length ${pair.verifier.length}`);
    assert.match(pair.verifier, /^[A-Za-z0-9_-]+$/);
    assert.equal(pair.challenge, pkceChallengeOf(pair.verifier));
    assert.notEqual(createPkcePair().verifier, pair.verifier);
  });

  it("makes distinct URL-safe states", () => {
    const states = new Set(Array.from({ length: 20 }, () => createOAuthState()));
    assert.equal(states.size, 20);
    for (const state of states) assert.match(state, /^[A-Za-z0-9_-]{43}$/);
  });
});
