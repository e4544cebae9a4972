import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinPieces, splitThinkTags, ThinkTagSplitter, type ThinkTagPiece } from "./think-tag-splitter";

function run(chunks: readonly string[]): ThinkTagPiece[] {
  const splitter = new ThinkTagSplitter();
  const pieces: ThinkTagPiece[] = [];
  for (const chunk of chunks) pieces.push(...splitter.push(chunk));
  pieces.push(...splitter.end());
  for (const piece of pieces) assert.notEqual(piece.text, "", "no empty pieces");
  return joinPieces(pieces);
}

const SAMPLES: ReadonlyArray<{ name: string; input: string; expected: ThinkTagPiece[] }> = [
  {
    name: "reasoning then text",
    input: "<think>\nLet me count: r, r, r.\n</think>\n\nThere are 3.",
    expected: [
      { type: "reasoning", text: "Let me count: r, r, r." },
      { type: "text", text: "There are 3." },
    ],
  },
  {
    name: "leading whitespace before the tag",
    input: " \n<think>plan</think>answer <think>not a tag</think>",
    expected: [
      { type: "reasoning", text: "plan" },
      { type: "text", text: "answer <think>not a tag</think>" },
    ],
  },
  {
    name: "plain text that mentions the tag later",
    input: "Use <think> tags like </think> this.",
    expected: [{ type: "text", text: "Use <think> tags like </think> this." }],
  },
  {
    name: "text starting with a lookalike",
    input: "<thinking>no</thinking>",
    expected: [{ type: "text", text: "<thinking>no</thinking>" }],
  },
  {
    name: "unclosed reasoning",
    input: "<think>still going <\n",
    expected: [{ type: "reasoning", text: "still going <" }],
  },
  {
    name: "angle brackets inside reasoning",
    input: "<think>a </b> c </thin k></think>\r\nok",
    expected: [
      { type: "reasoning", text: "a </b> c </thin k>" },
      { type: "text", text: "ok" },
    ],
  },
  {
    name: "empty reasoning",
    input: "<think>\n\n</think>\n\nHello  \n",
    expected: [{ type: "text", text: "Hello  \n" }],
  },
  {
    name: "leading whitespace of a plain answer is kept",
    input: "\n  Hi",
    expected: [{ type: "text", text: "\n  Hi" }],
  },
  {
    name: "a lone partial tag is text",
    input: "<thi",
    expected: [{ type: "text", text: "<thi" }],
  },
];

describe("ThinkTagSplitter", () => {
  for (const sample of SAMPLES) {
    it(`${sample.name}: whole`, () => {
      assert.deepEqual(run([sample.input]), sample.expected);
      assert.deepEqual(splitThinkTags(sample.input), sample.expected);
    });

    it(`${sample.name}: every split position`, () => {
      for (let at = 0; at <= sample.input.length; at++) {
        assert.deepEqual(run([sample.input.slice(0, at), sample.input.slice(at)]), sample.expected, `split at ${at}`);
      }
    });

    it(`${sample.name}: every pair of split positions`, () => {
      for (let first = 0; first <= sample.input.length; first++) {
        for (let second = first; second <= sample.input.length; second++) {
          const chunks = [sample.input.slice(0, first), sample.input.slice(first, second), sample.input.slice(second)];
          assert.deepEqual(run(chunks), sample.expected, `split at ${first}, ${second}`);
        }
      }
    });

    it(`${sample.name}: one character at a time`, () => {
      assert.deepEqual(run([...sample.input]), sample.expected);
    });
  }

  it("passes text straight through once it is known not to start with reasoning", () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push("Hello"), [{ type: "text", text: "Hello" }]);
    assert.deepEqual(splitter.push(" <think>"), [{ type: "text", text: " <think>" }]);
    assert.deepEqual(splitter.end(), []);
  });

  it("streams reasoning as it arrives, holding back only a possible closing tag", () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push("<thi"), []);
    assert.deepEqual(splitter.push("nk>step one"), [{ type: "reasoning", text: "step one" }]);
    assert.deepEqual(splitter.push(", step two </th"), [{ type: "reasoning", text: ", step two" }]);
    assert.deepEqual(splitter.push("ink>\n\nDone"), [{ type: "text", text: "Done" }]);
    assert.deepEqual(splitter.end(), []);
  });

  it("releases held whitespace when the reasoning goes on", () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push("<think>a\n"), [{ type: "reasoning", text: "a" }]);
    assert.deepEqual(splitter.push("b"), [{ type: "reasoning", text: "\nb" }]);
  });

  it("returns nothing for empty input", () => {
    assert.deepEqual(run([]), []);
    assert.deepEqual(run(["", ""]), []);
  });
});
