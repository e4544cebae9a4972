import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cacheControlField, parseCacheControl } from "./cache-control";

describe("cache-control", () => {
  it("keeps the ephemeral marker and a valid ttl", () => {
    assert.deepEqual(parseCacheControl({ type: "ephemeral" }), { type: "ephemeral" });
    assert.deepEqual(parseCacheControl({ type: "ephemeral", ttl: "1h" }), { type: "ephemeral", ttl: "1h" });
    assert.deepEqual(parseCacheControl({ type: "ephemeral", ttl: "3d" }), { type: "ephemeral" });
  });

  it("ignores anything that is not an ephemeral marker", () => {
    assert.equal(parseCacheControl(undefined), undefined);
    assert.equal(parseCacheControl({ type: "persistent" }), undefined);
    assert.equal(parseCacheControl("ephemeral"), undefined);
  });

  it("writes the marker back only when there is one", () => {
    assert.deepEqual(cacheControlField(undefined), {});
    assert.deepEqual(cacheControlField({ type: "ephemeral", ttl: "5m" }), { cache_control: { type: "ephemeral", ttl: "5m" } });
  });
});
