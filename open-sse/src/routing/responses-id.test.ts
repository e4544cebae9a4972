import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { responseIdFromJsonStart, responseIdFromStreamStart } from "./responses-id";

describe("Responses id readers", () => {
  it("reads the id from a stream's response.created event, with or without the event line", () => {
    const event =
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_abc123","object":"response","instructions":"x"}}\n\n';
    assert.equal(responseIdFromStreamStart(Buffer.from(event)), "resp_abc123");
    const bare = 'data: {"type":"response.created","response": { "id" : "resp_604f4263", "object":"response"}}\n\n';
    assert.equal(responseIdFromStreamStart(Buffer.from(bare)), "resp_604f4263");
  });

  it("finds nothing in a chunk without a response object, or with a hostile id", () => {
    assert.equal(responseIdFromStreamStart(Buffer.from('data: {"type":"response.output_text.delta","delta":"hi"}\n\n')), undefined);
    assert.equal(responseIdFromStreamStart(Buffer.from('data: {"response":{"id":"resp_x\\"\\r\\ninjected"}}')), undefined);
    assert.equal(responseIdFromStreamStart(Buffer.alloc(0)), undefined);
  });

  it("reads the id that opens a JSON answer", () => {
    assert.equal(responseIdFromJsonStart(Buffer.from('{"id":"resp_j1","object":"response","output":[]}')), "resp_j1");
    assert.equal(responseIdFromJsonStart(Buffer.from('{"object":"response","id":"resp_j1"}')), undefined);
  });
});
