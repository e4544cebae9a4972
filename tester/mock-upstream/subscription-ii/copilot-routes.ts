// GitHub Copilot as the mock speaks it: api.github.com's token exchange and user (quota) endpoint under /github,
// and the Copilot API (chat completions, responses, models) under /copilot. Shapes follow the VS Code Copilot
// extension's types (copilotToken.ts TokenEnvelope, chatQuotaServiceImpl.ts headers) and what the reference
// proxies record: a first chunk with empty `choices` and `prompt_filter_results`, `reasoning_text` on Claude
// deltas, the premium-quota header on every answer, the /chat/completions refusal for Responses-only models.

import { bearerOf, fieldOf, headerOf, jsonReply, lastUserText, namedSseReply, sseReply, type MockReply, type MockRequest, type ScenarioName } from "./mock-reply";

export interface CopilotMockState {
  /** The GitHub OAuth token the exchange accepts. */
  githubToken: string;
  /** Copilot tokens issued so far; the API accepts these (and only these). */
  issuedTokens: string[];
  /** Where the mock is reachable, for `endpoints.api`. */
  baseUrl: string;
  /** The `now` the mock stamps expiries with (epoch seconds). */
  nowSeconds: () => number;
}

const RESPONSES_ONLY = /codex|^gpt-5\.[4-9]/;
const QUOTA_HEADER = "ent=300&ov=0.0&ovPerm=false&rem=87.5&rst=2026-08-01T00:00:00Z";

export function githubRoute(state: CopilotMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  const authorization = headerOf(request, "authorization");
  if (authorization !== `token ${state.githubToken}`) return jsonReply(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
  if (request.path === "/copilot_internal/v2/token") {
    if (scenario === "no-access") {
      return jsonReply(403, {
        can_signup_for_limited: true,
        message: "Resource not accessible by integration",
        error_details: { notification_id: "no_copilot_access", message: "You do not have access to GitHub Copilot.", title: "No access", url: "https://github.com/features/copilot" },
      });
    }
    const token = `tid=mock${state.issuedTokens.length + 1};exp=${state.nowSeconds() + 1800};sku=plus_monthly_subscriber_quota;chat=1:${"ab".repeat(16)}`;
    state.issuedTokens.push(token);
    return jsonReply(200, {
      token,
      expires_at: state.nowSeconds() + 1800,
      refresh_in: 1500,
      sku: "plus_monthly_subscriber_quota",
      individual: true,
      chat_enabled: true,
      endpoints: { api: `${state.baseUrl}/copilot`, proxy: `${state.baseUrl}/copilot-proxy`, telemetry: `${state.baseUrl}/telemetry`, "origin-tracker": `${state.baseUrl}/origin` },
    });
  }
  if (request.path === "/copilot_internal/user") {
    return jsonReply(200, {
      login: "octocat",
      access_type_sku: "plus_monthly_subscriber_quota",
      copilot_plan: "individual",
      chat_enabled: true,
      quota_reset_date: "2026-08-01",
      quota_reset_date_utc: "2026-08-01T00:00:00.000Z",
      quota_snapshots: {
        chat: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true, overage_count: 0, overage_permitted: false, quota_id: "chat" },
        completions: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true, overage_count: 0, overage_permitted: false, quota_id: "completions" },
        premium_interactions: { entitlement: 300, remaining: 262.5, percent_remaining: 87.5, unlimited: false, overage_count: 0, overage_permitted: false, quota_id: "premium_interactions" },
      },
    });
  }
  return jsonReply(404, { message: "Not Found" });
}

export function copilotRoute(state: CopilotMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  const token = bearerOf(request);
  if (token === undefined || !state.issuedTokens.includes(token) || scenario === "token-expired") {
    return { status: 401, headers: { "content-type": "text/plain" }, chunks: [Buffer.from("unauthorized: token expired\n")] };
  }
  if (headerOf(request, "editor-version") === undefined || headerOf(request, "copilot-integration-id") === undefined) {
    return jsonReply(400, { error: { message: "bad request: missing Editor-Version header for IDE auth", code: "bad_request" } });
  }
  if (request.method === "GET" && request.path === "/models") {
    return jsonReply(200, {
      object: "list",
      data: [
        { id: "gpt-4.1", object: "model", supported_endpoints: ["/chat/completions", "/responses"], capabilities: { type: "chat", limits: { max_context_window_tokens: 128000, max_output_tokens: 16384, max_prompt_tokens: 128000 } } },
        { id: "claude-sonnet-4.5", object: "model", supported_endpoints: ["/chat/completions", "/v1/messages"], capabilities: { type: "chat", limits: { max_context_window_tokens: 200000, max_output_tokens: 32000, max_prompt_tokens: 168000 } } },
        { id: "gpt-5.3-codex", object: "model", supported_endpoints: ["/responses"], capabilities: { type: "chat", limits: { max_context_window_tokens: 400000, max_output_tokens: 128000, max_prompt_tokens: 272000 } } },
      ],
    });
  }
  const model = String(fieldOf(request.json, "model") ?? "");
  const headers = { "x-quota-snapshot-premium_interactions": QUOTA_HEADER, "x-request-id": headerOf(request, "x-request-id") ?? "" };
  if (scenario === "quota-exhausted") {
    return jsonReply(429, { error: { message: "You have exceeded your premium request allowance.", code: "quota_exceeded" } }, { ...headers, "x-quota-snapshot-premium_interactions": "ent=300&ov=0.0&ovPerm=false&rem=0&rst=2026-08-01T00:00:00Z" });
  }
  if (request.path === "/chat/completions") {
    if (RESPONSES_ONLY.test(model)) {
      return jsonReply(400, { error: { message: `model ${model} is not accessible via the /chat/completions endpoint`, code: "unsupported_api_for_model" } });
    }
    const messages = fieldOf(request.json, "messages");
    const hasImage = Array.isArray(messages) && messages.some((message) => Array.isArray(fieldOf(message, "content")) && (fieldOf(message, "content") as unknown[]).some((part) => fieldOf(part, "type") === "image_url"));
    if (hasImage && headerOf(request, "copilot-vision-request") !== "true") {
      return jsonReply(400, { error: { message: "missing required Copilot-Vision-Request header for vision requests", code: "bad_request" } });
    }
    return chatAnswer(request, model, scenario, headers);
  }
  if (request.path === "/responses") return responsesAnswer(request, model, headers);
  return jsonReply(404, { error: { message: "not found" } });
}

function chatAnswer(request: MockRequest, model: string, scenario: ScenarioName, headers: Record<string, string>): MockReply {
  const stream = fieldOf(request.json, "stream") === true;
  const reply = `Copilot says: ${lastUserText(request.json) || "hello"}`;
  const thinking = model.startsWith("claude") ? "Thinking it over." : undefined;
  const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 0 } };
  const toolCall = scenario === "tool-call" ? { id: "call_mock_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } } : undefined;
  if (!stream) {
    return jsonReply(
      200,
      {
        id: "chatcmpl-copilot-mock",
        object: "chat.completion",
        created: 1_760_000_000,
        model,
        choices: [{ index: 0, finish_reason: toolCall ? "tool_calls" : "stop", message: { role: "assistant", content: toolCall ? null : reply, ...(thinking ? { reasoning_text: thinking, reasoning_opaque: "opaque-mock" } : {}), ...(toolCall ? { tool_calls: [toolCall] } : {}) } }],
        usage,
      },
      headers,
    );
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: "chatcmpl-copilot-mock", object: "chat.completion.chunk", created: 1_760_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const events: unknown[] = [{ choices: [], created: 0, id: "", prompt_filter_results: [{ content_filter_results: {}, prompt_index: 0 }] }];
  if (thinking) events.push(chunk({ role: "assistant", reasoning_text: thinking }), chunk({ reasoning_opaque: "opaque-mock" }));
  if (toolCall) {
    events.push(chunk({ role: "assistant", tool_calls: [{ index: 0, id: toolCall.id, type: "function", function: { name: toolCall.function.name, arguments: "" } }] }));
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: toolCall.function.arguments } }] }));
    events.push(chunk({}, "tool_calls"));
  } else {
    const half = Math.ceil(reply.length / 2);
    events.push(chunk({ role: "assistant", content: reply.slice(0, half) }), chunk({ content: reply.slice(half) }), chunk({}, "stop"));
  }
  if (fieldOf(fieldOf(request.json, "stream_options"), "include_usage") === true) events.push({ id: "chatcmpl-copilot-mock", object: "chat.completion.chunk", created: 1_760_000_000, model, choices: [], usage });
  return sseReply(events, headers);
}

function responsesAnswer(request: MockRequest, model: string, headers: Record<string, string>): MockReply {
  const input = fieldOf(request.json, "input");
  const firstText = Array.isArray(input) ? String(fieldOf((fieldOf(input[input.length - 1], "content") as unknown[] | undefined)?.[0], "text") ?? "") : String(input ?? "");
  const text = `Codex via Copilot: ${firstText || "hello"}`;
  const response = (status: string, output: unknown[]) => ({
    id: "resp_copilot_mock",
    object: "response",
    created_at: 1_760_000_000,
    status,
    model,
    output,
    usage: status === "completed" ? { input_tokens: 20, output_tokens: 9, total_tokens: 29, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } : null,
  });
  const message = { id: "msg_mock", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text, annotations: [] }] };
  if (fieldOf(request.json, "stream") !== true) return jsonReply(200, response("completed", [message]), headers);
  return namedSseReply(
    [
      { event: "response.created", data: { type: "response.created", sequence_number: 0, response: response("in_progress", []) } },
      { event: "response.output_item.added", data: { type: "response.output_item.added", sequence_number: 1, output_index: 0, item: { ...message, status: "in_progress", content: [] } } },
      { event: "response.output_text.delta", data: { type: "response.output_text.delta", sequence_number: 2, item_id: "msg_mock", output_index: 0, content_index: 0, delta: text } },
      { event: "response.output_item.done", data: { type: "response.output_item.done", sequence_number: 3, output_index: 0, item: message } },
      { event: "response.completed", data: { type: "response.completed", sequence_number: 4, response: response("completed", [message]) } },
    ],
    headers,
  );
}
