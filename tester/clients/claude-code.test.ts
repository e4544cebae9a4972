// Claude Code (the real CLI, pinned in client-versions.json) through omniroute to each upstream wire format, with
// both of its auth modes: ANTHROPIC_API_KEY (x-api-key) and ANTHROPIC_AUTH_TOKEN (bearer). Model names are
// either `<provider>/<model>` or names Claude Code sends by default, mapped with routing.aliases. Text answers
// only: a tool call would start Claude Code's agent loop (bounded anyway by --max-turns 1).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { assertClientRun, assertNoEgress, generationRequests } from "./assert-client-run";
import { CLIENT_KEY, startClientGateway } from "./client-gateway";
import type { ClientGateway } from "./client-gateway";
import { clientSuiteSkip, pinnedVersion } from "./installed-clients";
import { recordedAnswer } from "./recorded-answer";
import { runClaudeCode } from "./run-claude-code";
import type { ClaudeAuth } from "./run-claude-code";
import { DEFAULT_TEXT_FIXTURE } from "./upstream-front";
import { UPSTREAM_TARGETS } from "./upstream-targets";
import type { UpstreamKey } from "./upstream-targets";

const RUN_TIMEOUT_MS = 60_000;
const PROMPT = "Say hello in one short sentence.";

interface ClaudeCodeCase {
  upstream: UpstreamKey;
  auth: ClaudeAuth;
  /** What Claude Code is started with. */
  model: string;
  /** What the upstream must receive. */
  upstreamModel: string;
  todo?: string;
}

/** Names Claude Code knows (each gets its own max_tokens / thinking request), routed by alias. */
const ALIASES: Record<string, string> = {
  "claude-sonnet-4-5": "up-chat/gpt-5",
  "claude-haiku-4-5": "up-responses/gpt-4.1",
  "claude-opus-4-8": "gemini/gemini-2.5-flash",
};

const CASES: ClaudeCodeCase[] = [
  { upstream: "chat", auth: "api-key", model: "up-chat/gpt-4.1", upstreamModel: "gpt-4.1" },
  { upstream: "chat", auth: "bearer", model: "claude-sonnet-4-5", upstreamModel: "gpt-5" },
  { upstream: "responses", auth: "api-key", model: "up-responses/gpt-5", upstreamModel: "gpt-5" },
  { upstream: "responses", auth: "bearer", model: "claude-haiku-4-5", upstreamModel: "gpt-4.1" },
  { upstream: "claude", auth: "api-key", model: "up-claude/claude-sonnet-4-5", upstreamModel: "claude-sonnet-4-5" },
  { upstream: "claude", auth: "bearer", model: "up-claude/claude-haiku-4-5", upstreamModel: "claude-haiku-4-5" },
  { upstream: "gemini", auth: "api-key", model: "gemini/gemini-2.5-pro", upstreamModel: "gemini-2.5-pro" },
  { upstream: "gemini", auth: "bearer", model: "claude-opus-4-8", upstreamModel: "gemini-2.5-flash" },
];

const skip = clientSuiteSkip();

describe(`Claude Code ${pinnedVersion("@anthropic-ai/claude-code")} through omniroute`, { skip }, () => {
  let gateway: ClientGateway;

  before(async () => {
    gateway = await startClientGateway({ aliases: ALIASES, defaultRoute: "up-claude/claude-sonnet-4-5" });
  });

  after(async () => {
    await gateway?.close();
  });

  for (const testCase of CASES) {
    const target = UPSTREAM_TARGETS.find((candidate) => candidate.key === testCase.upstream)!;
    const name = `${target.label}: --model ${testCase.model}, ${testCase.auth === "api-key" ? "ANTHROPIC_API_KEY (x-api-key)" : "ANTHROPIC_AUTH_TOKEN (bearer)"}`;
    it(name, { ...(testCase.todo ? { todo: testCase.todo } : {}) }, async () => {
      const checkpoint = gateway.checkpoint();
      const run = await runClaudeCode({ baseUrl: gateway.url, key: CLIENT_KEY, auth: testCase.auth, model: testCase.model, prompt: PROMPT, timeoutMs: RUN_TIMEOUT_MS });
      const exchange = await gateway.since(checkpoint, `claude-code ${testCase.model} ${testCase.auth}`);
      const { client } = assertClientRun(run.process, run.answer, exchange, {
        clientProtocol: "claude",
        upstreamProtocol: target.protocol,
        upstreamModel: testCase.upstreamModel,
        answer: (streamed) => recordedAnswer(target.protocol, DEFAULT_TEXT_FIXTURE[target.protocol], streamed).text,
      });
      assert.match(client.path, /^\/v1\/messages(\?beta=true)?$/);
      if (testCase.auth === "api-key") {
        assert.equal(client.headers["x-api-key"], CLIENT_KEY);
        assert.equal(client.headers.authorization, undefined);
      } else {
        assert.equal(client.headers.authorization, `Bearer ${CLIENT_KEY}`);
        assert.equal(client.headers["x-api-key"], undefined);
      }
      assert.equal(run.isError, false);
    });
  }

  it("a model name that resolves nowhere goes to routing.defaultRoute", async () => {
    const checkpoint = gateway.checkpoint();
    const run = await runClaudeCode({ baseUrl: gateway.url, key: CLIENT_KEY, auth: "bearer", model: "team-default-model", prompt: PROMPT, timeoutMs: RUN_TIMEOUT_MS });
    const exchange = await gateway.since(checkpoint);
    assertNoEgress(run.process);
    const [client] = generationRequests(exchange.client);
    assert.equal(client?.status, 200, `omniroute answered ${client?.status}: ${client?.responseText.slice(0, 400)}`);
    assert.equal(exchange.upstream[0]?.model, "claude-sonnet-4-5");
    assert.equal(run.answer, recordedAnswer("claude", "anthropic-text", true).text);
  });
});
