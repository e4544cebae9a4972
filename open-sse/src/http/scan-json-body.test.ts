import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scanJsonBody } from "./scan-json-body";

const scan = (text: string, maxDepth = 128) => scanJsonBody(Buffer.from(text), maxDepth);
const modelOf = (text: string) => {
  const result = scan(text);
  return result.modelStart < 0 ? undefined : text.slice(result.modelStart, result.modelEnd);
};

describe("scanJsonBody", () => {
  it("finds the top-level model string span", () => {
    assert.equal(modelOf('{"model":"openai/gpt-4o","messages":[]}'), '"openai/gpt-4o"');
    assert.equal(modelOf('{ "messages" : [] , "model" : "a\\"b" }'), '"a\\"b"');
  });

  it("ignores nested model keys and model-looking strings", () => {
    const text = '{"messages":[{"role":"user","content":"\\"model\\":\\"x\\""}],"tools":[{"model":"nested"}],"model":"top"}';
    assert.equal(modelOf(text), '"top"');
    assert.equal(modelOf('{"tools":{"model":"nested"}}'), undefined);
    assert.equal(modelOf('{"stop":["model"],"x":"model"}'), undefined);
  });

  it("takes the last duplicate key, as JSON.parse does", () => {
    const text = '{"model":"first","model":"second"}';
    assert.equal(modelOf(text), '"second"');
    assert.equal(JSON.parse(text).model, "second");
  });

  it("does not take a non-string model value", () => {
    assert.equal(modelOf('{"model":{"x":"y"},"other":"z"}'), undefined);
    assert.equal(modelOf('{"model":12,"other":"z"}'), undefined);
  });

  it("detects __proto__ keys at any depth, also when escaped", () => {
    assert.equal(scan('{"a":{"__proto__":{"polluted":1}}}').forbiddenKey, true);
    assert.equal(scan('{"\\u005f_proto__":1}').forbiddenKey, true);
    assert.equal(scan('{"a":"__proto__"}').forbiddenKey, false);
    assert.equal(scan('{"a":["__proto__"]}').forbiddenKey, false);
  });

  it("refuses hostile nesting without recursion", () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    assert.equal(scan(deep).tooDeep, true);
    assert.equal(scan(`{"a":${deep}}`).tooDeep, true);
    assert.equal(scan('{"a":[[[1]]]}', 4).tooDeep, false);
    assert.equal(scan('{"a":[[[[1]]]]}', 4).tooDeep, true);
  });

  it("never throws on junk", () => {
    for (const junk of ['{"model', '"', "}}}]]]", '{"model":"unterminated', "\\", '{"a\\']) {
      assert.doesNotThrow(() => scan(junk));
    }
  });
});
