import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDataUrl, toDataUrl } from "./data-url";

describe("data URLs", () => {
  it("splits a base64 data URL and builds it back", () => {
    assert.deepEqual(parseDataUrl("data:image/png;base64,iVBORw0KGgo="), { mediaType: "image/png", data: "iVBORw0KGgo=" });
    assert.deepEqual(parseDataUrl("data:application/pdf;name=a.pdf;base64,JVBER"), { mediaType: "application/pdf", data: "JVBER" });
    assert.equal(toDataUrl("image/png", "iVBORw0KGgo="), "data:image/png;base64,iVBORw0KGgo=");
  });

  it("leaves other URLs alone", () => {
    assert.equal(parseDataUrl("https://example.com/a.png"), undefined);
    assert.equal(parseDataUrl("data:text/plain,hello"), undefined);
  });
});
