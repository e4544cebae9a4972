// Builders for OpenAI Chat Completions payloads (JSON and SSE chunks).
// Shapes follow the recorded responses in ../shared/fixtures/upstream/openai-chat/ (openai-text.*):
// same fields, our own values. Pure functions: no I/O, no state.

export const MOCK_CREATED = 1_770_000_000;
export const MOCK_SYSTEM_FINGERPRINT = "fp_mock0000001";
export const MOCK_PROMPT_TOKENS = 12;
export const DEFAULT_TEXT = "Hello! This is the mock upstream answering your chat completion request.";
export const DEFAULT_CHUNKS = 5;

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export const MOCK_TOOL_CALLS: readonly ToolCall[] = [
  { id: "call_mock_weather_0001", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris, France","unit":"celsius"}' } },
  { id: "call_mock_time_0002", type: "function", function: { name: "get_time", arguments: '{"timezone":"Europe/Paris"}' } },
];

export function completionId(model: string): string {
  // Stable per model so that responses can be precomputed; unique enough for clients.
  let hash = 2166136261;
  for (let index = 0; index < model.length; index++) {
    hash = Math.imul(hash ^ model.charCodeAt(index), 16777619) >>> 0;
  }
  return `chatcmpl-mock${hash.toString(36).padStart(7, "0")}`;
}

export function countTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, words);
}

export function makeUsage(completionTokens: number): Usage {
  return {
    prompt_tokens: MOCK_PROMPT_TOKENS,
    completion_tokens: completionTokens,
    total_tokens: MOCK_PROMPT_TOKENS + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Splits text into `count` pieces (word boundaries when possible) whose concatenation is the text. */
export function splitText(text: string, count: number): string[] {
  const pieces = Math.max(1, Math.floor(count));
  if (text.length === 0) return Array.from({ length: pieces }, () => "");
  const words = text.match(/\s*\S+/g) ?? [text];
  if (words.length >= pieces) {
    const result: string[] = [];
    for (let index = 0; index < pieces; index++) {
      const start = Math.floor((index * words.length) / pieces);
      const end = Math.floor(((index + 1) * words.length) / pieces);
      result.push(words.slice(start, end).join(""));
    }
    const trailing = text.length - result.join("").length;
    if (trailing > 0) result[result.length - 1] += text.slice(text.length - trailing);
    return result;
  }
  const characters = Array.from(text);
  const result: string[] = [];
  for (let index = 0; index < pieces; index++) {
    const start = Math.floor((index * characters.length) / pieces);
    const end = Math.floor(((index + 1) * characters.length) / pieces);
    result.push(characters.slice(start, end).join(""));
  }
  return result;
}

export function completionJson(model: string, text: string): Record<string, unknown> {
  return {
    id: completionId(model),
    object: "chat.completion",
    created: MOCK_CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: makeUsage(countTokens(text)),
    service_tier: "default",
    system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
  };
}

export function toolCallsJson(model: string): Record<string, unknown> {
  return {
    id: completionId(model),
    object: "chat.completion",
    created: MOCK_CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: null, tool_calls: MOCK_TOOL_CALLS, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ],
    usage: makeUsage(32),
    service_tier: "default",
    system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
  };
}

function chunk(model: string, choices: unknown[], usage: Usage | null, includeUsage: boolean): string {
  const payload: Record<string, unknown> = {
    id: completionId(model),
    object: "chat.completion.chunk",
    created: MOCK_CREATED,
    model,
    service_tier: "default",
    system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
    choices,
  };
  // Like OpenAI: with include_usage every chunk carries "usage": null, the last one the totals.
  if (includeUsage) payload.usage = usage;
  return JSON.stringify(payload);
}

export function sseFrame(data: string): string {
  return `data: ${data}\n\n`;
}

export const SSE_DONE = "data: [DONE]\n\n";

/** The SSE frames of a text completion, `[DONE]` included. */
export function textStreamFrames(model: string, text: string, chunks: number, includeUsage: boolean): string[] {
  const pieces = splitText(text, chunks);
  const frames: string[] = [
    sseFrame(chunk(model, [{ index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }], null, includeUsage)),
  ];
  for (const piece of pieces) {
    frames.push(sseFrame(chunk(model, [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], null, includeUsage)));
  }
  frames.push(sseFrame(chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }], null, includeUsage)));
  if (includeUsage) frames.push(sseFrame(chunk(model, [], makeUsage(countTokens(text)), true)));
  frames.push(SSE_DONE);
  return frames;
}

/** The SSE frames of two parallel tool calls, arguments streamed in several deltas, `[DONE]` included. */
export function toolCallStreamFrames(model: string, includeUsage: boolean): string[] {
  const frames: string[] = [
    sseFrame(chunk(model, [{ index: 0, delta: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: null }], null, includeUsage)),
  ];
  MOCK_TOOL_CALLS.forEach((call, callIndex) => {
    frames.push(
      sseFrame(
        chunk(
          model,
          [
            {
              index: 0,
              delta: { tool_calls: [{ index: callIndex, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] },
              logprobs: null,
              finish_reason: null,
            },
          ],
          null,
          includeUsage,
        ),
      ),
    );
    const argumentsText = call.function.arguments;
    for (let start = 0; start < argumentsText.length; start += 8) {
      frames.push(
        sseFrame(
          chunk(
            model,
            [
              {
                index: 0,
                delta: { tool_calls: [{ index: callIndex, function: { arguments: argumentsText.slice(start, start + 8) } }] },
                logprobs: null,
                finish_reason: null,
              },
            ],
            null,
            includeUsage,
          ),
        ),
      );
    }
  });
  frames.push(sseFrame(chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }], null, includeUsage)));
  if (includeUsage) frames.push(sseFrame(chunk(model, [], makeUsage(32), true)));
  frames.push(SSE_DONE);
  return frames;
}

export function modelsList(models: readonly string[]): Record<string, unknown> {
  return {
    object: "list",
    data: models.map((id) => ({ id, object: "model", created: MOCK_CREATED, owned_by: "openai" })),
  };
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiError(message: string, type: string, code: string | null): OpenAiErrorBody {
  return { error: { message, type, param: null, code } };
}

export function defaultErrorForStatus(status: number): OpenAiErrorBody {
  if (status === 401) return openAiError("Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
  if (status === 403) return openAiError("You are not allowed to sample from this model", "invalid_request_error", "model_not_allowed");
  if (status === 404) return openAiError("The model does not exist or you do not have access to it.", "invalid_request_error", "model_not_found");
  if (status === 429) return openAiError("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded");
  if (status === 400) return openAiError("Invalid request.", "invalid_request_error", null);
  if (status >= 500) return openAiError("The server had an error while processing your request. Sorry about that!", "server_error", null);
  return openAiError(`Mock upstream status ${status}.`, "invalid_request_error", null);
}
