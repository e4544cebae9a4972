import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { disableThinkingForForeignToolTurn, signUnsignedFunctionCalls } from "./repair-foreign-turns";

const bytesOf = (body: unknown) => Buffer.from(JSON.stringify(body));

describe("disableThinkingForForeignToolTurn", () => {
  const toolTurn = (first: Record<string, unknown>[]) => ({
    model: "claude-sonnet-4-5",
    thinking: { type: "enabled", budget_tokens: 2048 },
    messages: [
      { role: "user", content: "q" },
      { role: "assistant", content: [...first, { type: "tool_use", id: "t1", name: "f", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }] },
    ],
  });

  it("switches thinking off when the tool turn has no thinking block (it came from another provider)", () => {
    const body = toolTurn([]);
    const repaired = disableThinkingForForeignToolTurn(bytesOf(body), body);
    assert.equal(repaired.thinking, undefined);
    assert.deepEqual(repaired.messages, body.messages);
  });

  it("leaves Claude's own tool loops (opening with thinking) and bodies without tools untouched", () => {
    const own = toolTurn([{ type: "thinking", thinking: "t", signature: "S" }]);
    assert.equal(disableThinkingForForeignToolTurn(bytesOf(own), own), own);
    const plain = { thinking: { type: "enabled", budget_tokens: 2048 }, messages: [{ role: "user", content: "hi" }] };
    assert.equal(disableThinkingForForeignToolTurn(bytesOf(plain), plain), plain);
  });
});

describe("signUnsignedFunctionCalls", () => {
  const history = {
    contents: [
      { role: "user", parts: [{ text: "q" }] },
      { role: "model", parts: [{ text: "calling" }, { functionCall: { name: "f", args: {} } }, { functionCall: { name: "g", args: {} } }] },
      { role: "user", parts: [{ functionResponse: { name: "f", response: {} } }] },
    ],
  };

  it("gives the first unsigned call of a model turn Google's placeholder", () => {
    const signed = signUnsignedFunctionCalls(bytesOf(history), history);
    const parts = (signed.contents as Array<{ parts: Array<Record<string, unknown>> }>)[1]!.parts;
    assert.equal(parts[1]!.thoughtSignature, "skip_thought_signature_validator");
    assert.equal(parts[2]!.thoughtSignature, undefined, "only the first call of the turn is validated");
  });

  it("leaves signed calls and bodies without calls alone", () => {
    const signedAlready = { contents: [{ role: "model", parts: [{ functionCall: { name: "f", args: {} }, thoughtSignature: "REAL" }] }] };
    assert.equal(signUnsignedFunctionCalls(bytesOf(signedAlready), signedAlready), signedAlready);
    const plain = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
    assert.equal(signUnsignedFunctionCalls(bytesOf(plain), plain), plain);
  });
});
