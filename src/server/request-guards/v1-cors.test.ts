import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allowedCorsOrigin } from "./v1-cors";

describe("allowedCorsOrigin", () => {
  it("allows nothing by default", () => {
    assert.equal(allowedCorsOrigin("https://app.example", undefined), undefined);
    assert.equal(allowedCorsOrigin("https://app.example", { origins: [] }), undefined);
  });
  it("echoes a listed origin and nothing else", () => {
    const settings = { origins: ["https://app.example"] };
    assert.equal(allowedCorsOrigin("https://app.example", settings), "https://app.example");
    assert.equal(allowedCorsOrigin("https://evil.example", settings), undefined);
    assert.equal(allowedCorsOrigin(undefined, settings), undefined);
  });
  it("answers * only when configured explicitly", () => {
    assert.equal(allowedCorsOrigin("https://any.example", { origins: ["*"] }), "*");
  });
});
