import { createHmac } from "node:crypto";

import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { credentialOf, derivedUuid } from "./executor-support";

/**
 * iFlow (`if/`): the OpenAI-compatible chat API of iFlow CLI (`https://apis.iflow.cn/v1/chat/completions`),
 * called with the API key the iFlow OAuth login yields (the login's user-info answer carries `apiKey`; the host
 * stores it as the session's access token). Reasoning models (DeepSeek-R1, Qwen3 thinking, GLM) answer either
 * in `reasoning_content` or with an inline `<think>…</think>`; the OpenAI Chat codec splits both
 * (core/think-tag-splitter.ts), so nothing is needed here.
 *
 * Headers as iFlow CLI sends them, from router-for-me/CLIProxyAPI internal/runtime/executor/iflow_executor.go
 * (`applyIFlowHeaders`, last version before the provider's removal in April 2026):
 * `Authorization: Bearer <api key>`, `User-Agent: iFlow-Cli`, `session-id: session-<uuid>`, and a request
 * signature: `x-iflow-timestamp` (epoch ms) with `x-iflow-signature` = hex HMAC-SHA256 keyed with the API key
 * over `iFlow-Cli:<session-id>:<timestamp>`. The signature needs the call's time: it is sent when the engine
 * passes `now` on the request, and left out otherwise (the service accepted unsigned calls before it added
 * the check).
 *
 * Note: iFlow CLI stopped service on 2026-04-17 (its announcement at cli.iflow.cn; router-for-me/CLIProxyAPI
 * issue #2561 and commit f5dc6483 removed the provider). The executor keeps the protocol for the API keys
 * the platform still honours.
 */
export const IFLOW_USER_AGENT = "iFlow-Cli";

export const iflowExecutor: UpstreamExecutor = {
  id: "iflow",
  format: "openai-chat",

  prepare(request: ExecutorRequest): ExecutorCall {
    const apiKey = credentialOf(request);
    // The upstream id, whatever the client named (a same-format body still carries the prefixed name).
    request.body.model = request.model;
    const sessionId = `session-${derivedUuid(`iflow-session:${request.conversationId ?? request.requestId}`)}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      accept: request.stream ? "text/event-stream" : "application/json",
      "user-agent": IFLOW_USER_AGENT,
      "session-id": sessionId,
      "x-request-id": request.requestId,
    };
    const now = request.now;
    if (typeof now === "number" && apiKey !== "") {
      headers["x-iflow-timestamp"] = String(now);
      headers["x-iflow-signature"] = iflowSignature(apiKey, sessionId, now);
    }
    return {
      baseUrl: request.account.baseUrl.replace(/\/+$/, ""),
      path: "/chat/completions",
      headers,
      body: Buffer.from(JSON.stringify(request.body)),
      upstreamStreams: false,
    };
  },
};

/** hex(HMAC-SHA256(apiKey, `iFlow-Cli:<sessionId>:<timestamp ms>`)). */
export function iflowSignature(apiKey: string, sessionId: string, timestamp: number): string {
  return createHmac("sha256", apiKey).update(`${IFLOW_USER_AGENT}:${sessionId}:${timestamp}`).digest("hex");
}
