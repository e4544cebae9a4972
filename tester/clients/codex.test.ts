// Codex CLI (the real CLI, pinned in client-versions.json) through omniroute's /v1/responses to each upstream
// wire format. Codex sends Responses-only things a translator must handle: developer messages instead of
// `instructions`, a `namespace` tool of functions (flattened for other formats, names keeping the namespace), a
// `web_search` tool, `store: false`, `prompt_cache_key` and `include` (kept byte for byte on passthrough).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { assertClientRun } from "./assert-client-run";
import { CLIENT_KEY, startClientGateway } from "./client-gateway";
import type { ClientGateway } from "./client-gateway";
import { clientSuiteSkip, pinnedVersion } from "./installed-clients";
import { recordedAnswer } from "./recorded-answer";
import { asRecord, viewRequest } from "./request-view";
import { runCodex } from "./run-codex";
import { DEFAULT_TEXT_FIXTURE } from "./upstream-front";
import { UPSTREAM_TARGETS } from "./upstream-targets";
import type { UpstreamKey } from "./upstream-targets";

const RUN_TIMEOUT_MS = 60_000;
const PROMPT = "Say hello in one short sentence.";

interface CodexCase {
  upstream: UpstreamKey;
  model: string;
  upstreamModel: string;
  todo?: string;
}

/** A model Codex knows (it then asks for reasoning effort), routed by alias. */
const ALIASES: Record<string, string> = { "gpt-5.1-codex": "up-claude/claude-sonnet-4-5" };

const CASES: CodexCase[] = [
  { upstream: "responses", model: "up-responses/gpt-5", upstreamModel: "gpt-5" },
  { upstream: "chat", model: "up-chat/gpt-5", upstreamModel: "gpt-5" },
  { upstream: "claude", model: "up-claude/claude-sonnet-4-5", upstreamModel: "claude-sonnet-4-5" },
  { upstream: "claude", model: "gpt-5.1-codex", upstreamModel: "claude-sonnet-4-5" },
  { upstream: "gemini", model: "gemini/gemini-2.5-pro", upstreamModel: "gemini-2.5-pro" },
];

const skip = clientSuiteSkip();

describe(`Codex CLI ${pinnedVersion("@openai/codex")} through omniroute`, { skip }, () => {
  let gateway: ClientGateway;

  before(async () => {
    gateway = await startClientGateway({ aliases: ALIASES });
  });

  after(async () => {
    await gateway?.close();
  });

  for (const testCase of CASES) {
    const target = UPSTREAM_TARGETS.find((candidate) => candidate.key === testCase.upstream)!;
    it(`${target.label}: model ${testCase.model}`, { ...(testCase.todo ? { todo: testCase.todo } : {}) }, async () => {
      const checkpoint = gateway.checkpoint();
      const run = await runCodex({ baseUrl: gateway.url, key: CLIENT_KEY, model: testCase.model, prompt: PROMPT, timeoutMs: RUN_TIMEOUT_MS });
      const exchange = await gateway.since(checkpoint, `codex ${testCase.model}`);
      const { client, upstream } = assertClientRun(run.process, run.answer, exchange, {
        clientProtocol: "openai-responses",
        upstreamProtocol: target.protocol,
        upstreamModel: testCase.upstreamModel,
        answer: (streamed) => recordedAnswer(target.protocol, DEFAULT_TEXT_FIXTURE[target.protocol], streamed).text,
      });
      assert.equal(client.path, "/v1/responses");
      assert.equal(client.headers.authorization, `Bearer ${CLIENT_KEY}`);
      // What makes this run worth having: Codex really sent the Responses-only shapes.
      const sent = viewRequest("openai-responses", client.body);
      assert.ok(sent.tools.some((tool) => tool.namespace !== undefined), "Codex sent no namespace tool");
      assert.equal(asRecord(client.body).store, false);
      if (target.protocol === "openai-responses") {
        const received = asRecord(upstream.body);
        assert.equal(received.store, false);
        assert.equal(received.prompt_cache_key, asRecord(client.body).prompt_cache_key);
        assert.deepEqual(received.include, asRecord(client.body).include);
      }
    });
  }
});
