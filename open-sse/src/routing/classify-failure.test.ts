import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { classifyFailure, type UpstreamFailure, type UpstreamFailureInput } from "./classify-failure";

const now = Date.parse("2026-11-25T18:00:00.000Z");
const googleFixture = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/fixtures/upstream/gemini/google-429-retry-info.json");

// Error shapes as the providers send them.
const openAi = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});
const anthropic = (type: string, message: string) => ({ type: "error", error: { type, message } });
const gemini = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});
const quotaFailure = (quotaId: string) => ({
  "@type": "type.googleapis.com/google.rpc.QuotaFailure",
  violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId }],
});
const retryInfo = (retryDelay: string) => ({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay });
// Code Assist (Gemini CLI, Antigravity) and Google APIs name what ran out in an ErrorInfo detail.
const errorInfo = (reason: string, metadata: Record<string, string> = {}, domain = "cloudcode-pa.googleapis.com") => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain,
  metadata,
});
const codeAssistExhausted = "You have exhausted your capacity on this model. Your quota will reset after 3s.";
const openRouter = (code: number, message: string) => ({ error: { code, message, metadata: {} } });

type Expected = Pick<UpstreamFailure, "kind" | "scope"> & { retryAfterMs?: number };
type Row = [name: string, input: UpstreamFailureInput, expected: Expected];

const table: Row[] = [
  // 429: rate limit vs quota
  ["OpenAI 429 RPM with retry-after", { status: 429, headers: { "retry-after": "20" }, body: openAi("Rate limit reached for requests", "requests", "rate_limit_exceeded") }, { kind: "rate-limit", scope: "account", retryAfterMs: 20_000 }],
  ["OpenAI 429 TPM naming the model, reset headers", { status: 429, headers: { "x-ratelimit-reset-tokens": "6m0s", "x-ratelimit-reset-requests": "1s", "x-ratelimit-remaining-tokens": "0" }, body: openAi("Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 2s.", "tokens", "rate_limit_exceeded") }, { kind: "rate-limit", scope: "model", retryAfterMs: 360_000 }],
  ["OpenAI 429 insufficient_quota", { status: 429, body: openAi("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota") }, { kind: "quota", scope: "account" }],
  ["Anthropic 429 rate_limit_error", { status: 429, headers: { "retry-after": "12", "anthropic-ratelimit-tokens-reset": "2026-11-25T18:01:00Z" }, body: anthropic("rate_limit_error", "This request would exceed the rate limit for your organization of 40,000 input tokens per minute.") }, { kind: "rate-limit", scope: "account", retryAfterMs: 12_000 }],
  ["Anthropic 429 with only reset timestamps", { status: 429, headers: { "anthropic-ratelimit-requests-reset": "2026-11-25T18:00:30Z", "anthropic-ratelimit-requests-remaining": "0" }, body: anthropic("rate_limit_error", "Number of requests has exceeded your rate limit.") }, { kind: "rate-limit", scope: "account", retryAfterMs: 30_000 }],
  ["Gemini 429 per-minute quota → rate limit per model", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", [quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"), retryInfo("37s")]) }, { kind: "rate-limit", scope: "model", retryAfterMs: 37_000 }],
  ["Gemini 429 per-day quota → quota", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", [quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), retryInfo("1.5s")]) }, { kind: "quota", scope: "model", retryAfterMs: 1500 }],
  ["Gemini 429 without details", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).") }, { kind: "rate-limit", scope: "account" }],
  ["Vertex 429 per-minute quota wording", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-pro.") }, { kind: "rate-limit", scope: "account" }],
  ["OpenRouter 429 free-models-per-day", { status: 429, body: openRouter(429, "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day") }, { kind: "quota", scope: "account" }],
  ["DeepSeek 429 plain text", { status: 429, body: "Rate Limit Reached" }, { kind: "rate-limit", scope: "account" }],
  ["Groq 429 with body hint", { status: 429, body: openAi("Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on requests per day (RPD): Limit 1000, Used 1000. Please try again in 1m26.4s.", "requests", "rate_limit_exceeded") }, { kind: "quota", scope: "account", retryAfterMs: 86_400 }],
  ["Groq 429 TPM", { status: 429, body: openAi("Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5800, Requested 900. Please try again in 7.66s.", "tokens", "rate_limit_exceeded") }, { kind: "rate-limit", scope: "model", retryAfterMs: 7660 }],
  ["429 ignores a past HTTP-date (zero wait)", { status: 429, headers: { "retry-after": "Wed, 25 Nov 2026 17:00:00 GMT" } }, { kind: "rate-limit", scope: "account", retryAfterMs: 0 }],
  // Code Assist / Google ErrorInfo: a spent quota is `quota` (not a plain rate limit), its wait from RetryInfo
  ["Code Assist 429 QUOTA_EXHAUSTED on a model, RetryInfo 3.5s", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", codeAssistExhausted, [errorInfo("QUOTA_EXHAUSTED", { model: "gemini-2.5-pro", quotaResetDelay: "3.5s" }), retryInfo("3.5s")]) }, { kind: "quota", scope: "model", retryAfterMs: 3500 }],
  ["Code Assist 429 QUOTA_EXHAUSTED, wait from metadata.quotaResetDelay", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Quota reached.", [errorInfo("QUOTA_EXHAUSTED", { quotaResetDelay: "539.477544ms" })]) }, { kind: "quota", scope: "account", retryAfterMs: 540 }],
  ["Code Assist 429 QUOTA_EXHAUSTED, wait until metadata.quotaResetTimeStamp", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Quota reached.", [errorInfo("QUOTA_EXHAUSTED", { model: "claude-sonnet-4-5", quotaResetTimeStamp: "2026-11-25T19:00:00Z" })]) }, { kind: "quota", scope: "model", retryAfterMs: 3_600_000 }],
  ["Code Assist 429 RATE_LIMIT_EXCEEDED with quota metadata", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", codeAssistExhausted, [errorInfo("RATE_LIMIT_EXCEEDED", { model: "gemini-2.5-flash", quotaResetDelay: "12s" }), retryInfo("12s")]) }, { kind: "quota", scope: "model", retryAfterMs: 12_000 }],
  ["Code Assist 429 RATE_LIMIT_EXCEEDED without quota metadata stays a rate limit", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Too many requests.", [errorInfo("RATE_LIMIT_EXCEEDED"), retryInfo("3.5s")]) }, { kind: "rate-limit", scope: "account", retryAfterMs: 3500 }],
  ["Code Assist 429 RATE_LIMIT_EXCEEDED asking for an hour → quota", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Too many requests.", [errorInfo("RATE_LIMIT_EXCEEDED"), retryInfo("3600s")]) }, { kind: "quota", scope: "account", retryAfterMs: 3_600_000 }],
  ["Google API RATE_LIMIT_EXCEEDED on a per-minute quota_limit → rate limit", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'.", [errorInfo("RATE_LIMIT_EXCEEDED", { quota_limit: "RequestsPerMinutePerProject", quota_metric: "generativelanguage.googleapis.com/requests" }, "googleapis.com")]) }, { kind: "rate-limit", scope: "account" }],
  ["Google API RATE_LIMIT_EXCEEDED on a per-day quota_limit → quota", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests' and limit 'Requests per day'.", [errorInfo("RATE_LIMIT_EXCEEDED", { quota_limit: "RequestsPerDayPerProjectPerModel", quota_metric: "generativelanguage.googleapis.com/requests" }, "googleapis.com")]) }, { kind: "quota", scope: "model" }],
  ["Code Assist 429 INSUFFICIENT_G1_CREDITS_BALANCE → quota", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Not enough credits.", [errorInfo("INSUFFICIENT_G1_CREDITS_BALANCE")]) }, { kind: "quota", scope: "account" }],
  ["429 RESOURCE_EXHAUSTED with only RetryInfo stays a rate limit", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted.", [retryInfo("3.5s")]) }, { kind: "rate-limit", scope: "account", retryAfterMs: 3500 }],
  ["Code Assist 429 MODEL_CAPACITY_EXHAUSTED (Google's capacity) stays a rate limit", { status: 429, body: gemini(429, "RESOURCE_EXHAUSTED", "No capacity available for model gemini-2.5-pro on the server.", [errorInfo("MODEL_CAPACITY_EXHAUSTED", { model: "gemini-2.5-pro" }), retryInfo("2s")]) }, { kind: "rate-limit", scope: "account", retryAfterMs: 2000 }],
  ["Code Assist QUOTA_EXHAUSTED as the first event of a 200 stream", { status: 200, inBandError: JSON.stringify(gemini(429, "RESOURCE_EXHAUSTED", codeAssistExhausted, [errorInfo("QUOTA_EXHAUSTED", { model: "gemini-2.5-pro" }), retryInfo("3.5s")])) }, { kind: "quota", scope: "model", retryAfterMs: 3500 }],
  // 402 and other quota wording
  ["DeepSeek 402 insufficient balance", { status: 402, body: { error: { message: "Insufficient Balance", type: "unknown_error", param: null, code: "invalid_request_error" } } }, { kind: "quota", scope: "account" }],
  ["OpenRouter 402 more credits", { status: 402, body: openRouter(402, "This request requires more credits, or fewer max_tokens. You requested up to 64000 tokens, but can only afford 1200.") }, { kind: "quota", scope: "account" }],
  ["Anthropic 400 credit balance too low", { status: 400, body: anthropic("invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.") }, { kind: "quota", scope: "account" }],
  // 401 / 403
  ["OpenAI 401 invalid key", { status: 401, body: openAi("Incorrect API key provided: sk-abc***xyz.", "invalid_request_error", "invalid_api_key") }, { kind: "auth", scope: "account" }],
  ["Anthropic 401 authentication_error", { status: 401, body: anthropic("authentication_error", "invalid x-api-key") }, { kind: "auth", scope: "account" }],
  ["401 without a body", { status: 401 }, { kind: "auth", scope: "account" }],
  ["Anthropic 403 permission_error", { status: 403, body: anthropic("permission_error", "Your API key does not have permission to use the specified resource.") }, { kind: "auth", scope: "account" }],
  ["Gemini 403 PERMISSION_DENIED", { status: 403, body: gemini(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.") }, { kind: "auth", scope: "account" }],
  ["403 empty body", { status: 403, body: "" }, { kind: "auth", scope: "account" }],
  ["OpenAI 403 project lacks model access", { status: 403, body: openAi("Project `proj_abc` does not have access to model `gpt-5`", "invalid_request_error", "model_not_found") }, { kind: "model-unavailable", scope: "model" }],
  ["403 not allowed to use model", { status: 403, body: { error: { message: "You are not allowed to use model claude-opus-4-6 in this region" } } }, { kind: "model-unavailable", scope: "model" }],
  ["OpenRouter 403 moderation flag", { status: 403, body: openRouter(403, "meta-llama/llama-guard requires moderation on OpenRouter. Your input was flagged for \"violence\".") }, { kind: "invalid-request", scope: "request" }],
  ["Gemini 400 bad API key → auth", { status: 400, body: gemini(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }]) }, { kind: "auth", scope: "account" }],
  // context length
  ["OpenAI 400 context_length_exceeded", { status: 400, body: openAi("This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.", "invalid_request_error", "context_length_exceeded", "messages") }, { kind: "context-length", scope: "request" }],
  ["Anthropic 400 prompt is too long", { status: 400, body: anthropic("invalid_request_error", "prompt is too long: 210344 tokens > 200000 maximum") }, { kind: "context-length", scope: "request" }],
  ["Anthropic 413 request_too_large wording", { status: 413, body: anthropic("request_too_large", "Request exceeds the maximum allowed number of bytes.") }, { kind: "invalid-request", scope: "request" }],
  ["Gemini 400 input token count exceeds", { status: 400, body: gemini(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).") }, { kind: "context-length", scope: "request" }],
  ["DeepSeek 400 maximum context length", { status: 400, body: openAi("This model's maximum context length is 65536 tokens. However, you requested 70123 tokens (68000 in the messages, 2123 in the completion).", "invalid_request_error", "invalid_request_error") }, { kind: "context-length", scope: "request" }],
  ["Groq 400 reduce the length", { status: 400, body: openAi("Please reduce the length of the messages or completion.", "invalid_request_error", "context_length_exceeded", "messages") }, { kind: "context-length", scope: "request" }],
  ["422 input is too long", { status: 422, body: { detail: "Input is too long for requested model." } }, { kind: "context-length", scope: "request" }],
  ["413 exceeds the context window as text", { status: 413, body: "Your request exceeds the context window of this model" }, { kind: "context-length", scope: "request" }],
  // model unavailable
  ["OpenAI 404 model does not exist", { status: 404, body: openAi("The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found") }, { kind: "model-unavailable", scope: "model" }],
  ["Anthropic 404 not_found_error", { status: 404, body: anthropic("not_found_error", "model: claude-opus-9") }, { kind: "model-unavailable", scope: "model" }],
  ["Gemini 404 model not found", { status: 404, body: gemini(404, "NOT_FOUND", "models/gemini-9-pro is not found for API version v1beta, or is not supported for generateContent.") }, { kind: "model-unavailable", scope: "model" }],
  ["410 gone (deprecated model)", { status: 410, body: "Gone" }, { kind: "model-unavailable", scope: "model" }],
  ["Codex 400 model not supported", { status: 400, body: { detail: "The 'gpt-5.9' model is not supported when using Codex with a ChatGPT account." } }, { kind: "model-unavailable", scope: "model" }],
  ["OpenRouter 400 not a valid model ID", { status: 400, body: openRouter(400, "vendor/made-up is not a valid model ID") }, { kind: "model-unavailable", scope: "model" }],
  ["422 unknown model", { status: 422, body: { object: "error", message: "Unknown model: mistral-huge", type: "invalid_model" } }, { kind: "model-unavailable", scope: "model" }],
  ["Gemini 400 user location not supported", { status: 400, body: gemini(400, "FAILED_PRECONDITION", "User location is not supported for the API use.") }, { kind: "model-unavailable", scope: "model" }],
  // other 4xx
  ["OpenAI 400 unsupported parameter (not the model)", { status: 400, body: openAi("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "invalid_request_error", "unsupported_parameter", "max_tokens") }, { kind: "invalid-request", scope: "request" }],
  ["Anthropic 400 invalid_request_error", { status: 400, body: anthropic("invalid_request_error", "messages: roles must alternate between \"user\" and \"assistant\"") }, { kind: "invalid-request", scope: "request" }],
  ["DeepSeek 422 invalid parameters", { status: 422, body: openAi("Invalid Parameters", "invalid_request_error", "invalid_request_error") }, { kind: "invalid-request", scope: "request" }],
  ["406 not acceptable", { status: 406, body: "Not Acceptable" }, { kind: "invalid-request", scope: "request" }],
  ["Groq 413 request too large for TPM", { status: 413, body: openAi("Request too large for model `llama3-70b-8192` in organization `org_01` on tokens per minute (TPM): Limit 6000, Requested 9000, please reduce your message size and try again.", "tokens", "rate_limit_exceeded") }, { kind: "invalid-request", scope: "request" }],
  ["408 request timeout", { status: 408 }, { kind: "timeout", scope: "account" }],
  // 5xx
  ["OpenAI 500", { status: 500, body: openAi("The server had an error while processing your request. Sorry about that!", "server_error", null) }, { kind: "server", scope: "account" }],
  ["502 HTML page", { status: 502, body: "<html><head><title>502 Bad Gateway</title></head></html>" }, { kind: "server", scope: "account" }],
  ["Gemini 503 overloaded with retry-after", { status: 503, headers: { "retry-after": "8" }, body: gemini(503, "UNAVAILABLE", "The model is overloaded. Please try again later.") }, { kind: "server", scope: "account", retryAfterMs: 8000 }],
  ["504 gateway timeout", { status: 504, body: "" }, { kind: "server", scope: "account" }],
  ["Anthropic 529 overloaded_error", { status: 529, headers: { "retry-after-ms": "1500" }, body: anthropic("overloaded_error", "Overloaded") }, { kind: "server", scope: "account", retryAfterMs: 1500 }],
  ["503 ignores rate-limit window headers", { status: 503, headers: { "x-ratelimit-reset-requests": "6m0s", "anthropic-ratelimit-tokens-reset": "2026-11-25T18:01:00Z" } }, { kind: "server", scope: "account" }],
  // transport
  ["ECONNREFUSED", { transportCode: "ECONNREFUSED" }, { kind: "network", scope: "account" }],
  ["ENOTFOUND (DNS NXDOMAIN)", { transportCode: "ENOTFOUND" }, { kind: "network", scope: "account" }],
  ["EAI_AGAIN", { transportCode: "EAI_AGAIN" }, { kind: "network", scope: "account" }],
  ["ECONNRESET", { transportCode: "ECONNRESET" }, { kind: "network", scope: "account" }],
  ["UND_ERR_SOCKET", { transportCode: "UND_ERR_SOCKET" }, { kind: "network", scope: "account" }],
  ["TLS: DEPTH_ZERO_SELF_SIGNED_CERT", { transportCode: "DEPTH_ZERO_SELF_SIGNED_CERT" }, { kind: "network", scope: "account" }],
  ["TLS: CERT_HAS_EXPIRED", { transportCode: "CERT_HAS_EXPIRED" }, { kind: "network", scope: "account" }],
  ["TLS: ERR_TLS_CERT_ALTNAME_INVALID", { transportCode: "ERR_TLS_CERT_ALTNAME_INVALID" }, { kind: "network", scope: "account" }],
  ["TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE", { transportCode: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, { kind: "network", scope: "account" }],
  ["UND_ERR_CONNECT_TIMEOUT", { transportCode: "UND_ERR_CONNECT_TIMEOUT" }, { kind: "timeout", scope: "account" }],
  ["UND_ERR_HEADERS_TIMEOUT", { transportCode: "UND_ERR_HEADERS_TIMEOUT" }, { kind: "timeout", scope: "account" }],
  ["UND_ERR_BODY_TIMEOUT after a 200", { status: 200, transportCode: "UND_ERR_BODY_TIMEOUT" }, { kind: "timeout", scope: "account" }],
  ["ETIMEDOUT", { transportCode: "ETIMEDOUT" }, { kind: "timeout", scope: "account" }],
  // in-band errors in a 200 stream
  ["Anthropic in-band overloaded_error", { status: 200, inBandError: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } }, { kind: "in-band", scope: "account" }],
  ["Anthropic in-band api_error", { status: 200, inBandError: { type: "error", error: { type: "api_error", message: "Internal server error" } } }, { kind: "in-band", scope: "account" }],
  ["Anthropic in-band rate_limit_error", { status: 200, inBandError: anthropic("rate_limit_error", "Rate limited. Please try again in 30s.") }, { kind: "rate-limit", scope: "account", retryAfterMs: 30_000 }],
  ["OpenAI in-band rate_limit_exceeded", { status: 200, inBandError: { error: { message: "Rate limit reached. Please try again in 2s.", type: "requests", code: "rate_limit_exceeded" } } }, { kind: "rate-limit", scope: "account", retryAfterMs: 2000 }],
  ["OpenAI in-band server_error", { status: 200, inBandError: openAi("The server had an error processing your request.", "server_error", null) }, { kind: "in-band", scope: "account" }],
  ["Gemini in-band RESOURCE_EXHAUSTED (streamed array, raw text)", { status: 200, inBandError: JSON.stringify([gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", [quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"), retryInfo("4s")])]) }, { kind: "rate-limit", scope: "model", retryAfterMs: 4000 }],
  ["in-band string error", { status: 200, inBandError: "upstream stream error" }, { kind: "in-band", scope: "account" }],
  ["200 with nothing attached (empty stream)", { status: 200 }, { kind: "in-band", scope: "account" }],
];

const breakerKinds = new Set(["server", "timeout", "network", "in-band"]);

describe("classifyFailure", () => {
  it(`has at least 35 table rows (has ${table.length})`, () => assert.ok(table.length >= 35));

  for (const [name, input, expected] of table) {
    it(name, () => {
      const failure = classifyFailure(input, now);
      assert.equal(failure.kind, expected.kind, "kind");
      assert.equal(failure.scope, expected.scope, "scope");
      assert.equal(failure.retryAfterMs, expected.retryAfterMs, "retryAfterMs");
      assert.equal(failure.countsTowardBreaker, breakerKinds.has(expected.kind), "countsTowardBreaker");
      assert.equal(failure.statusCode, input.status, "statusCode");
    });
  }

  it("classifies the recorded Gemini 429 as a per-model rate limit with its RetryInfo delay", { skip: !existsSync(googleFixture) && `fixture absent: ${googleFixture}` }, () => {
    const body: unknown = JSON.parse(readFileSync(googleFixture, "utf8"));
    assert.deepEqual(classifyFailure({ status: 429, body }, now), {
      kind: "rate-limit",
      scope: "model",
      retryAfterMs: 34_400,
      countsTowardBreaker: false,
      statusCode: 429,
    });
  });

  it("never throws on garbage", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bodies: unknown[] = [undefined, null, 0, "", "{", "[]", [], [null], circular, { error: null }, { error: { details: [null, { "@type": 3 }] } }, Symbol("x"), () => 1, 10n];
    const statuses: unknown[] = [undefined, 0, -1, 1e9, Number.NaN, "429", 429, 403, 400, 500, 200];
    for (const body of bodies) {
      for (const status of statuses) {
        const input = { status, body, inBandError: body, headers: body, transportCode: typeof body === "string" ? body : undefined } as never;
        assert.doesNotThrow(() => classifyFailure(input, now));
        const failure = classifyFailure(input, Number.NaN);
        assert.ok(failure.retryAfterMs === undefined || failure.retryAfterMs >= 0);
      }
    }
    assert.doesNotThrow(() => classifyFailure(undefined as never, now));
    assert.doesNotThrow(() => classifyFailure(null as never, now));
  });
});
