import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { UsageRecorder } from "../../open-sse/src/accounting/usage-recorder";
import { createGateway, type Gateway } from "../../open-sse/src/gateway";
import type { AccountCredentials, AccountRuntime, GatewaySnapshot, OAuthSession, ProviderRuntime, QuotaWindow, UsageRow, WireFormat } from "../../open-sse/src/ports";
import { ANSWER_TEXT } from "../mock-upstream/subscription/backend-answers";
import { CLAUDE_CODE_IDENTITY } from "../mock-upstream/subscription/backend-checks";
import { startSubscriptionMock, type Flavour, type SubscriptionMock } from "../mock-upstream/subscription/subscription-mock";

// The four subscription providers (issue #9) served by the engine in-process, each against a mock of its real
// backend (tester/mock-upstream/subscription/), with a fake token manager in place of the host's OAuth engine.

/** A token manager as the host's would behave: a current token, one refresh on a rejection (or none). */
class FakeCredentials implements AccountCredentials {
  currentCalls = 0;
  rejected: string[] = [];
  failCurrent = false;
  constructor(
    private token: string,
    private readonly extras: Record<string, string>,
    /** What a refresh yields; undefined: the refresh fails (the user must reconnect). */
    public refreshTo: string | undefined = undefined,
  ) {}
  current(): Promise<OAuthSession> {
    this.currentCalls++;
    if (this.failCurrent) return Promise.reject(new Error("refresh token revoked"));
    return Promise.resolve(this.session());
  }
  refreshAfterRejection(rejectedAccessToken: string): Promise<OAuthSession | undefined> {
    this.rejected.push(rejectedAccessToken);
    if (this.refreshTo === undefined) return Promise.resolve(undefined);
    this.token = this.refreshTo;
    return Promise.resolve(this.session());
  }
  private session(): OAuthSession {
    return { accessToken: this.token, expiresAt: null, extras: this.extras };
  }
}

const PROVIDERS: Record<string, { flavour: Flavour; executor: string; apiFormat: WireFormat; model: string; extras: Record<string, string> }> = {
  cc: { flavour: "claude-code", executor: "claude-code", apiFormat: "anthropic-messages", model: "claude-sonnet-4-5-20250929", extras: {} },
  cx: { flavour: "codex", executor: "codex", apiFormat: "openai-responses", model: "gpt-5.2-codex", extras: { chatgptAccountId: "acct-1" } },
  gc: { flavour: "gemini-cli", executor: "gemini-cli", apiFormat: "gemini", model: "gemini-2.5-pro", extras: { projectId: "proj-gc" } },
  ag: { flavour: "antigravity", executor: "antigravity", apiFormat: "gemini", model: "claude-sonnet-4-6", extras: { projectId: "proj-ag" } },
};
const TEXT: Record<string, string> = {
  cc: ANSWER_TEXT["claude-code"],
  cx: ANSWER_TEXT.codex,
  gc: ANSWER_TEXT["code-assist"],
  ag: ANSWER_TEXT["code-assist"],
};

let mock: SubscriptionMock;
let gateway: Gateway;
let server: Server;
let baseUrl: string;
const credentials = new Map<string, FakeCredentials>();
const observed: { provider: string; account: string; windows: readonly QuotaWindow[] }[] = [];
const rows: UsageRow[] = [];

function account(providerId: string, index: number): AccountRuntime {
  const spec = PROVIDERS[providerId]!;
  const id = `${providerId}-${index}`;
  const managed = new FakeCredentials(`${id}-token`, spec.extras);
  credentials.set(id, managed);
  return { id, name: id, apiKey: "", credentials: managed, baseUrl: mock.baseUrls[spec.flavour], priority: index };
}

function provider(providerId: string, accountCount = 1): ProviderRuntime {
  const spec = PROVIDERS[providerId]!;
  return {
    id: providerId,
    displayName: providerId,
    apiFormat: spec.apiFormat,
    executor: spec.executor,
    models: [spec.model],
    strategy: "priority",
    accounts: Array.from({ length: accountCount }, (_, index) => account(providerId, index)),
  };
}

function resetCredentials(): void {
  for (const [id, managed] of credentials) {
    const fresh = new FakeCredentials(`${id}-token`, PROVIDERS[id.split("-")[0]!]!.extras);
    Object.assign(managed, fresh);
  }
  mock.acceptTokens(...[...credentials.keys()].map((id) => `${id}-token`), "cc-0-renewed");
}

before(async () => {
  mock = await startSubscriptionMock();
  const snapshot: GatewaySnapshot = {
    settings: { requireApiKey: false, maxBodyBytes: 5_000_000, firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 },
    providers: new Map([
      ["cc", provider("cc", 2)],
      ["cx", provider("cx")],
      ["gc", provider("gc")],
      ["ag", provider("ag")],
    ]),
    clientKeys: [],
    combos: new Map([
      ["cc-then-cx", { models: ["cc/claude-sonnet-4-5-20250929", "cx/gpt-5.2-codex"], strategy: "priority" }],
      ["gc-then-cx", { models: ["gc/gemini-2.5-pro", "cx/gpt-5.2-codex"], strategy: "priority" }],
    ]),
  };
  gateway = createGateway({
    config: { getSnapshot: () => snapshot },
    usage: { record: (row) => rows.push(row) },
    logger: { request: () => undefined, warn: () => undefined, error: () => undefined },
    quota: { observe: (providerId, accountId, windows) => observed.push({ provider: providerId, account: accountId, windows }) },
  });
  server = createServer((request, response) => gateway.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await gateway.close();
  await mock.close();
});

beforeEach(() => {
  mock.reset();
  resetCredentials();
  gateway.resilience.reset();
  observed.length = 0;
  rows.length = 0;
});

type ClientFormat = "openai-chat" | "openai-responses" | "anthropic-messages" | "gemini";

/** One request in a client's own format; the answer's text, read the way that client reads it. */
async function ask(format: ClientFormat, model: string, stream: boolean, extraHeaders: Record<string, string> = {}) {
  const prompt = "Say hello";
  const request =
    format === "openai-chat"
      ? { path: "/v1/chat/completions", body: { model, messages: [{ role: "user", content: prompt }], stream } }
      : format === "openai-responses"
        ? { path: "/v1/responses", body: { model, input: prompt, stream } }
        : format === "anthropic-messages"
          ? { path: "/v1/messages", body: { model, max_tokens: 256, system: "Be brief.", messages: [{ role: "user", content: prompt }], stream } }
          : { path: `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`, body: { contents: [{ role: "user", parts: [{ text: prompt }] }] } };
  const response = await fetch(`${baseUrl}${request.path}`, { method: "POST", headers: { "content-type": "application/json", ...extraHeaders }, body: JSON.stringify(request.body) });
  const raw = await response.text();
  return { status: response.status, headers: response.headers, raw, text: response.status === 200 ? textOf(format, stream, raw) : "" };
}

function textOf(format: ClientFormat, stream: boolean, raw: string): string {
  if (!stream) {
    const body = JSON.parse(raw) as Record<string, unknown>;
    return textOfObject(format, body);
  }
  let text = "";
  for (const line of raw.split(/\r?\n/)) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "[DONE]" || data === "") continue;
    const event = JSON.parse(data) as Record<string, unknown>;
    if (format === "openai-chat") text += ((event.choices as { delta?: { content?: string } }[] | undefined)?.[0]?.delta?.content ?? "");
    else if (format === "openai-responses") text += event.type === "response.output_text.delta" ? (event.delta as string) : "";
    else if (format === "anthropic-messages") text += event.type === "content_block_delta" && (event.delta as { type: string }).type === "text_delta" ? (event.delta as { text: string }).text : "";
    else text += textOfObject("gemini", event);
  }
  return text;
}

function textOfObject(format: ClientFormat, body: Record<string, unknown>): string {
  if (format === "openai-chat") return (body.choices as { message: { content: string } }[])[0]!.message.content;
  if (format === "openai-responses") {
    return (body.output as { type: string; content?: { type: string; text: string }[] }[])
      .filter((item) => item.type === "message")
      .flatMap((item) => item.content ?? [])
      .map((part) => part.text)
      .join("");
  }
  if (format === "anthropic-messages") return (body.content as { type: string; text?: string }[]).filter((block) => block.type === "text").map((block) => block.text).join("");
  const parts = (body.candidates as { content?: { parts?: { text?: string; thought?: boolean }[] } }[] | undefined)?.[0]?.content?.parts ?? [];
  return parts.filter((part) => part.thought !== true).map((part) => part.text ?? "").join("");
}

function envelopeOf(flavour: Flavour): Record<string, unknown> {
  const call = mock.calls.find((candidate) => candidate.flavour === flavour);
  assert.ok(call, `the ${flavour} backend was called`);
  return call.json as Record<string, unknown>;
}

describe("every client format reaches every subscription backend, streaming and not", () => {
  for (const format of ["openai-chat", "openai-responses", "anthropic-messages", "gemini"] as const) {
    for (const providerId of Object.keys(PROVIDERS)) {
      for (const stream of [false, true]) {
        it(`${format} → ${providerId}/${PROVIDERS[providerId]!.model}${stream ? " (stream)" : ""}`, async () => {
          const result = await ask(format, `${providerId}/${PROVIDERS[providerId]!.model}`, stream);
          assert.equal(result.status, 200, result.raw.slice(0, 500));
          assert.ok(result.text.includes(TEXT[providerId]!), `answer text: ${JSON.stringify(result.text.slice(0, 200))}`);
          assert.equal(result.headers.get("x-omniroute-provider"), providerId);
          const calls = mock.calls.filter((call) => call.flavour === PROVIDERS[providerId]!.flavour);
          assert.equal(calls.length, 1);
          assert.equal(calls[0]!.status, 200);
          assert.equal(calls[0]!.headers.authorization, `Bearer ${providerId}-0-token`);
        });
      }
    }
  }
});

describe("the exact request each backend receives", () => {
  it("claude-code: OAuth bearer, Claude Code betas and headers, the identity first in system, ?beta=true", async () => {
    const result = await ask("anthropic-messages", "cc/claude-sonnet-4-5-20250929", true, {
      "anthropic-beta": "interleaved-thinking-2025-05-14",
      "x-api-key": "client-key-never-forwarded",
    });
    assert.equal(result.status, 200);
    const call = mock.calls[0]!;
    assert.equal(call.path, "/claude/v1/messages?beta=true");
    assert.equal(call.headers.authorization, "Bearer cc-0-token");
    assert.equal(call.headers["x-api-key"], undefined);
    assert.equal(call.headers["anthropic-beta"], "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14");
    assert.equal(call.headers["x-app"], "cli");
    assert.match(String(call.headers["user-agent"]), /^claude-cli\/2\.1\.\d+ \(external, cli\)$/);
    const body = call.json as { model: string; system: { text: string }[]; stream: boolean };
    assert.equal(body.model, "claude-sonnet-4-5-20250929");
    assert.deepEqual(body.system.map((block) => block.text), [CLAUDE_CODE_IDENTITY, "Be brief."]);
    assert.equal(body.stream, true);
  });

  it("codex: bearer, account id, originator, always a stream, store false, instructions, no refused fields", async () => {
    const result = await ask("openai-chat", "cx/gpt-5.2-codex", false);
    assert.equal(result.status, 200);
    const call = mock.calls[0]!;
    assert.equal(call.path, "/backend-api/codex/responses");
    assert.equal(call.headers["chatgpt-account-id"], "acct-1");
    assert.equal(call.headers.originator, "codex_cli_rs");
    assert.equal(call.headers["openai-beta"], "responses=experimental");
    assert.equal(call.headers.accept, "text/event-stream");
    const body = envelopeOf("codex");
    assert.equal(body.stream, true, "a JSON client still gets a streamed upstream call");
    assert.equal(body.store, false);
    assert.equal(typeof body.instructions, "string");
    assert.deepEqual(body.include, ["reasoning.encrypted_content"]);
    assert.equal(body.model, "gpt-5.2-codex");
  });

  it("gemini-cli: the Code Assist envelope with the project, the client's Gemini body inside", async () => {
    const result = await ask("gemini", "gc/gemini-2.5-pro", true);
    assert.equal(result.status, 200);
    const call = mock.calls[0]!;
    assert.equal(call.path, "/cloudcode/v1internal:streamGenerateContent?alt=sse");
    const body = envelopeOf("gemini-cli");
    assert.equal(body.model, "gemini-2.5-pro");
    assert.equal(body.project, "proj-gc");
    assert.equal(typeof body.user_prompt_id, "string");
    assert.deepEqual((body.request as { contents: unknown }).contents, [{ role: "user", parts: [{ text: "Say hello" }] }]);
    // The client sees plain Gemini events, the envelope removed.
    assert.ok(!result.raw.includes('"response"'), "no Code Assist envelope reaches the Gemini client");
    assert.ok(result.raw.includes('"candidates"'));
  });

  it("antigravity: its envelope, a Claude model always streamed and aggregated for a JSON client", async () => {
    const result = await ask("openai-responses", "ag/claude-sonnet-4-6", false);
    assert.equal(result.status, 200);
    const call = mock.calls[0]!;
    assert.equal(call.path, "/antigravity/v1internal:streamGenerateContent?alt=sse");
    const body = envelopeOf("antigravity");
    assert.equal(body.userAgent, "antigravity");
    assert.equal(body.requestType, "agent");
    assert.equal(body.project, "proj-ag");
    assert.deepEqual((body.request as { toolConfig: unknown }).toolConfig, { functionCallingConfig: { mode: "VALIDATED" } });
  });
});

describe("OAuth tokens on the request path", () => {
  it("a 401 refreshes the token once and asks the same account again: one answer, two attempts", async () => {
    const managed = credentials.get("cc-0")!;
    managed.refreshTo = "cc-0-renewed";
    mock.acceptTokens("cc-0-renewed", "cx-0-token");
    const result = await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", false);
    assert.equal(result.status, 200, result.raw);
    assert.deepEqual(managed.rejected, ["cc-0-token"], "exactly one refresh, for the rejected token");
    assert.deepEqual(
      mock.calls.map((call) => [call.headers.authorization, call.status]),
      [
        ["Bearer cc-0-token", 401],
        ["Bearer cc-0-renewed", 200],
      ],
    );
    assert.equal(result.headers.get("x-omniroute-account"), "cc-0");
    assert.equal(result.headers.get("x-omniroute-attempts"), "2");
    assert.equal(rows[0]?.attempts, 2);
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cc", "cc-0"), undefined, "the account is healthy");
  });

  it("a refresh that fails marks the account auth-failed and moves on to the next account", async () => {
    mock.acceptTokens("cc-1-token");
    const result = await ask("anthropic-messages", "cc/claude-sonnet-4-5-20250929", false);
    assert.equal(result.status, 200, result.raw);
    assert.equal(result.headers.get("x-omniroute-account"), "cc-1");
    assert.deepEqual(credentials.get("cc-0")!.rejected, ["cc-0-token"]);
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cc", "cc-0")?.kind, "auth-failed");
    // The next request does not try the auth-failed account again.
    mock.reset();
    const again = await ask("anthropic-messages", "cc/claude-sonnet-4-5-20250929", false);
    assert.equal(again.status, 200);
    assert.deepEqual(mock.calls.map((call) => call.headers.authorization), ["Bearer cc-1-token"]);
  });

  it("with every account of a target auth-failed, the combo's next target answers", async () => {
    mock.acceptTokens("cx-0-token");
    const result = await ask("openai-chat", "cc-then-cx", true);
    assert.equal(result.status, 200, result.raw);
    assert.equal(result.headers.get("x-omniroute-provider"), "cx");
    assert.ok(result.text.includes(TEXT.cx!));
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cc", "cc-0")?.kind, "auth-failed");
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cc", "cc-1")?.kind, "auth-failed");
  });

  it("an account whose token cannot be produced at all is auth-failed without an upstream call", async () => {
    credentials.get("cc-0")!.failCurrent = true;
    const result = await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", false);
    assert.equal(result.status, 200);
    assert.equal(result.headers.get("x-omniroute-account"), "cc-1");
    assert.deepEqual(mock.calls.map((call) => call.headers.authorization), ["Bearer cc-1-token"]);
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cc", "cc-0")?.kind, "auth-failed");
    assert.equal(rows[0]?.attempts, 1, "a skipped account is no attempt");
  });
});

describe("quota windows from the backends' own signals", () => {
  it("Claude's unified headers and Codex's window headers reach the quota port as used percent with resets", async () => {
    const now = Math.floor(Date.now() / 1000);
    mock.setSuccessHeaders("claude-code", {
      "anthropic-ratelimit-unified-5h-utilization": "0.25",
      "anthropic-ratelimit-unified-5h-reset": String(now + 10_800),
      "anthropic-ratelimit-unified-7d-utilization": "0.4",
      "anthropic-ratelimit-unified-7d-reset": String(now + 259_200),
    });
    mock.setSuccessHeaders("codex", { "x-codex-primary-used-percent": "12.5", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": String(now + 14_400) });
    assert.equal((await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", true)).status, 200);
    assert.equal((await ask("openai-chat", "cx/gpt-5.2-codex", true)).status, 200);
    assert.deepEqual(observed, [
      {
        provider: "cc",
        account: "cc-0",
        windows: [
          { name: "5h", usedPercent: 25, used: 25, limit: 100, unit: "percent", resetsAt: (now + 10_800) * 1000 },
          { name: "weekly", usedPercent: 40, used: 40, limit: 100, unit: "percent", resetsAt: (now + 259_200) * 1000 },
        ],
      },
      { provider: "cx", account: "cx-0", windows: [{ name: "5h", usedPercent: 12.5, used: 12.5, limit: 100, unit: "percent", resetsAt: (now + 14_400) * 1000 }] },
    ]);
  });

  it("a Claude 429 with a spent 5-hour window holds the account until that reset exactly, and the next account answers", async () => {
    const reset = Math.floor(Date.now() / 1000) + 2 * 3600; // past the cooldown clamp of an hour
    mock.enqueue("claude-code", {
      kind: "status",
      status: 429,
      headers: {
        "anthropic-ratelimit-unified-status": "rejected",
        "anthropic-ratelimit-unified-5h-utilization": "1.0",
        "anthropic-ratelimit-unified-5h-status": "rejected",
        "anthropic-ratelimit-unified-5h-reset": String(reset),
        "anthropic-ratelimit-unified-representative-claim": "five_hour",
      },
      body: { type: "error", error: { type: "rate_limit_error", message: "This request would exceed your account's rate limit. Please try again later." } },
    });
    const result = await ask("anthropic-messages", "cc/claude-sonnet-4-5-20250929", false);
    assert.equal(result.status, 200, result.raw);
    assert.equal(result.headers.get("x-omniroute-account"), "cc-1");
    const hold = gateway.resilience.cooldowns.blockingEntry("cc", "cc-0", "claude-sonnet-4-5-20250929");
    assert.equal(hold?.until, reset * 1000, "held until the window's reset, not a fixed backoff");
    assert.equal(hold?.kind, "account");
    assert.deepEqual(
      observed.find((entry) => entry.account === "cc-0")?.windows.map((window) => [window.name, window.usedPercent]),
      [["5h", 100]],
      "the spent window is reported as spent",
    );
  });

  it("a Codex usage_limit_reached 429 holds the account until resets_at; the client hears 429 with that retry-after", async () => {
    const reset = Math.floor(Date.now() / 1000) + 900;
    mock.enqueue("codex", {
      kind: "status",
      status: 429,
      headers: { "x-codex-primary-used-percent": "100", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": String(reset) },
      body: { error: { type: "usage_limit_reached", message: "The usage limit has been reached", plan_type: "plus", resets_at: reset } },
    });
    const result = await ask("openai-responses", "cx/gpt-5.2-codex", false);
    assert.equal(result.status, 429, result.raw);
    const retryAfter = Number(result.headers.get("retry-after"));
    assert.ok(retryAfter > 880 && retryAfter <= 900, `retry-after ${retryAfter}`);
    assert.equal(gateway.resilience.cooldowns.blockingEntry("cx", "cx-0")?.until, reset * 1000);
  });

  it("a Code Assist QUOTA_EXHAUSTED holds only that model on the account, until its reset timestamp", async () => {
    const reset = new Date(Math.ceil((Date.now() + 3 * 3600_000) / 1000) * 1000);
    mock.enqueue("gemini-cli", {
      kind: "status",
      status: 429,
      body: {
        error: {
          code: 429,
          status: "RESOURCE_EXHAUSTED",
          message: "You have exhausted your capacity on this model. Your quota will reset after 3h.",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "QUOTA_EXHAUSTED",
              domain: "cloudcode-pa.googleapis.com",
              metadata: { model: "gemini-2.5-pro", quotaResetDelay: "10800s", quotaResetTimeStamp: reset.toISOString().replace(".000Z", "Z") },
            },
            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "10800s" },
          ],
        },
      },
    });
    const result = await ask("openai-chat", "gc-then-cx", false);
    assert.equal(result.status, 200, result.raw);
    assert.equal(result.headers.get("x-omniroute-provider"), "cx", "the combo moved on");
    const hold = gateway.resilience.cooldowns.blockingEntry("gc", "gc-0", "gemini-2.5-pro");
    assert.equal(hold?.until, reset.getTime());
    assert.equal(hold?.kind, "model");
    assert.equal(gateway.resilience.cooldowns.blockingEntry("gc", "gc-0", "gemini-3-flash-preview"), undefined, "the account's other models stay usable");
    assert.deepEqual(observed.at(-2)?.windows.map((window) => [window.name, window.usedPercent, window.resetsAt]), [["quota gemini-2.5-pro", 100, reset.getTime()]]);
  });
});

const recorderKeepsTrail = "attemptTrail" in new UsageRecorder({ record: () => undefined }, "r", 0, "/", "openai-chat", () => 0);

describe("the attempt trail", () => {
  const todo = recorderKeepsTrail ? false : "needs UsageRecorder.attemptTrail (accounting/usage-recorder.ts)";

  it("records the refused token and the refresh retry on the same account", { todo }, async () => {
    credentials.get("cc-0")!.refreshTo = "cc-0-renewed";
    mock.acceptTokens("cc-0-renewed");
    assert.equal((await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", false)).status, 200);
    const trail = rows[0]?.attemptTrail ?? [];
    assert.deepEqual(
      trail.map((step) => [step.provider, step.account, step.outcome, step.reason, step.httpStatus]),
      [
        ["cc", "cc-0", "failed", "auth: token refreshed, asking again", 401],
        ["cc", "cc-0", "ok", null, 200],
      ],
    );
    assert.ok(trail.every((step) => step.latencyMs >= 0 && step.model === "cc/claude-sonnet-4-5-20250929"));
  });

  it("records a failed refresh, then the auth-failed account skipped on the next request", { todo }, async () => {
    mock.acceptTokens("cc-1-token");
    assert.equal((await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", false)).status, 200);
    assert.deepEqual(
      (rows[0]?.attemptTrail ?? []).map((step) => [step.account, step.outcome, step.reason, step.httpStatus]),
      [
        ["cc-0", "failed", "auth", 401],
        ["cc-1", "ok", null, 200],
      ],
    );
    assert.equal((await ask("openai-chat", "cc/claude-sonnet-4-5-20250929", false)).status, 200);
    assert.deepEqual(
      (rows[1]?.attemptTrail ?? []).map((step) => [step.account, step.outcome, step.reason, step.httpStatus, step.latencyMs]),
      [
        ["cc-0", "skipped", "cooling down: auth-failed", null, 0],
        ["cc-1", "ok", null, 200, rows[1]!.attemptTrail![1]!.latencyMs],
      ],
    );
  });
});
