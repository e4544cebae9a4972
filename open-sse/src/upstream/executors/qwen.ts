import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { credentialOf, sessionExtra } from "./executor-support";

/**
 * Qwen Code (`qw/`): the OpenAI-compatible chat API behind Qwen's OAuth login, called the way Qwen Code calls
 * it (QwenLM/qwen-code packages/core/src/qwen/qwenContentGenerator.ts and
 * core/openaiContentGenerator/provider/dashscope.ts):
 *
 * - Host: the token response's `resource_url` (`session.extras.resourceUrl`, e.g. `portal.qwen.ai`), normalised
 *   to `https://` and a `/v1` suffix (`getCurrentEndpoint`); without one, the account's base URL.
 * - `Authorization: Bearer <OAuth access token>`; `User-Agent` and `X-DashScope-UserAgent`
 *   `QwenCode/<version> (<platform>; <arch>)`, `X-DashScope-AuthType: qwen-oauth`,
 *   `X-DashScope-CacheControl: enable` (`buildHeaders`).
 * - OpenAI Chat Completions body as the codec writes it (`stream_options.include_usage` on streams).
 *
 * Note: Qwen discontinued the OAuth free tier on 2026-04-15 (QwenLM/qwen-code#3203, #3210); tokens from the
 * device flow are now refused. The executor keeps the protocol for accounts that still hold access.
 */
const QWEN_CODE_USER_AGENT = "QwenCode/0.14.4 (linux; x64)";

export const qwenExecutor: UpstreamExecutor = {
  id: "qwen",
  format: "openai-chat",

  prepare(request: ExecutorRequest): ExecutorCall {
    const resourceUrl = sessionExtra(request, "resourceUrl");
    // The upstream id, whatever the client named (a same-format body still carries the prefixed name).
    request.body.model = request.model;
    return {
      baseUrl: resourceUrl !== undefined ? qwenBaseUrl(resourceUrl) : request.account.baseUrl.replace(/\/+$/, ""),
      path: "/chat/completions",
      headers: {
        authorization: `Bearer ${credentialOf(request)}`,
        "content-type": "application/json",
        accept: request.stream ? "text/event-stream" : "application/json",
        "user-agent": QWEN_CODE_USER_AGENT,
        "x-dashscope-useragent": QWEN_CODE_USER_AGENT,
        "x-dashscope-authtype": "qwen-oauth",
        "x-dashscope-cachecontrol": "enable",
        "x-request-id": request.requestId,
      },
      body: Buffer.from(JSON.stringify(request.body)),
      upstreamStreams: false,
    };
  },
};

/** `portal.qwen.ai` → `https://portal.qwen.ai/v1`; a URL with a scheme or the `/v1` already keeps them. */
export function qwenBaseUrl(resourceUrl: string): string {
  const trimmed = resourceUrl.trim().replace(/\/+$/, "");
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  return withScheme.toLowerCase().endsWith("/v1") ? withScheme : `${withScheme}/v1`;
}
