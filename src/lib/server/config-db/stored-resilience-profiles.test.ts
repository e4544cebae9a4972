import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resilienceProfilesOf, storedResilienceSchema } from "./stored-resilience-profiles";

describe("resilienceProfilesOf", () => {
  it("maps the stored names to the engine's profile names, with only the fields that are set", () => {
    assert.deepEqual(resilienceProfilesOf({ profiles: { apiKey: { failureThreshold: 2, openMs: undefined }, oauth: { windowMs: 30_000 } } }), {
      "api-key": { failureThreshold: 2 },
      oauth: { windowMs: 30_000 },
    });
    assert.deepEqual(resilienceProfilesOf({ profiles: { oauth: { maxOpenMs: 120_000 } } }), { oauth: { maxOpenMs: 120_000 } });
  });

  it("nothing set (no section, no profile, empty profiles): undefined, so the engine keeps its defaults", () => {
    assert.equal(resilienceProfilesOf(undefined), undefined);
    assert.equal(resilienceProfilesOf({ profiles: {} }), undefined);
    assert.equal(resilienceProfilesOf({ profiles: { apiKey: {}, oauth: {} } }), undefined);
  });

  it("the stored schema refuses values the breaker could not run with", () => {
    assert.equal(storedResilienceSchema.safeParse({ profiles: { apiKey: { failureThreshold: 3, ratioThreshold: 0.5 } } }).success, true);
    for (const bad of [{ failureThreshold: 0 }, { ratioThreshold: 1.5 }, { openMs: -1 }, { windowMs: 1.5 }]) {
      assert.equal(storedResilienceSchema.safeParse({ profiles: { oauth: bad } }).success, false, JSON.stringify(bad));
    }
  });
});
