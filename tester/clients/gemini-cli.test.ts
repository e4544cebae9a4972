// Gemini CLI (the real CLI, pinned in client-versions.json) through omniroute's /v1beta endpoints to each upstream
// wire format. It sends `systemInstruction` with role "user", tools as `parametersJsonSchema`, and sampling
// settings (temperature 1, topP 0.95, topK 64) plus a thinkingConfig on every request: a translator must put the
// system prompt in the target's system slot and send only what the target model accepts.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { assertClientRun } from "./assert-client-run";
import { CLIENT_KEY, startClientGateway } from "./client-gateway";
import type { ClientGateway } from "./client-gateway";
import { clientSuiteSkip, pinnedVersion } from "./installed-clients";
import { recordedAnswer } from "./recorded-answer";
import { runGeminiCli } from "./run-gemini-cli";
import { DEFAULT_TEXT_FIXTURE } from "./upstream-front";
import { UPSTREAM_TARGETS } from "./upstream-targets";
import type { UpstreamKey } from "./upstream-targets";

const RUN_TIMEOUT_MS = 90_000;
const PROMPT = "Say hello in one short sentence.";

interface GeminiCliCase {
  upstream: UpstreamKey;
  model: string;
  upstreamModel: string;
  todo?: string;
}

/** A model Gemini CLI knows (it then asks for a thinking budget), routed by alias. */
const ALIASES: Record<string, string> = { "gemini-2.5-pro": "up-claude/claude-sonnet-4-5" };

const CASES: GeminiCliCase[] = [
  { upstream: "gemini", model: "gemini/gemini-2.5-flash", upstreamModel: "gemini-2.5-flash" },
  { upstream: "chat", model: "up-chat/gpt-4.1", upstreamModel: "gpt-4.1" },
  { upstream: "responses", model: "up-responses/gpt-5", upstreamModel: "gpt-5" },
  { upstream: "claude", model: "up-claude/claude-sonnet-4-5", upstreamModel: "claude-sonnet-4-5" },
  { upstream: "claude", model: "gemini-2.5-pro", upstreamModel: "claude-sonnet-4-5" },
];

const skip = clientSuiteSkip();

describe(`Gemini CLI ${pinnedVersion("@google/gemini-cli")} through omniroute`, { skip }, () => {
  let gateway: ClientGateway;

  before(async () => {
    gateway = await startClientGateway({ aliases: ALIASES });
  });

  after(async () => {
    await gateway?.close();
  });

  for (const testCase of CASES) {
    const target = UPSTREAM_TARGETS.find((candidate) => candidate.key === testCase.upstream)!;
    it(`${target.label}: --model ${testCase.model}`, { ...(testCase.todo ? { todo: testCase.todo } : {}) }, async () => {
      const checkpoint = gateway.checkpoint();
      const run = await runGeminiCli({ baseUrl: gateway.url, key: CLIENT_KEY, model: testCase.model, prompt: PROMPT, timeoutMs: RUN_TIMEOUT_MS });
      const exchange = await gateway.since(checkpoint, `gemini-cli ${testCase.model}`);
      const { client } = assertClientRun(run.process, run.answer, exchange, {
        clientProtocol: "gemini",
        upstreamProtocol: target.protocol,
        upstreamModel: testCase.upstreamModel,
        answer: (streamed) => recordedAnswer(target.protocol, DEFAULT_TEXT_FIXTURE[target.protocol], streamed).text,
      });
      assert.equal(client.path, `/v1beta/models/${testCase.model}:streamGenerateContent?alt=sse`);
      assert.equal(client.headers["x-goog-api-key"], CLIENT_KEY);
    });
  }
});
