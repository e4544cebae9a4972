import { createHash } from "node:crypto";
import { googleQuotaFromErrorBody } from "../../providers/quota/google-quota-error";
import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { antigravityResponseSchema, antigravityToolSchema } from "./antigravity-schema";
import { codeAssistInnerRequest, unwrapCodeAssistData, unwrapCodeAssistJson } from "./code-assist-envelope";
import { baseWithout, credentialOf, derivedUuid, isRecord, sessionExtra } from "./executor-support";

/**
 * Antigravity (`ag/`): Google's Antigravity IDE entitlement, which serves Gemini and Claude models through a Code
 * Assist-style endpoint (router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor*.go, the most
 * current public client; decolua/9router open-sse/executors/antigravity.js):
 *
 *   POST https://daily-cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse   (or :generateContent)
 *   Authorization: Bearer <Google OAuth access token of the Antigravity client>
 *   User-Agent: antigravity/hub/<version> darwin/arm64   (Cloud Code refuses newer models below 2.9.0)
 *   {"model": "…", "project": "<project>", "userAgent": "antigravity", "requestType": "agent",
 *    "requestId": "agent-<uuid>", "request": {<Gemini body>, "sessionId": "-<digits>"}}
 *
 * Answers use the Code Assist envelope (`{"response": …}`), unwrapped to plain Gemini. Inside the request:
 * `safetySettings` is dropped; tool schemas go as `parameters`, cleaned (antigravity-schema.ts); Claude models run
 * in the `VALIDATED` function-calling mode, other models get no `maxOutputTokens` (both as CLIProxyAPI sends them).
 * Claude, Gemini 3 Pro and the image model are only asked for streams (CLIProxyAPI executeClaudeNonStream):
 * a JSON client gets the aggregated answer.
 */
const ANTIGRAVITY_VERSION = "2.9.1";
const USER_AGENT = `antigravity/hub/${ANTIGRAVITY_VERSION} darwin/arm64`;

export const antigravityExecutor: UpstreamExecutor = {
  id: "antigravity",
  format: "gemini",

  prepare(request: ExecutorRequest): ExecutorCall {
    const model = request.model;
    const claude = model.toLowerCase().includes("claude");
    const alwaysStreams = claude || model.includes("gemini-3-pro") || model.includes("gemini-3.1-flash-image");
    const stream = request.stream || alwaysStreams;
    const inner = codeAssistInnerRequest(request.body);
    delete inner.safetySettings;
    if (Array.isArray(inner.tools)) inner.tools = inner.tools.map((tool: unknown) => cleanTool(tool, claude));
    const generationConfig = isRecord(inner.generationConfig) ? { ...inner.generationConfig } : undefined;
    if (generationConfig !== undefined) {
      if (!claude) delete generationConfig.maxOutputTokens;
      for (const key of ["responseJsonSchema", "responseSchema"]) {
        if (isRecord(generationConfig[key])) generationConfig[key] = antigravityResponseSchema(generationConfig[key]);
      }
      inner.generationConfig = generationConfig;
    }
    if (claude) {
      const toolConfig = isRecord(inner.toolConfig) ? inner.toolConfig : {};
      const calling = isRecord(toolConfig.functionCallingConfig) ? toolConfig.functionCallingConfig : {};
      inner.toolConfig = { ...toolConfig, functionCallingConfig: { ...calling, mode: "VALIDATED" } };
    }
    const conversation = request.conversationId ?? request.requestId;
    if (inner.sessionId === undefined) inner.sessionId = sessionIdOf(conversation);
    const project = sessionExtra(request, "projectId");
    const envelope = {
      model,
      ...(project !== undefined ? { project } : {}),
      userAgent: "antigravity",
      requestType: model.includes("image") ? "image_gen" : "agent",
      requestId: `agent-${derivedUuid(`antigravity:${request.requestId}`)}`,
      request: inner,
    };
    return {
      baseUrl: baseWithout(request.account.baseUrl, "/v1internal"),
      path: stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent",
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        authorization: `Bearer ${credentialOf(request)}`,
        "user-agent": USER_AGENT,
      },
      body: Buffer.from(JSON.stringify(envelope)),
      upstreamStreams: alwaysStreams,
    };
  },

  unwrapEventData: unwrapCodeAssistData,
  unwrapJson: unwrapCodeAssistJson,
  quotaFromErrorBody: googleQuotaFromErrorBody,
};

/** One `tools[]` entry: function declarations take `parameters`, cleaned; Google's own tools pass as they are. */
function cleanTool(tool: unknown, claude: boolean): unknown {
  if (!isRecord(tool) || !Array.isArray(tool.functionDeclarations)) return tool;
  return {
    ...tool,
    functionDeclarations: tool.functionDeclarations.map((declaration: unknown) => {
      if (!isRecord(declaration)) return declaration;
      const { parametersJsonSchema, parameters, ...rest } = declaration;
      const schema = parametersJsonSchema ?? parameters;
      if (schema === undefined && !claude) return rest;
      return { ...rest, parameters: antigravityToolSchema(schema, claude) };
    }),
  };
}

/** Antigravity's session ids are a minus sign and a positive 63-bit integer; ours derive from the conversation. */
function sessionIdOf(conversation: string): string {
  const digest = createHash("sha256").update(`antigravity-session:${conversation}`).digest();
  return `-${digest.readBigUInt64BE(0) & 0x7fffffffffffffffn}`;
}
