import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expandParallelToolCall } from "./expand-parallel-tool-call";

const wrapper = {
  id: "call_parallel",
  name: "parallel",
  arguments: JSON.stringify({
    tool_uses: [
      { recipient_name: "functions.weather", parameters: { location: "San Francisco" } },
      { recipient_name: "functions.cityAttractions", parameters: { city: "Rome" } },
    ],
  }),
};

describe("expandParallelToolCall", () => {
  it("unwraps the internal parallel wrapper into the calls it stands for", () => {
    assert.deepEqual(expandParallelToolCall(wrapper), [
      { id: "call_parallel_0", name: "weather", arguments: '{"location":"San Francisco"}' },
      { id: "call_parallel_1", name: "cityAttractions", arguments: '{"city":"Rome"}' },
    ]);
    assert.equal(expandParallelToolCall({ ...wrapper, name: "multi_tool_use.parallel" })?.length, 2);
  });

  it("leaves everything else alone", () => {
    assert.equal(expandParallelToolCall({ ...wrapper, name: "weather" }), undefined);
    assert.equal(expandParallelToolCall({ ...wrapper, arguments: '{"tool_uses":[' }), undefined);
    assert.equal(expandParallelToolCall({ ...wrapper, arguments: '{"tool_uses":[]}' }), undefined);
    assert.equal(expandParallelToolCall({ ...wrapper, arguments: '{"tool_uses":[{"recipient_name":"weather","parameters":{}}]}' }), undefined);
    assert.equal(expandParallelToolCall({ ...wrapper, arguments: '{"tool_uses":[{"recipient_name":"functions.weather","parameters":"x"}]}' }), undefined);
  });
});
