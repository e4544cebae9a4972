import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import type { AccountRuntime, OAuthSession } from "../../ports";
import type { ExecutorRequest } from "../upstream-executor";
import { codexExecutor } from "./codex-executor";

const account: AccountRuntime = { id: "a1", name: "plus", apiKey: "", baseUrl: "https://chatgpt.com/backend-api/codex", priority: 0 };
const session: OAuthSession = { accessToken: "eyJ.access", expiresAt: null, extras: { chatgptAccountId: "acct-123" } };

function request(body: Record<string, unknown>, overrides: Partial<ExecutorRequest> = {}): ExecutorRequest {
  return { account, session, model: "gpt-5.2-codex", stream: false, body, requestId: "req-1", userAgent: "omniroute/1.0.0", ...overrides };
}

function bodyOf(call: { body: Buffer }): Record<string, unknown> {
  return JSON.parse(call.body.toString("utf8")) as Record<string, unknown>;
}

describe("codex executor", () => {
  it("calls {base}/responses with the bearer, the account id and Codex's own headers, always streaming", () => {
    const call = codexExecutor.prepare(request({ model: "cx/gpt-5.2-codex", input: "hi" }));
    assert.equal(`${call.baseUrl}${call.path}`, "https://chatgpt.com/backend-api/codex/responses");
    assert.equal(call.upstreamStreams, true);
    assert.equal(call.headers.authorization, "Bearer eyJ.access");
    assert.equal(call.headers["chatgpt-account-id"], "acct-123");
    assert.equal(call.headers.originator, "codex_cli_rs");
    assert.equal(call.headers["openai-beta"], "responses=experimental");
    assert.equal(call.headers.accept, "text/event-stream");
    assert.match(call.headers["user-agent"]!, /^codex_cli_rs\/\d+\.\d+\.\d+ /);
    assert.match(call.headers["session-id"]!, /^[0-9a-f-]{36}$/);
  });

  it("shapes the body as the backend requires: stream, store false, instructions, encrypted reasoning, no refused fields", () => {
    const body = bodyOf(
      codexExecutor.prepare(
        request({
          model: "cx/gpt-5.2-codex",
          input: "hi",
          max_output_tokens: 500,
          temperature: 0.2,
          top_p: 0.9,
          user: "u1",
          metadata: { a: "b" },
          truncation: "auto",
          service_tier: "flex",
          include: ["message.output_text.logprobs"],
          parallel_tool_calls: true,
        }),
      ),
    );
    assert.deepEqual(body, {
      model: "gpt-5.2-codex",
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
      instructions: "",
      stream: true,
      store: false,
      include: ["message.output_text.logprobs", "reasoning.encrypted_content"],
    });
  });

  it("keeps the client's instructions, tools and priority tier; system input items become developer items", () => {
    const body = bodyOf(
      codexExecutor.prepare(
        request({
          instructions: "You are Codex.",
          input: [
            { type: "message", role: "system", content: [{ type: "input_text", text: "rules" }] },
            { type: "message", role: "user", content: [{ type: "input_text", text: "go" }] },
          ],
          tools: [{ type: "function", name: "shell", parameters: { type: "object", properties: {} } }],
          parallel_tool_calls: true,
          service_tier: "priority",
        }),
      ),
    );
    assert.equal(body.instructions, "You are Codex.");
    assert.deepEqual((body.input as { role: string }[]).map((item) => item.role), ["developer", "user"]);
    assert.equal(body.parallel_tool_calls, true);
    assert.equal(body.service_tier, "priority");
  });

  it("a Codex client's originator, user agent, session and turn headers pass through", () => {
    const call = codexExecutor.prepare(
      request(
        { input: "hi", prompt_cache_key: "019a-thread" },
        {
          sameFormatClientHeaders: {
            originator: "codex_exec",
            "user-agent": "codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)",
            "session-id": "019a-thread",
            "x-codex-turn-metadata": '{"turn_id":"t1"}',
            authorization: "Bearer omr-client-key",
          },
        },
      ),
    );
    assert.equal(call.headers.originator, "codex_exec");
    assert.equal(call.headers["user-agent"], "codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)");
    assert.equal(call.headers["session-id"], "019a-thread");
    assert.equal(call.headers["x-codex-turn-metadata"], '{"turn_id":"t1"}');
    assert.equal(call.headers.authorization, "Bearer eyJ.access", "the client's own key never goes upstream");
  });

  it("a conversation id keys the prompt cache and the session id", () => {
    const call = codexExecutor.prepare(request({ input: "hi" }, { conversationId: "abcd1234abcd1234" }));
    assert.equal(bodyOf(call).prompt_cache_key, call.headers["session-id"]);
  });

  it("refuses previous_response_id with a 400 that says why", () => {
    assert.throws(
      () => codexExecutor.prepare(request({ input: "hi", previous_response_id: "resp_1" })),
      (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && /stores no responses/.test(error.publicMessage),
    );
  });

  it("reads the plan windows from headers and a usage-limit 429 from the body", () => {
    assert.deepEqual(
      codexExecutor.quotaFromHeaders!({ "x-codex-primary-used-percent": "100", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "2000000000" }, 0)?.map((window) => [window.name, window.usedPercent, window.resetsAt]),
      [["5h", 100, 2_000_000_000_000]],
    );
    assert.equal(codexExecutor.quotaFromErrorBody!(JSON.stringify({ error: { type: "usage_limit_reached", resets_at: 2000000000 } }), 0)?.[0]?.resetsAt, 2_000_000_000_000);
  });
});
