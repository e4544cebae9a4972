import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { formatResponsesError, formatResponsesStreamError } from "./format-error";

const rateLimited = new GatewayError({ code: "upstream_rate_limited", status: 429, publicMessage: "Every route is rate limited." });

describe("formatResponsesError", () => {
  it("writes OpenAI's error body", () => {
    assert.deepEqual(JSON.parse(formatResponsesError(rateLimited)), {
      error: { message: "Every route is rate limited.", type: "rate_limit_error", param: null, code: "upstream_rate_limited" },
    });
  });
});

describe("formatResponsesStreamError", () => {
  it("ends a stream with an error event and response.failed, as OpenAI does", () => {
    const text = formatResponsesStreamError(rateLimited);
    const events = text
      .split("\n\n")
      .filter((block) => block !== "")
      .map((block) => {
        const [eventLine, dataLine] = block.split("\n");
        return { event: eventLine?.replace("event: ", ""), data: JSON.parse(dataLine?.replace("data: ", "") ?? "null") };
      });
    assert.equal(events.length, 2);
    assert.equal(events[0]?.event, "error");
    assert.equal(events[0]?.data.code, "rate_limit_exceeded");
    assert.equal(events[0]?.data.message, "Every route is rate limited.");
    assert.deepEqual(events[0]?.data.error, { type: "rate_limit_error", code: "rate_limit_exceeded", message: "Every route is rate limited.", param: null });
    assert.equal(events[1]?.event, "response.failed");
    assert.equal(events[1]?.data.response.status, "failed");
    assert.deepEqual(events[1]?.data.response.error, { code: "rate_limit_exceeded", message: "Every route is rate limited." });
    assert.ok(events[1]?.data.sequence_number > events[0]?.data.sequence_number);
  });
});
