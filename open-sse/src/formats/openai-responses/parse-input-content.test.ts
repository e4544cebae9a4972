import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseAssistantContent, parseSystemContent, parseToolOutput, parseUserContent } from "./parse-input-content";

function rejects(run: () => unknown, param: string): void {
  assert.throws(run, (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param);
}

describe("parseUserContent", () => {
  it("reads text, URL and data-URL images, and files", () => {
    const parts = parseUserContent(
      [
        { type: "input_text", text: "look" },
        { type: "input_image", image_url: "https://x.test/a.png", detail: "low" },
        { type: "input_image", image_url: "data:image/jpeg;base64,/9j/", detail: "original" },
        { type: "input_file", filename: "a.pdf", file_data: "data:application/pdf;base64,JVBER" },
        { type: "input_file", filename: "notes.txt", file_data: "aGVsbG8=" },
        { type: "input_file", file_url: "https://x.test/b.pdf" },
        { type: "input_audio", input_audio: { data: "x", format: "wav" } },
      ],
      "input[0].content",
    );
    assert.deepEqual(parts, [
      { type: "text", text: "look" },
      { type: "image", source: { kind: "url", url: "https://x.test/a.png" }, detail: "low" },
      { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "/9j/" } },
      { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" }, filename: "a.pdf" },
      { type: "file", source: { kind: "base64", mediaType: "text/plain", data: "aGVsbG8=" }, filename: "notes.txt" },
      { type: "file", source: { kind: "url", url: "https://x.test/b.pdf" } },
    ]);
  });

  it("takes a plain string and skips empty text", () => {
    assert.deepEqual(parseUserContent("hi", "input[0].content"), [{ type: "text", text: "hi" }]);
    assert.deepEqual(parseUserContent([{ type: "input_text", text: "" }], "input[0].content"), []);
  });

  it("refuses files stored at OpenAI, naming the field", () => {
    rejects(() => parseUserContent([{ type: "input_image", file_id: "file-1", detail: "auto" }], "input[2].content"), "input[2].content[0].file_id");
    rejects(() => parseUserContent([{ type: "input_file", file_id: "file-1" }], "input[0].content"), "input[0].content[0].file_id");
    rejects(() => parseUserContent(5, "input[0].content"), "input[0].content");
    rejects(() => parseUserContent([{ type: "input_text" }], "input[1].content"), "input[1].content[0].text");
  });
});

describe("parseAssistantContent / parseSystemContent / parseToolOutput", () => {
  it("reads output text and refusals as what the assistant said", () => {
    const parts = parseAssistantContent([{ type: "output_text", text: "a", annotations: [] }, { type: "refusal", refusal: "no" }], "p");
    assert.deepEqual(parts, [{ type: "text", text: "a" }, { type: "text", text: "no" }]);
  });

  it("keeps only the text of system content", () => {
    assert.deepEqual(parseSystemContent([{ type: "input_text", text: "rules" }, { type: "input_image", image_url: "https://x.test/i.png" }], "p"), [{ type: "text", text: "rules" }]);
  });

  it("reads tool output strings and parts, refusing files", () => {
    assert.deepEqual(parseToolOutput("42", "p"), [{ type: "text", text: "42" }]);
    assert.deepEqual(parseToolOutput(undefined, "p"), []);
    assert.deepEqual(parseToolOutput([{ type: "input_text", text: "ok" }, { type: "input_image", image_url: "data:image/png;base64,AA==" }], "p"), [
      { type: "text", text: "ok" },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AA==" } },
    ]);
    rejects(() => parseToolOutput([{ type: "input_file", file_url: "https://x.test/f" }], "input[3].output"), "input[3].output[0]");
  });
});
