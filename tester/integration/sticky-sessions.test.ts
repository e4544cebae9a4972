import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOpenAiMock, type MockScenario, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// Sticky sessions against the real server: a round-robin pool of two accounts (each behind its own mock, so the
// test sees which one was called), and a Responses provider whose two accounts each issue their own response id.
const PASSWORD = "sticky-password-1";
let one: OpenAiMock;
let two: OpenAiMock;
let responsesA: OpenAiMock;
let responsesB: OpenAiMock;
let alt: OpenAiMock;
let gateway: OmnirouteProcess;
let cookie: string;

/** A minimal, complete Responses stream whose response id is `id`. */
function responsesStream(id: string): MockScenario {
  const created = { type: "response.created", sequence_number: 0, response: { id, object: "response", created_at: 1, status: "in_progress", model: "r", output: [], usage: null } };
  const delta = { type: "response.output_text.delta", sequence_number: 1, item_id: "msg_1", output_index: 0, content_index: 0, delta: "hi" };
  const message = { type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "hi", annotations: [] }] };
  const completed = {
    type: "response.completed",
    sequence_number: 2,
    response: { ...created.response, status: "completed", output: [message], usage: { input_tokens: 5, output_tokens: 1, total_tokens: 6 } },
  };
  const frame = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  return { kind: "raw", status: 200, headers: { "content-type": "text/event-stream" }, chunks: [frame(created), frame(delta), frame(completed)] };
}

before(async () => {
  [one, two, responsesA, responsesB, alt] = await Promise.all([startOpenAiMock(), startOpenAiMock(), startOpenAiMock(), startOpenAiMock(), startOpenAiMock()]);
  responsesA.setDefault(responsesStream("resp_from_a"));
  responsesB.setDefault(responsesStream("resp_from_b"));
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [
        {
          id: "pool",
          type: "openai-compatible",
          baseUrl: one.url,
          models: ["m"],
          strategy: "round-robin",
          accounts: [
            { name: "one", apiKey: "sk-one-0000000", baseUrl: one.url },
            { name: "two", apiKey: "sk-two-0000000", baseUrl: two.url },
          ],
        },
        {
          id: "resp",
          type: "openai-compatible",
          apiFormat: "responses",
          baseUrl: responsesA.url,
          models: ["r"],
          strategy: "round-robin",
          accounts: [
            { name: "ra", apiKey: "sk-ra-00000000", baseUrl: responsesA.url },
            { name: "rb", apiKey: "sk-rb-00000000", baseUrl: responsesB.url },
          ],
        },
        { id: "alt", type: "openai-compatible", baseUrl: alt.url, models: ["m"], accounts: [{ name: "alt", apiKey: "sk-alt-0000000" }] },
      ],
      combos: [{ name: "spread", models: ["pool/m", "alt/m"], strategy: "round-robin" }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await Promise.all([one, two, responsesA, responsesB, alt].map((mock) => mock?.close()));
});

beforeEach(async () => {
  for (const mock of [one, two, responsesA, responsesB, alt]) mock.requests.length = 0;
  await api("POST", "/api/resilience", {});
});

async function api(method: "GET" | "POST", path: string, body?: unknown) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { cookie, origin: gateway.url, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function chat(content: string | unknown[], headers: Record<string, string> = {}, model = "pool/m") {
  const messages = typeof content === "string" ? [{ role: "user", content }] : content;
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model, messages }),
  });
  return {
    status: response.statusCode,
    account: response.headers["x-omniroute-account"],
    provider: response.headers["x-omniroute-provider"],
    attempts: response.headers["x-omniroute-attempts"],
    text: await response.body.text(),
  };
}

async function responses(input: string, previousResponseId?: string) {
  const response = await request(`${gateway.url}/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "resp/r", input, stream: true, ...(previousResponseId ? { previous_response_id: previousResponseId } : {}) }),
  });
  return { status: response.statusCode, account: response.headers["x-omniroute-account"], retryAfter: response.headers["retry-after"], text: await response.body.text() };
}

describe("sticky sessions", () => {
  it("without a session the pool round-robins; with one, every request of the session goes to the same account", async () => {
    const spread = new Set<unknown>();
    for (let index = 0; index < 4; index++) spread.add((await chat(`independent question ${index}`)).account);
    assert.equal(spread.size, 2, "distinct conversations use both accounts");

    const served: unknown[] = [];
    for (let index = 0; index < 6; index++) {
      const result = await chat(`turn ${index}`, { "session-id": "codex-session-1" });
      assert.equal(result.status, 200, result.text);
      served.push(result.account);
    }
    assert.equal(new Set(served).size, 1, `one account for the session, got ${served.join(", ")}`);
  });

  it("without any session id, the later turns of a conversation follow its first turn (fingerprint)", async () => {
    const opening = [{ role: "system", content: "You are a fingerprint test." }, { role: "user", content: "Plan the work." }];
    const first = await chat(opening);
    const later: unknown[] = [];
    for (let index = 0; index < 4; index++) {
      const turn = await chat([...opening, { role: "assistant", content: "Planned." }, { role: "user", content: `Step ${index}.` }]);
      later.push(turn.account);
    }
    assert.deepEqual(later, [first.account, first.account, first.account, first.account]);
  });

  it("a session on a round-robin combo stays on the member that served it", async () => {
    const providers: unknown[] = [];
    for (let index = 0; index < 4; index++) providers.push((await chat(`combo turn ${index}`, { "session-id": "combo-session" }, "spread")).provider);
    assert.equal(new Set(providers).size, 1, `one member for the session, got ${providers.join(", ")}`);
    const spread = new Set<unknown>();
    for (let index = 0; index < 4; index++) spread.add((await chat(`unrelated ${index}`, {}, "spread")).provider);
    assert.equal(spread.size, 2, "other requests still rotate");
  });

  it("a Claude Code session (metadata.user_id, translated to a chat upstream) sticks across turns", async () => {
    const turn = async (messages: unknown[]) => {
      const response = await request(`${gateway.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "claude-cli/2.1.197 (external, sdk-cli)", "anthropic-version": "2023-06-01" },
        body: JSON.stringify({
          model: "pool/m",
          max_tokens: 100,
          system: [{ type: "text", text: "You are Claude Code." }],
          metadata: { user_id: JSON.stringify({ device_id: "dev", account_uuid: "", session_id: "claude-session-abc" }) },
          messages,
        }),
      });
      const text = await response.body.text();
      assert.equal(response.statusCode, 200, text);
      return response.headers["x-omniroute-account"];
    };
    const first = await turn([{ role: "user", content: "secret prompt text" }]);
    const second = await turn([{ role: "user", content: "secret prompt text" }, { role: "assistant", content: "ok" }, { role: "user", content: "next" }]);
    const third = await turn([{ role: "user", content: "secret prompt text" }, { role: "assistant", content: "ok" }, { role: "user", content: "and more" }]);
    assert.deepEqual([second, third], [first, first]);

    const listing = await api("GET", "/api/sessions");
    assert.equal(listing.status, 200);
    const sessions = listing.json.sessions as {
      source: string;
      clientTool: string;
      requests: number;
      fingerprint: string;
      tokens: { input: number; output: number };
      stickyAccount: { providerId: string; accountName: string } | null;
      firstSeenAt: number;
      lastSeenAt: number;
    }[];
    const claude = sessions.find((session) => session.source === "metadata.user_id");
    assert.ok(claude, listing.text);
    assert.equal(claude.clientTool, "claude-cli");
    assert.equal(claude.requests, 3);
    assert.match(claude.fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(claude.stickyAccount?.providerId, "pool");
    assert.equal(claude.stickyAccount?.accountName, first);
    assert.ok(claude.tokens.input > 0 && claude.tokens.output > 0, JSON.stringify(claude.tokens));
    assert.ok(claude.lastSeenAt >= claude.firstSeenAt);
    assert.ok(!listing.text.includes("claude-session-abc"), "the raw session id is never shown");
    assert.ok(!listing.text.includes("secret prompt text"), "no prompt text is shown");
  });

  it("the pin is soft: a 429 on the session's account moves it (and the pin) to the other one", async () => {
    const first = await chat("pinned turn 1", { "x-claude-code-session-id": "soft-pin" });
    const pinned = first.account === "one" ? one : two;
    pinned.enqueue({ kind: "status", status: 429, headers: { "retry-after": "30" } });
    const moved = await chat("pinned turn 2", { "x-claude-code-session-id": "soft-pin" });
    assert.equal(moved.status, 200, moved.text);
    assert.notEqual(moved.account, first.account);
    assert.equal(moved.attempts, "2");
    const after = await chat("pinned turn 3", { "x-claude-code-session-id": "soft-pin" });
    assert.equal(after.account, moved.account, "the session now sticks where its cache is");
    assert.equal(pinned.requests.length, 2, "the cooling account is not called again");
  });

  it("a previous_response_id always goes back to the account that issued it", async () => {
    const first = await responses("start a conversation");
    assert.equal(first.status, 200, first.text);
    const issuedId = first.account === "ra" ? "resp_from_a" : "resp_from_b";
    assert.ok(first.text.includes(issuedId));
    const issuer = first.account === "ra" ? responsesA : responsesB;
    const other = first.account === "ra" ? responsesB : responsesA;
    other.requests.length = 0;
    for (let index = 0; index < 4; index++) {
      const next = await responses(`follow-up ${index}`, issuedId);
      assert.equal(next.status, 200, next.text);
      assert.equal(next.account, first.account);
    }
    assert.equal(other.requests.length, 0, "the other account (which lacks the state) is never asked");

    // Even when the issuer is rate limited: the client hears 429, not another account's "response not found".
    issuer.enqueue({ kind: "status", status: 429, headers: { "retry-after": "30" } });
    const limited = await responses("follow-up while limited", issuedId);
    assert.equal(limited.status, 429, limited.text);
    const cooling = await responses("follow-up while cooling", issuedId);
    assert.equal(cooling.status, 429, cooling.text);
    assert.ok(Number(cooling.retryAfter) > 0);
    assert.equal(other.requests.length, 0);
    // A new conversation is free to use the other account meanwhile.
    const fresh = await responses("an unrelated conversation");
    assert.equal(fresh.status, 200, fresh.text);
    assert.notEqual(fresh.account, first.account);
  });
});
