import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { invalidField } from "./invalid-field";

describe("invalidField", () => {
  it("is a 400 naming the field in the message and as param", () => {
    const error = invalidField("messages.0.content.1.text", "must be a string");
    assert.ok(GatewayError.isInstance(error));
    assert.equal(error.status, 400);
    assert.equal(error.kind, "invalid_request_error");
    assert.equal(error.param, "messages.0.content.1.text");
    assert.equal(error.publicMessage, "messages.0.content.1.text: must be a string");
  });
});
