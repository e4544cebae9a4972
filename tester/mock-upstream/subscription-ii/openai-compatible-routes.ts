// iFlow (/iflow/v1) and Qwen Code (/qwen/v1): OpenAI Chat Completions with each service's gatekeeping — iFlow
// checks the API key and, when present, the request signature (hex HMAC-SHA256 of `iFlow-Cli:<session-id>:<ts>`
// keyed with the key); Qwen requires the OAuth bearer and `X-DashScope-AuthType: qwen-oauth`. iFlow's reasoning
// models answer with an inline `<think>` block, as DeepSeek-R1 did there.

import { createHmac } from "node:crypto";

import { bearerOf, fieldOf, headerOf, jsonReply, lastUserText, sseReply, type MockReply, type MockRequest, type ScenarioName } from "./mock-reply";

export interface OpenAiCompatibleMockState {
  iflowApiKey: string;
  /** Refuse unsigned iFlow calls (the service's later behaviour); false: accept them. */
  requireIflowSignature: boolean;
  qwenAccessToken: string;
}

export function iflowRoute(state: OpenAiCompatibleMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  if (bearerOf(request) !== state.iflowApiKey) return jsonReply(401, { error: { message: "Invalid API key", type: "invalid_request_error", code: "invalid_api_key" } });
  if (headerOf(request, "user-agent") !== "iFlow-Cli") return jsonReply(403, { error: { message: "unsupported client", code: "forbidden" } });
  const signature = headerOf(request, "x-iflow-signature");
  const timestamp = headerOf(request, "x-iflow-timestamp");
  const sessionId = headerOf(request, "session-id") ?? "";
  if (signature !== undefined || state.requireIflowSignature) {
    const expected = createHmac("sha256", state.iflowApiKey).update(`iFlow-Cli:${sessionId}:${timestamp ?? ""}`).digest("hex");
    if (signature !== expected) return jsonReply(401, { error: { message: "signature verification failed", code: "invalid_signature" } });
  }
  if (request.path !== "/chat/completions") return jsonReply(404, { error: { message: "not found" } });
  const model = String(fieldOf(request.json, "model") ?? "");
  const thinks = /r1|thinking/.test(model);
  const answer = `iFlow answers: ${lastUserText(request.json) || "hello"}`;
  return chatCompletion(request, model, thinks ? ["<think>", "Let me reason.", "</think>\n\n", answer] : [answer], scenario);
}

export function qwenRoute(state: OpenAiCompatibleMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  if (bearerOf(request) !== state.qwenAccessToken) return jsonReply(401, { error: { message: "invalid access token or token expired", code: "invalid_api_key" } });
  if (headerOf(request, "x-dashscope-authtype") !== "qwen-oauth") return jsonReply(400, { error: { message: "missing X-DashScope-AuthType", code: "InvalidParameter" } });
  if (scenario === "quota-exhausted") return jsonReply(403, { error: { message: "Free allocated quota exceeded.", type: "insufficient_quota", code: "insufficient_quota" } });
  if (request.path !== "/chat/completions") return jsonReply(404, { error: { message: "not found" } });
  const model = String(fieldOf(request.json, "model") ?? "");
  return chatCompletion(request, model, [`Qwen answers: ${lastUserText(request.json) || "hello"}`], scenario);
}

function chatCompletion(request: MockRequest, model: string, pieces: readonly string[], scenario: ScenarioName): MockReply {
  const usage = { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 };
  if (fieldOf(request.json, "stream") !== true) {
    return jsonReply(200, { id: "chatcmpl-mock", object: "chat.completion", created: 1_760_000_000, model, choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: pieces.join("") } }], usage });
  }
  const chunk = (content: string, finish: string | null = null) => ({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1_760_000_000, model, choices: [{ index: 0, delta: content === "" ? {} : { content }, finish_reason: finish }] });
  const events: unknown[] = pieces.map((piece) => chunk(piece));
  events.push(chunk("", "stop"));
  if (fieldOf(fieldOf(request.json, "stream_options"), "include_usage") === true) events.push({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1_760_000_000, model, choices: [], usage });
  const reply = sseReply(events);
  return scenario === "truncate" ? { ...reply, chunks: reply.chunks.slice(0, 1), cutAfter: 1 } : reply;
}
