// The other half of Codex's `namespace` tools: Codex declares functions inside a namespace, omniroute flattens them
// for a Chat, Anthropic or Gemini upstream (`<namespace>__<function>`, checked in codex.test.ts), and when that
// upstream calls a flattened function the Responses answer must name it the way Codex dispatches it: the
// function's own `name` plus its `namespace`. Driven with the openai SDK (Codex's request shape, Responses API)
// against a scripted upstream that calls `agents__spawn` in each format.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import OpenAI from "openai";

import { startOmniroute } from "../lib/start-omniroute";
import type { OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock } from "../mock-upstream/openai-mock-server";
import type { MockScenario, OpenAiMock } from "../mock-upstream/openai-mock-server";
import { CLIENT_KEY, UPSTREAM_KEY } from "./client-gateway";
import { sdkSuiteSkip } from "./installed-clients";
import { viewRequest } from "./request-view";
import type { WireProtocol } from "./request-view";

const SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false };
const FLAT_NAME = "agents__spawn";
const ARGUMENTS = { city: "Paris" };

const CHAT_ANSWER = {
  id: "chatcmpl-ns",
  object: "chat.completion",
  created: 1,
  model: "gpt-4.1",
  choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "call_ns_1", type: "function", function: { name: FLAT_NAME, arguments: JSON.stringify(ARGUMENTS) } }] }, finish_reason: "tool_calls" }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
};

function chatStream(): string[] {
  const chunk = (delta: unknown, finish: string | null) => `data: ${JSON.stringify({ id: "chatcmpl-ns", object: "chat.completion.chunk", created: 1, model: "gpt-4.1", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [
    chunk({ role: "assistant", tool_calls: [{ index: 0, id: "call_ns_1", type: "function", function: { name: FLAT_NAME, arguments: "" } }] }, null),
    chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(ARGUMENTS) } }] }, null),
    chunk({}, "tool_calls"),
    "data: [DONE]\n\n",
  ];
}

const ANTHROPIC_ANSWER = {
  id: "msg_ns",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "tool_use", id: "toolu_ns_1", name: FLAT_NAME, input: ARGUMENTS }],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5 },
};

const GEMINI_ANSWER = {
  candidates: [{ content: { role: "model", parts: [{ functionCall: { name: FLAT_NAME, args: ARGUMENTS } }] }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
  modelVersion: "gemini-2.5-pro",
};

interface NamespaceCase {
  label: string;
  model: string;
  protocol: WireProtocol;
  stream: boolean;
  scenario: MockScenario;
}

const CASES: NamespaceCase[] = [
  { label: "OpenAI Chat upstream", model: "up-chat/gpt-4.1", protocol: "openai-chat", stream: false, scenario: { kind: "json", body: CHAT_ANSWER } },
  { label: "OpenAI Chat upstream", model: "up-chat/gpt-4.1", protocol: "openai-chat", stream: true, scenario: { kind: "raw", status: 200, headers: { "content-type": "text/event-stream" }, chunks: chatStream() } },
  { label: "Anthropic Messages upstream", model: "up-claude/claude-sonnet-4-5", protocol: "claude", stream: false, scenario: { kind: "json", body: ANTHROPIC_ANSWER } },
  { label: "Gemini upstream", model: "gemini/gemini-2.5-pro", protocol: "gemini", stream: false, scenario: { kind: "json", body: GEMINI_ANSWER } },
];

describe("Codex namespace tools: a flattened function call comes back as namespace + name", { skip: sdkSuiteSkip() }, () => {
  let mock: OpenAiMock;
  let gateway: OmnirouteProcess;

  before(async () => {
    mock = await startOpenAiMock();
    const accounts = [{ name: "mock", apiKey: UPSTREAM_KEY }];
    gateway = await startOmniroute({
      timeoutMs: 180_000,
      config: {
        server: { requireApiKey: true },
        apiKeys: [{ name: "client-tests", key: CLIENT_KEY }],
        security: { allowLocalUpstreams: true },
        providers: [
          { id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.url, accounts },
          { id: "up-claude", type: "anthropic-compatible", baseUrl: mock.origin, accounts },
          { id: "gemini", accounts: [{ name: "mock", apiKey: UPSTREAM_KEY, baseUrl: mock.origin }] },
        ],
      },
    });
  });

  after(async () => {
    await gateway?.dispose();
    await mock?.close();
  });

  beforeEach(() => mock.reset());

  for (const testCase of CASES) {
    it(`${testCase.label}, ${testCase.stream ? "streaming" : "not streaming"}`, async () => {
      mock.enqueue(testCase.scenario);
      const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 20_000 });
      const params = {
        model: testCase.model,
        input: "Spawn an agent for Paris.",
        store: false,
        tools: [
          { type: "namespace" as const, name: "agents", description: "Sub-agents", tools: [{ type: "function" as const, name: "spawn", description: "Spawn an agent", parameters: SCHEMA, strict: false }] },
        ],
      };
      const response = testCase.stream ? await client.responses.stream(params).finalResponse() : await client.responses.create(params);

      const upstreamTools = viewRequest(testCase.protocol, mock.requests[0]?.json).tools.map((tool) => tool.name);
      assert.deepEqual(upstreamTools, [FLAT_NAME], "the namespaced function was not flattened as expected");
      const calls = response.output.flatMap((item) => (item.type === "function_call" ? [item] : []));
      assert.equal(calls.length, 1, `expected one function_call, got ${JSON.stringify(response.output)}`);
      const call = calls[0]!;
      assert.deepEqual({ name: call.name, namespace: call.namespace, arguments: JSON.parse(call.arguments) as unknown }, { name: "spawn", namespace: "agents", arguments: ARGUMENTS });
    });
  }
});
