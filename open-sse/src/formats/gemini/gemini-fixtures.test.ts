import { GoogleGenAI, type FunctionCall, type GenerateContentResponse, type Part } from "@google/genai";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { GatewayError } from "../../core/gateway-error";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { geminiCodec } from "./gemini-codec";
import { formatGeminiModel, formatGeminiModelList } from "./format-model-list";

// Recorded provider traffic lives beside the project (../shared/fixtures/upstream), never copied into it.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/fixtures/upstream/gemini");
const haveFixtures = existsSync(fixtures);
const NAMES = ["google-text", "google-reasoning", "google-tool-call"] as const;

type Json = Record<string, unknown>;

function chunksOf(name: string): Json[] {
  return readFileSync(join(fixtures, `${name}.chunks.txt`), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Json);
}

function jsonOf(name: string): Json {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8")) as Json;
}

/** The recorded parts of every chunk, read straight from the fixture (independent of the codec). */
function recordedParts(chunks: Json[]): Part[] {
  return chunks.flatMap((chunk) => ((chunk.candidates as Array<{ content?: { parts?: Part[] } }>)[0]?.content?.parts ?? []) as Part[]);
}

function recordedText(parts: Part[]): string {
  return parts.filter((part) => typeof part.text === "string" && part.thought !== true).map((part) => part.text).join("");
}

function context(model: string): ResponseContext {
  return { model, requestId: "req-fixture", createdAt: 0, includeUsage: true };
}

/** Upstream SSE data lines → canonical events → the Gemini client stream we would write. */
function replay(name: string): { events: StreamEvent[]; sse: string } {
  const parser = geminiCodec.createStreamParser();
  const events = [...chunksOf(name).flatMap((chunk) => parser.push(JSON.stringify(chunk))), ...parser.end()];
  const formatter = geminiCodec.createStreamFormatter(context(name));
  const sse = events.map((event) => formatter.format(event)).join("") + formatter.end();
  return { events, sse };
}

let server: Server;
let ai: GoogleGenAI;

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    request.resume();
    const match = /^\/v1beta\/models\/(.+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (match !== null && request.method === "POST") {
      const [, model, method] = match as unknown as [string, string, string];
      if (model === "broken-stream") {
        response.writeHead(200, { "content-type": geminiCodec.streamContentType });
        const formatter = geminiCodec.createStreamFormatter(context(model));
        response.end(formatter.format({ type: "text-delta", text: "partial" }) + formatter.format({ type: "error", message: "Overloaded", code: "overloaded_error" }) + formatter.end());
        return;
      }
      if (method === "streamGenerateContent") {
        response.writeHead(200, { "content-type": geminiCodec.streamContentType });
        response.end(replay(model).sse);
      } else {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(geminiCodec.formatResponse(geminiCodec.parseResponse(jsonOf(model)), context(model))));
      }
      return;
    }
    if (url.pathname === "/v1beta/models" && request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(formatGeminiModelList([{ name: "gemini-2.5-pro", displayName: "Gemini 2.5 Pro" }, { name: "openai/gpt-4o" }])));
      return;
    }
    if (url.pathname.startsWith("/v1beta/models/") && request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(formatGeminiModel({ name: url.pathname.slice("/v1beta/models/".length), outputTokenLimit: 8192 })));
      return;
    }
    response.writeHead(404, { "content-type": "application/json" });
    response.end(geminiCodec.formatError(new GatewayError({ code: "unsupported_route", status: 404, publicMessage: "Not found." })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: `http://127.0.0.1:${port}` } });
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function collectStream(model: string): Promise<{ text: string; calls: FunctionCall[]; parts: Part[]; last: GenerateContentResponse | undefined }> {
  let text = "";
  const calls: FunctionCall[] = [];
  const parts: Part[] = [];
  let last: GenerateContentResponse | undefined;
  for await (const chunk of await ai.models.generateContentStream({ model, contents: "How many r's in strawberry?" })) {
    last = chunk;
    parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
    // `.text` warns when a chunk also holds function calls; read those chunks through `.functionCalls` only.
    if (chunk.functionCalls !== undefined) calls.push(...chunk.functionCalls);
    else text += chunk.text ?? "";
  }
  return { text, calls, parts, last };
}

describe("Gemini codec on recorded Gemini traffic, read back by @google/genai", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  for (const name of NAMES) {
    it(`${name}: the stream survives parse → format with text, calls, signatures, finish and usage`, async () => {
      const chunks = chunksOf(name);
      const recorded = recordedParts(chunks);
      const { events } = replay(name);
      assert.equal(events.filter((event) => event.type === "error").length, 0, "no error events");
      assert.equal(events.filter((event) => event.type === "finish").length, 1, "exactly one finish");

      const streamed = await collectStream(name);
      assert.equal(streamed.text, recordedText(recorded));
      const recordedCalls = recorded.filter((part) => part.functionCall !== undefined).map((part) => part.functionCall);
      assert.deepEqual(
        streamed.calls.map((call) => ({ name: call.name, args: call.args })),
        recordedCalls.map((call) => ({ name: call?.name, args: call?.args })),
      );
      for (const call of streamed.calls) assert.match(call.id ?? "", /^call_[A-Za-z0-9_-]+_\d+$/, "a derived, stable call id");
      // Every thought signature Gemini sent reaches the client unchanged (they are Gemini's own tokens).
      const recordedSignatures = recorded.map((part) => part.thoughtSignature).filter((token) => token !== undefined);
      assert.deepEqual(
        streamed.parts.map((part) => part.thoughtSignature).filter((token) => token !== undefined),
        recordedSignatures,
      );
      const lastRecorded = chunks.at(-1) as { usageMetadata: Json; responseId: string };
      assert.equal(streamed.last?.candidates?.[0]?.finishReason, "STOP");
      assert.equal(streamed.last?.responseId, lastRecorded.responseId);
      assert.equal(streamed.last?.modelVersion, name);
      const usage = streamed.last?.usageMetadata;
      assert.equal(usage?.promptTokenCount, lastRecorded.usageMetadata.promptTokenCount);
      assert.equal(usage?.candidatesTokenCount, lastRecorded.usageMetadata.candidatesTokenCount);
      assert.equal(usage?.thoughtsTokenCount, lastRecorded.usageMetadata.thoughtsTokenCount);
    });

    it(`${name}: the stream reads like the recorded JSON answer of the same call`, () => {
      const fromJson = geminiCodec.parseResponse(jsonOf(name));
      const aggregatedParts = replay(name).events;
      const streamedKinds = new Set(aggregatedParts.flatMap((event) => (event.type === "text-delta" ? ["text"] : event.type === "tool-call-start" ? ["tool-call"] : [])));
      const jsonKinds = new Set(fromJson.parts.filter((part) => part.type !== "reasoning").map((part) => part.type));
      assert.deepEqual(streamedKinds, jsonKinds);
      const finish = aggregatedParts.find((event) => event.type === "finish");
      assert.equal(finish?.type === "finish" ? finish.reason : undefined, fromJson.finishReason);
      const streamedCalls = aggregatedParts.flatMap((event) => (event.type === "tool-call-delta" ? [JSON.parse(event.argumentsDelta) as unknown] : []));
      assert.deepEqual(
        streamedCalls,
        fromJson.parts.flatMap((part) => (part.type === "tool-call" ? [JSON.parse(part.arguments) as unknown] : [])),
      );
      assert.equal(fromJson.model, "gemini-3-pro-preview");
      for (const value of Object.values({ ...fromJson.usage, cacheReadTokens: 0, cacheWriteTokens: 0 })) assert.equal(typeof value, "number");
    });

    it(`${name}: the recorded JSON answer survives parse → format for generateContent`, async () => {
      const recorded = jsonOf(name) as { candidates: Array<{ content: { parts: Part[] } }>; usageMetadata: Json };
      const recordedPartsList = recorded.candidates[0]?.content.parts ?? [];
      const response = await ai.models.generateContent({ model: name, contents: "How many r's in strawberry?" });
      const parts = response.candidates?.[0]?.content?.parts ?? [];
      if (response.functionCalls === undefined) assert.equal(response.text, recordedText(recordedPartsList));
      assert.deepEqual(
        (response.functionCalls ?? []).map((call) => ({ name: call.name, args: call.args })),
        recordedPartsList.filter((part) => part.functionCall !== undefined).map((part) => ({ name: part.functionCall?.name, args: part.functionCall?.args })),
      );
      // Gemini's own placement comes back: the signature on the part it was on.
      assert.deepEqual(
        parts.map((part) => part.thoughtSignature),
        recordedPartsList.map((part) => part.thoughtSignature),
      );
      assert.equal(response.usageMetadata?.totalTokenCount, recorded.usageMetadata.totalTokenCount);
      assert.equal(response.usageMetadata?.thoughtsTokenCount, recorded.usageMetadata.thoughtsTokenCount);
    });
  }

  it("an upstream failure mid-stream reaches the SDK as an error it throws", async () => {
    await assert.rejects(collectStream("broken-stream"), (error: unknown) => error instanceof Error && /Overloaded/.test(error.message));
  });

  it("the model list reads as models.list and models.get results", async () => {
    const pager = await ai.models.list();
    assert.deepEqual(
      pager.page.map((model) => [model.name, model.displayName, model.supportedActions?.includes("streamGenerateContent")]),
      [
        ["models/gemini-2.5-pro", "Gemini 2.5 Pro", true],
        ["models/openai/gpt-4o", "openai/gpt-4o", true],
      ],
    );
    const model = await ai.models.get({ model: "gemini-2.5-flash" });
    assert.equal(model.name, "models/gemini-2.5-flash");
    assert.equal(model.version, "2.5");
    assert.equal(model.outputTokenLimit, 8192);
  });
});
