import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveRequestId } from "./request-id";

describe("resolveRequestId", () => {
  it("echoes a safe client id", () => {
    assert.equal(resolveRequestId("client-id-42"), "client-id-42");
    assert.equal(resolveRequestId("9f1c2a7e-5b1d-4c8e-a1f0-3b2d4e5f6a7b"), "9f1c2a7e-5b1d-4c8e-a1f0-3b2d4e5f6a7b");
    assert.equal(resolveRequestId("task-1234567890abcdef"), "task-1234567890abcdef");
  });

  it("replaces unsafe or missing ids with a generated one", () => {
    for (const presented of [undefined, "", "a b", "x\r\ny", "é", "x".repeat(129), ["a", "b"]]) {
      assert.match(resolveRequestId(presented), /^req_[0-9a-f]{32}$/);
    }
  });

  it("never echoes (and so never stores or logs) an id shaped like a provider key", () => {
    for (const presented of [
      "sk-proj-abcdefgh12345678",
      "run.sk-abcdefgh1234",
      "AIzaSyA1234567890abcdefghijk",
      "ghp_abcdefghijklmnopqrstuvwx",
      "xai-abcdefghijklmnopqrstuvwx",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
    ]) {
      assert.match(resolveRequestId(presented), /^req_[0-9a-f]{32}$/, presented);
    }
  });
});
