import { createHash } from "node:crypto";

import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { baseWithout, credentialOf, derivedUuid, sessionExtra } from "./executor-support";
import { formatKiroRequest, type KiroRequestBody } from "./kiro/kiro-request";
import { KiroStreamDecoder } from "./kiro/kiro-stream-decoder";

/**
 * Kiro (`kr/`): AWS CodeWhisperer's `GenerateAssistantResponse`, the chat API of the Kiro IDE, with the AWS
 * Builder ID (or Kiro social login) access token as bearer. The request is CodeWhisperer's own
 * `conversationState` shape (kiro/kiro-request.ts) and the answer AWS binary event-stream frames
 * (kiro/kiro-stream-decoder.ts), so this executor has its own protocol instead of a codec.
 *
 * Transport as the Kiro IDE sends it (REST binding of the streaming service), learned from
 * justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js, which imitates Kiro IDE 0.11.63) and
 * router-for-me/CLIProxyAPIPlus (kiro_executor.go): `POST {host}/generateAssistantResponse`, JSON body,
 * `Authorization: Bearer`, the AWS SDK invocation headers, and the IDE's agent-mode header. Hosts: Builder ID
 * tokens use `https://q.us-east-1.amazonaws.com`; social-login tokens `https://runtime.us-east-1.kiro.dev`; the
 * older `https://codewhisperer.us-east-1.amazonaws.com` answers the same body. The account's base URL picks
 * one; a session's `extras.apiEndpoint` (set at login for the token's kind) wins; `extras.profileArn` (social
 * and IAM Identity Center logins) is sent as `profileArn`.
 */
const KIRO_IDE_VERSION = "0.11.63";
const AWS_SDK_JS_VERSION = "1.0.34";

export const kiroExecutor: UpstreamExecutor = {
  id: "kiro",
  // Nothing on the wire speaks a codec format; Kiro's HTTP errors are JSON `{message}` bodies like any other.
  format: "openai-chat",

  prepare(request: ExecutorRequest): ExecutorCall {
    const body = request.body as KiroRequestBody;
    // One id for the whole conversation, as the IDE keeps one per chat; a request without a known conversation gets its own.
    body.conversationState.conversationId = derivedUuid(`kiro-conversation:${request.conversationId ?? request.requestId}`);
    const profileArn = sessionExtra(request, "profileArn");
    if (profileArn !== undefined) body.profileArn = profileArn;
    const machineId = createHash("sha256").update(`omniroute-kiro:${request.account.id}`).digest("hex");
    const client = `KiroIDE-${KIRO_IDE_VERSION}-${machineId}`;
    return {
      baseUrl: baseWithout(sessionExtra(request, "apiEndpoint") ?? request.account.baseUrl, "/generateAssistantResponse"),
      path: "/generateAssistantResponse",
      headers: {
        "content-type": "application/json",
        accept: "application/vnd.amazon.eventstream",
        authorization: `Bearer ${credentialOf(request)}`,
        "amz-sdk-invocation-id": derivedUuid(`kiro-invocation:${request.requestId}`),
        "amz-sdk-request": "attempt=1; max=3",
        "x-amzn-codewhisperer-optout": "true",
        "x-amzn-kiro-agent-mode": "vibe",
        "x-amz-user-agent": `aws-sdk-js/${AWS_SDK_JS_VERSION} ${client}`,
        "user-agent": `aws-sdk-js/${AWS_SDK_JS_VERSION} ua/2.1 os/other lang/js md/nodejs api/codewhispererstreaming#${AWS_SDK_JS_VERSION} m/E ${client}`,
        "x-request-id": request.requestId,
      },
      body: Buffer.from(JSON.stringify(body)),
      upstreamStreams: true,
    };
  },

  ownProtocol: {
    formatRequest: formatKiroRequest,
    createDecoder: () => new KiroStreamDecoder(),
  },
};
