import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { deriveMachineId } from "./derive-machine-id";

describe("deriveMachineId", () => {
  it("is stable for one salt and host, different across salts, and does not contain the host name", () => {
    const salt = randomBytes(32);
    assert.equal(deriveMachineId(salt, "box"), deriveMachineId(salt, "box"));
    assert.notEqual(deriveMachineId(salt, "box"), deriveMachineId(randomBytes(32), "box"));
    assert.match(deriveMachineId(salt, "box"), /^[0-9a-f]{64}$/);
    assert.ok(!deriveMachineId(salt, "my-laptop").includes("laptop"));
  });
});
