import { googleQuotaFromErrorBody } from "../../providers/quota/google-quota-error";
import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { codeAssistInnerRequest, unwrapCodeAssistData, unwrapCodeAssistJson } from "./code-assist-envelope";
import { baseWithout, clientHeader, credentialOf, sessionExtra } from "./executor-support";

/**
 * Gemini CLI (`gc/`): a Google account's Gemini Code Assist entitlement (the free tier included) through the
 * Code Assist API, as Gemini CLI calls it (google-gemini/gemini-cli packages/core/src/code_assist/server.ts and
 * converter.ts):
 *
 *   POST https://cloudcode-pa.googleapis.com/v1internal:generateContent
 *   POST https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse
 *   Authorization: Bearer <Google OAuth access token>
 *   {"model": "gemini-2.5-pro", "project": "<Code Assist project>", "user_prompt_id": "…",
 *    "request": {contents, systemInstruction, tools, toolConfig, generationConfig, safetySettings, session_id}}
 *
 * The project comes from the login's `loadCodeAssist` / `onboardUser` (session extra `projectId`). Each answer (JSON,
 * or each SSE event) is `{"response": <GenerateContentResponse>, "traceId": …}`: unwrapped to plain Gemini wire.
 * User agent as Gemini CLI builds it: `GeminiCLI/<version>/<model> (<platform>; <arch>; <surface>)`
 * (packages/core/src/core/contentGenerator.ts); a Gemini CLI client's own passes through. A 429 names the spent
 * quota in its `google.rpc` details (ErrorInfo QUOTA_EXHAUSTED, RetryInfo): read by `quotaFromErrorBody`.
 */
const GEMINI_CLI_VERSION = "0.61.0";

export const geminiCliExecutor: UpstreamExecutor = {
  id: "gemini-cli",
  format: "gemini",

  prepare(request: ExecutorRequest): ExecutorCall {
    const inner = codeAssistInnerRequest(request.body);
    if (request.conversationId !== undefined && inner.session_id === undefined) inner.session_id = request.conversationId;
    const project = sessionExtra(request, "projectId");
    const envelope = {
      model: request.model,
      ...(project !== undefined ? { project } : {}),
      user_prompt_id: request.requestId,
      request: inner,
    };
    const clientAgent = clientHeader(request.sameFormatClientHeaders, "user-agent");
    return {
      baseUrl: baseWithout(request.account.baseUrl, "/v1internal"),
      path: request.stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent",
      headers: {
        "content-type": "application/json",
        accept: request.stream ? "text/event-stream" : "application/json",
        authorization: `Bearer ${credentialOf(request)}`,
        "user-agent": clientAgent?.startsWith("GeminiCLI") ? clientAgent : `GeminiCLI/${GEMINI_CLI_VERSION}/${request.model} (${process.platform}; ${process.arch}; terminal)`,
      },
      body: Buffer.from(JSON.stringify(envelope)),
      upstreamStreams: false,
    };
  },

  unwrapEventData: unwrapCodeAssistData,
  unwrapJson: unwrapCodeAssistJson,
  quotaFromErrorBody: googleQuotaFromErrorBody,
};
