import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, OAuthSession } from "../../ports";
import { executorFor, executorIds } from "../executor-registry";
import type { ExecutorRequest } from "../upstream-executor";
import { antigravityToolSchema } from "./antigravity-schema";
import { antigravityExecutor } from "./antigravity-executor";

const account: AccountRuntime = { id: "a1", name: "ag", apiKey: "", baseUrl: "https://daily-cloudcode-pa.googleapis.com", priority: 0 };
const session: OAuthSession = { accessToken: "ya29.ag", expiresAt: null, extras: { projectId: "useful-fuze-1" } };

function geminiBody(): Record<string, unknown> {
  return {
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
    safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
    generationConfig: { maxOutputTokens: 4096, temperature: 1 },
    tools: [
      {
        functionDeclarations: [
          {
            name: "read_file",
            description: "Reads a file",
            parametersJsonSchema: {
              $schema: "https://json-schema.org/draft/2020-12/schema",
              type: "object",
              properties: { path: { type: "string", minLength: 1 }, limit: { type: ["integer", "null"], minimum: 1 } },
              required: ["path", "gone"],
              additionalProperties: false,
            },
          },
          { name: "list_all" },
        ],
      },
    ],
  };
}

function request(model: string, overrides: Partial<ExecutorRequest> = {}): ExecutorRequest {
  return { account, session, model, stream: false, body: geminiBody(), requestId: "req-1", userAgent: "omniroute/1.0.0", conversationId: "conv-1", ...overrides };
}

function envelopeOf(call: { body: Buffer }): Record<string, unknown> & { request: Record<string, unknown> } {
  return JSON.parse(call.body.toString()) as Record<string, unknown> & { request: Record<string, unknown> };
}

describe("antigravity executor", () => {
  it("wraps a Gemini model's request in Antigravity's envelope, without safety settings or an output cap", () => {
    const call = antigravityExecutor.prepare(request("gemini-3-flash"));
    assert.equal(`${call.baseUrl}${call.path}`, "https://daily-cloudcode-pa.googleapis.com/v1internal:generateContent");
    assert.equal(call.headers.authorization, "Bearer ya29.ag");
    assert.equal(call.headers["user-agent"], "antigravity/hub/2.9.1 darwin/arm64");
    const envelope = envelopeOf(call);
    assert.equal(envelope.model, "gemini-3-flash");
    assert.equal(envelope.project, "useful-fuze-1");
    assert.equal(envelope.userAgent, "antigravity");
    assert.equal(envelope.requestType, "agent");
    assert.match(envelope.requestId as string, /^agent-[0-9a-f-]{36}$/);
    assert.match(envelope.request.sessionId as string, /^-\d+$/);
    assert.equal(envelope.request.safetySettings, undefined);
    assert.deepEqual(envelope.request.generationConfig, { temperature: 1 });
    assert.equal(envelope.request.toolConfig, undefined);
  });

  it("the same conversation keeps its session id", () => {
    const first = envelopeOf(antigravityExecutor.prepare(request("gemini-3-flash"))).request.sessionId;
    const second = envelopeOf(antigravityExecutor.prepare(request("gemini-3-flash", { requestId: "req-2" }))).request.sessionId;
    assert.equal(first, second);
  });

  it("Claude models: VALIDATED tool calling, output cap kept, always streamed, every tool with a property", () => {
    const call = antigravityExecutor.prepare(request("claude-sonnet-4-6"));
    assert.equal(call.path, "/v1internal:streamGenerateContent?alt=sse");
    assert.equal(call.upstreamStreams, true);
    const inner = envelopeOf(call).request;
    assert.deepEqual(inner.toolConfig, { functionCallingConfig: { mode: "VALIDATED" } });
    assert.equal((inner.generationConfig as { maxOutputTokens: number }).maxOutputTokens, 4096);
    const declarations = (inner.tools as { functionDeclarations: Record<string, unknown>[] }[])[0]!.functionDeclarations;
    assert.deepEqual(declarations[1], {
      name: "list_all",
      parameters: { type: "object", properties: { reason: { type: "string", description: "Brief explanation of why this tool is called" } }, required: ["reason"] },
    });
  });

  it("tool schemas go as cleaned `parameters`: constraints become hints, unknown keywords and stale required names go", () => {
    const inner = envelopeOf(antigravityExecutor.prepare(request("gemini-3-flash"))).request;
    const declaration = (inner.tools as { functionDeclarations: Record<string, unknown>[] }[])[0]!.functionDeclarations[0]!;
    assert.equal(declaration.parametersJsonSchema, undefined);
    assert.deepEqual(declaration.parameters, {
      type: "object",
      properties: { path: { type: "string", description: "(minLength: 1)" }, limit: { type: "integer", description: "(minimum: 1)" } },
      required: ["path"],
    });
  });

  it("unions flatten to their first non-null branch; non-string enums become hints", () => {
    assert.deepEqual(
      antigravityToolSchema({ type: "object", properties: { mode: { anyOf: [{ type: "null" }, { type: "string", enum: ["a", "b"] }] }, level: { type: "integer", enum: [1, 2] } } }, false),
      { type: "object", properties: { mode: { type: "string", enum: ["a", "b"] }, level: { type: "integer", description: "(one of [1,2])" } } },
    );
  });
});

describe("executor registry", () => {
  it("finds each subscription executor by id, nothing for an unknown one", () => {
    assert.deepEqual(executorIds(), ["claude-code", "codex", "gemini-cli", "antigravity", "copilot", "iflow", "qwen", "kiro", "cursor"]);
    assert.equal(executorFor("antigravity"), antigravityExecutor);
    assert.equal(executorFor("nope"), undefined);
  });
});
