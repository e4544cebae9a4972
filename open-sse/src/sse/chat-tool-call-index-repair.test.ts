import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChatToolCallIndexRepair } from "./chat-tool-call-index-repair";

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

describe("ChatToolCallIndexRepair", () => {
  it("forwards streams without tool calls byte for byte, holding only a partial event", () => {
    const repair = new ChatToolCallIndexRepair();
    const text = 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n: keep-alive\n\ndata: {"choices":[{"delta":{"content":" there"}}]}\n\ndata: [DONE]\n\n';
    const first = repair.push(Buffer.from(text.slice(0, 60)));
    const second = repair.push(Buffer.from(text.slice(60)));
    assert.equal(Buffer.concat([first, second, repair.end()]).toString(), text);
    assert.ok(first.length < 60, "the partial second event waits for its end");
  });

  it("leaves indexed tool calls untouched", () => {
    const repair = new ChatToolCallIndexRepair();
    const text = frame({ choices: [{ delta: { tool_calls: [{ index: 0, id: "a", type: "function", function: { name: "f", arguments: "" } }] } }] });
    assert.equal(repair.push(Buffer.from(text)).toString(), text);
  });

  it("numbers Mistral-style calls (no index, no type) by id, and continues id-less fragments", () => {
    const repair = new ChatToolCallIndexRepair();
    const input =
      frame({ choices: [{ delta: { tool_calls: [{ id: "x1", function: { name: "weather", arguments: '{"city":' } }] } }] }) +
      frame({ choices: [{ delta: { tool_calls: [{ function: { arguments: '"Paris"}' } }] } }] }) +
      frame({ choices: [{ delta: { tool_calls: [{ id: "x2", function: { name: "time", arguments: "{}" } }] }, finish_reason: "tool_calls" }] }) +
      "data: [DONE]\n\n";
    const output = Buffer.concat([repair.push(Buffer.from(input.slice(0, 45))), repair.push(Buffer.from(input.slice(45))), repair.end()]).toString();
    const calls = output
      .split("\n\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => (JSON.parse(line.slice(6)) as { choices: Array<{ delta: { tool_calls: Array<{ index: number; type?: string; id?: string }> } }> }).choices[0]!.delta.tool_calls[0]!);
    assert.deepEqual(calls.map((call) => [call.index, call.type, call.id]), [
      [0, "function", "x1"],
      [0, undefined, undefined],
      [1, "function", "x2"],
    ]);
    assert.ok(output.endsWith("data: [DONE]\n\n"));
  });
});
