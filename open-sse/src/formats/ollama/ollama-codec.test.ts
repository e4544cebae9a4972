import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { emptyCanonicalRequest } from "../../core/canonical-request";
import { GatewayError } from "../../core/gateway-error";
import type { StreamEvent } from "../../core/stream-event";
import { streamGrammarProblems } from "../openai-chat/check-stream-grammar";
import { openAiChatCodec } from "../openai-chat/openai-chat-codec";
import type { ResponseContext } from "../wire-codec";
import { ollamaCodec } from "./ollama-codec";

// Recorded provider traffic lives beside the project (../shared), never copied into it.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixtures = resolve(repoRoot, "../shared/fixtures/upstream/openai-chat");
const haveFixtures = existsSync(fixtures);
const chunkFiles = haveFixtures ? readdirSync(fixtures).filter((name) => name.endsWith(".chunks.txt")) : [];

const context: ResponseContext = { model: "gw/llama", requestId: "rec1", createdAt: 1_700_000_000, includeUsage: false };

interface OllamaLine {
  model?: string;
  created_at?: string;
  message?: { role: string; content: string; thinking?: string; tool_calls?: Array<{ id: string; function: { index: number; name: string; arguments: Record<string, unknown> } }> };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

interface RecordedChunk {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null } }>;
}

describe("ollamaCodec", () => {
  it("describes a client-only format", () => {
    assert.equal(ollamaCodec.format, "ollama");
    assert.equal(ollamaCodec.upstream, false);
    assert.equal(ollamaCodec.streamContentType, "application/x-ndjson");
    assert.throws(() => ollamaCodec.formatRequest(emptyCanonicalRequest("m"), { model: "m" }), /ollama is a client-only format/);
    assert.throws(() => ollamaCodec.parseResponse({}), /client-only/);
    assert.throws(() => ollamaCodec.createStreamParser(), /client-only/);
    assert.throws(() => ollamaCodec.readStreamUsage("{}"), /client-only/);
  });

  it("formats errors in Ollama's shape", () => {
    const error = new GatewayError({ code: "unknown_model", status: 404, publicMessage: "model 'x' not found" });
    assert.equal(ollamaCodec.formatError(error), '{"error":"model \'x\' not found"}');
    assert.equal(ollamaCodec.formatStreamError(error), '{"error":"model \'x\' not found"}\n');
  });
});

describe("ollamaCodec (recorded OpenAI streams served to an Ollama client)", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  for (const file of chunkFiles) {
    it(`${file}: becomes a complete Ollama NDJSON stream`, () => {
      const recorded = readFileSync(join(fixtures, file), "utf8").split("\n").filter((line) => line.trim() !== "");
      const parser = openAiChatCodec.createStreamParser();
      const events: StreamEvent[] = [...[...recorded, "[DONE]"].flatMap((line) => parser.push(line)), ...parser.end()];
      assert.deepEqual(streamGrammarProblems(events), []);

      const formatter = ollamaCodec.createStreamFormatter(context);
      const output = events.map((event) => formatter.format(event)).join("") + formatter.end();
      assert.ok(output.endsWith("\n"));
      const lines = output.slice(0, -1).split("\n").map((line) => JSON.parse(line) as OllamaLine);
      const final = lines.at(-1)!;
      assert.equal(final.done, true);
      assert.equal(lines.filter((line) => line.done === true).length, 1);
      assert.ok(lines.every((line) => line.model === "gw/llama" && line.created_at === "2023-11-14T22:13:20.000Z" && line.message?.role === "assistant"));

      let text = "";
      let reasoning = "";
      for (const line of recorded) {
        const delta = (JSON.parse(line) as RecordedChunk).choices?.[0]?.delta;
        text += delta?.content ?? "";
        reasoning += delta?.reasoning_content ?? "";
      }
      assert.equal(lines.map((line) => line.message?.content ?? "").join(""), text);
      assert.equal(lines.map((line) => line.message?.thinking ?? "").join(""), reasoning);
      const calls = lines.flatMap((line) => line.message?.tool_calls ?? []);
      assert.deepEqual(calls.map((call) => call.function.index), calls.map((_, index) => index));
      // Each call arrives whole, its arguments the object its streamed JSON text spelled.
      const starts = events.filter((event): event is Extract<StreamEvent, { type: "tool-call-start" }> => event.type === "tool-call-start");
      assert.deepEqual(
        calls.map((call) => [call.id, call.function.name, call.function.arguments]),
        starts.map((start) => {
          const streamed = events.map((event) => (event.type === "tool-call-delta" && event.index === start.index ? event.argumentsDelta : "")).join("");
          return [start.id, start.name, JSON.parse(streamed === "" ? "{}" : streamed) as unknown];
        }),
      );

      const usage = events.filter((event) => event.type === "usage").at(-1);
      assert.equal(final.prompt_eval_count, usage?.type === "usage" ? (usage.usage.inputTokens ?? undefined) : undefined);
      assert.equal(final.done_reason, "stop");
    });
  }
});
