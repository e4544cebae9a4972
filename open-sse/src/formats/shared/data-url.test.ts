import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDataUrl, toDataUrl } from "./data-url";

describe("data URLs", () => {
  it("splits a base64 data URL and builds it back", () => {
    const inline = parseDataUrl("data:Image/PNG;base64,iVBORw0KGgo=");
    assert.deepEqual(inline, { mediaType: "image/png", data: "iVBORw0KGgo=" });
    assert.equal(toDataUrl(inline!), "data:image/png;base64,iVBORw0KGgo=");
    assert.deepEqual(parseDataUrl("data:;base64,AAAA"), { mediaType: "application/octet-stream", data: "AAAA" });
  });

  it("reads nothing else as inline data", () => {
    assert.equal(parseDataUrl("https://example.com/a.png"), undefined);
    assert.equal(parseDataUrl("data:text/plain,hello"), undefined);
    assert.equal(parseDataUrl("data:image/png;base64"), undefined);
  });
});
