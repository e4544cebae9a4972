import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { camelCase, readField, snakeCase, unreadFields } from "./field-names";

describe("field names", () => {
  it("converts between the JSON and proto spellings", () => {
    assert.equal(snakeCase("systemInstruction"), "system_instruction");
    assert.equal(camelCase("response_json_schema"), "responseJsonSchema");
    assert.equal(camelCase("contents"), "contents");
  });

  it("reads either spelling, the JSON name first", () => {
    assert.equal(readField({ inline_data: 1 }, "inlineData"), 1);
    assert.equal(readField({ inlineData: 2, inline_data: 1 }, "inlineData"), 2);
    assert.equal(readField("x", "inlineData"), undefined);
  });

  it("keeps unread fields as written", () => {
    assert.deepEqual(unreadFields({ contents: [], safety_settings: [1], cachedContent: "c" }, new Set(["contents"])), {
      safety_settings: [1],
      cachedContent: "c",
    });
  });
});
