// /api/provider-nodes against the real server: a custom OpenAI-compatible node added from the dashboard API is
// routed by its prefix at once; an Anthropic-compatible node speaks the Messages protocol; one connection per node
// unless ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true; prefixes cannot shadow built-ins, nodes or combos.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const PASSWORD = "provider-nodes-password";
const NODE_KEY = "node-secret-key-0123456789abcdefQRST";

let mock: OpenAiMock;
let gateway: OmnirouteProcess;
let cookie: string;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [{ id: "from-file", type: "openai-compatible", baseUrl: mock.url, models: ["m1"], accounts: [{ apiKey: "file-node-key-0000000" }] }],
      combos: [{ name: "stack", models: ["from-file/m1"] }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function api(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, withSession = true) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { ...(withSession ? { cookie } : {}), origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) };
}

async function chat(model: string, path = "/v1/chat/completions") {
  const body = path === "/v1/messages" ? { model, max_tokens: 16, messages: [{ role: "user", content: "hi" }] } : { model, messages: [{ role: "user", content: "hi" }] };
  const response = await request(`${gateway.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.statusCode, text: await response.body.text() };
}

describe("/api/provider-nodes", () => {
  it("answers 401 without a session", async () => {
    assert.equal((await api("GET", "/api/provider-nodes", undefined, false)).status, 401);
    assert.equal((await api("POST", "/api/provider-nodes", {}, false)).status, 401);
    assert.equal((await api("DELETE", "/api/provider-nodes/x", undefined, false)).status, 401);
  });

  it("adds an OpenAI-compatible node with its key, routed by prefix at once, key masked", async () => {
    const created = await api("POST", "/api/provider-nodes", { name: "Local vLLM", prefix: "vllm", apiFormat: "openai-chat", baseUrl: mock.url, apiKey: NODE_KEY });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.text.includes(NODE_KEY), false);
    const node = created.json();
    assert.deepEqual([node.id, node.prefix, node.name, node.type, node.apiFormat, node.baseUrl, node.enabled], ["vllm", "vllm", "Local vLLM", "openai-compatible", "openai-chat", mock.url, true]);
    assert.deepEqual(node.connections.map((connection: { id: string; apiKey: string }) => [connection.id, connection.apiKey]), [["vllm:default", "nod…QRST"]]);

    const answer = await chat("vllm/qwen3-32b");
    assert.equal(answer.status, 200, answer.text);
    assert.equal((mock.requests.at(-1)?.json as { model: string }).model, "qwen3-32b");
    assert.equal(mock.requests.at(-1)?.headers.authorization, `Bearer ${NODE_KEY}`);

    const listed = await api("GET", "/api/provider-nodes");
    assert.deepEqual(listed.json().data.map((entry: { id: string }) => entry.id).sort(), ["from-file", "vllm"]);
    assert.equal((await api("GET", "/api/provider-nodes/vllm")).json().name, "Local vLLM");
    const providers = (await api("GET", "/api/providers")).json().data as { id: string; kind: string; nodeName: string | null }[];
    const asProvider = providers.find((provider) => provider.id === "vllm");
    assert.deepEqual([asProvider?.kind, asProvider?.nodeName], ["openai-compatible", "Local vLLM"]);
  });

  it("keeps one connection per node: a second one is a 409 naming the setting", async () => {
    const second = await api("POST", "/api/providers", { provider: "vllm", name: "second", apiKey: "another-key-000000000000" });
    assert.equal(second.status, 409, second.text);
    assert.equal(second.json().error.code, "connection_limit");
    assert.match(second.json().error.message, /ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE=true/);
    const fromFile = await api("POST", "/api/providers", { provider: "from-file", apiKey: "another-key-000000000000" });
    assert.equal(fromFile.status, 409, "config-file nodes too");
  });

  it("adds an Anthropic-compatible node without a key, then its one connection; it speaks the Messages protocol", async () => {
    const created = await api("POST", "/api/provider-nodes", { name: "Claude relay", prefix: "relay", apiFormat: "anthropic-messages", baseUrl: mock.origin });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual([created.json().type, created.json().connections], ["anthropic-compatible", []]);
    const connection = await api("POST", "/api/providers", { provider: "relay", name: "only", apiKey: "relay-key-0000000000000" });
    assert.equal(connection.status, 201, connection.text);
    mock.enqueue({
      kind: "json",
      body: { id: "msg_1", type: "message", role: "assistant", model: "claude-x", content: [{ type: "text", text: "hello" }], stop_reason: "end_turn", usage: { input_tokens: 3, output_tokens: 1 } },
    });
    const answer = await chat("relay/claude-x", "/v1/messages");
    assert.equal(answer.status, 200, answer.text);
    assert.equal(mock.requests.at(-1)?.path, "/v1/messages");
    assert.equal(mock.requests.at(-1)?.headers["x-api-key"], "relay-key-0000000000000");
  });

  it("refuses taken and malformed prefixes and metadata URLs", async () => {
    for (const prefix of ["openai", "vllm", "VLLM", "stack", "from-file"]) {
      const taken = await api("POST", "/api/provider-nodes", { name: "x", prefix, apiFormat: "openai-chat", baseUrl: mock.url });
      assert.equal(taken.status, 409, `${prefix}: ${taken.text}`);
      assert.equal(taken.json().error.code, "prefix_taken");
    }
    for (const prefix of ["a/b", "a:b", ""]) {
      assert.equal((await api("POST", "/api/provider-nodes", { name: "x", prefix, apiFormat: "openai-chat", baseUrl: mock.url })).status, 400, prefix);
    }
    for (const baseUrl of ["http://169.254.169.254/v1", "http://[::ffff:169.254.169.254]/v1"]) {
      const refused = await api("POST", "/api/provider-nodes", { name: "x", prefix: "meta", apiFormat: "openai-chat", baseUrl });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /cloud metadata address refused/);
    }
  });

  it("updates and deletes a node; its models are unknown afterwards", async () => {
    const updated = await api("PATCH", "/api/provider-nodes/vllm", { name: "Renamed", enabled: false });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual([updated.json().name, updated.json().enabled], ["Renamed", false]);
    assert.equal((await chat("vllm/qwen3-32b")).status, 400, "a disabled node is unknown to the engine");
    assert.equal((await api("PATCH", "/api/provider-nodes/vllm", { prefix: "other" })).status, 400);
    assert.equal((await api("DELETE", "/api/provider-nodes/vllm")).status, 204);
    assert.equal((await api("GET", "/api/provider-nodes/vllm")).status, 404);
    assert.equal((await api("DELETE", "/api/provider-nodes/openai")).status, 404, "built-ins are not nodes");
  });
});
