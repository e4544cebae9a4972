import type { IncomingHttpHeaders } from "node:http";

import type { WireFormat } from "../../ports";
import { copilotQuotaFromHeaders } from "../../providers/quota/copilot-quota";
import type { QuotaObservation } from "../../providers/quota/quota-observation";
import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { baseWithout, credentialOf, isRecord, sessionExtra } from "./executor-support";
import { COPILOT_EDITOR_PLUGIN_VERSION, COPILOT_EDITOR_VERSION, COPILOT_USER_AGENT, DEFAULT_COPILOT_API_ENDPOINT } from "./copilot-token";

/**
 * GitHub Copilot (`gh/`): OpenAI Chat Completions (`POST {api}/chat/completions`) and, for the models that
 * only serve it, the Responses API (`POST {api}/responses`), on the per-plan host the token exchange returned
 * (`session.extras.apiEndpoint`, see copilot-token.ts), with the short-lived Copilot token as bearer.
 *
 * Headers are the VS Code Copilot Chat extension's, as the reference proxies send them (ericc-ch/copilot-api
 * src/lib/api-config.ts `copilotHeaders` and its create-chat-completions / create-responses services;
 * decolua/9router open-sse/executors/github.js): `copilot-integration-id: vscode-chat`, `editor-version`,
 * `editor-plugin-version`, `user-agent: GitHubCopilotChat/…`, `openai-intent`, `x-github-api-version`,
 * `x-request-id`, `x-vscode-user-agent-library-version: electron-fetch`, plus per request:
 * - `x-initiator: agent` when the conversation already holds an assistant turn or a tool result (a follow-up
 *   inside an agent loop), else `user`. The service bills premium requests on user-initiated calls only, so
 *   this matters for the monthly allowance; `openai-intent` follows it (`conversation-agent` / `-panel`).
 * - `copilot-vision-request: true` when the body carries an image (the service refuses images without it).
 *
 * Which models need the Responses API: the Copilot `/models` endpoint lists each model's
 * `supported_endpoints`; the Codex models and the newest GPT models list only `/responses` (9router switches
 * on the "not accessible via the /chat/completions endpoint" refusal; ericc-ch/copilot-api forks route
 * gpt-5.3-codex, gpt-5.4 and gpt-5.5 natively). `formatFor` encodes that list; a model-list sync can refine
 * it with `copilotModelUsesResponses(id, supportedEndpoints)`.
 *
 * Claude models on Copilot stream their thinking as `reasoning_text` (with an opaque `reasoning_opaque`
 * continuation token) on the chat delta/message; `unwrapEventData` / `unwrapJson` rename it to
 * `reasoning_content` so the OpenAI Chat codec reads it. The opaque token cannot be replayed and is dropped.
 */
export const COPILOT_INTEGRATION_ID = "vscode-chat";
/** What ericc-ch/copilot-api sends to the Copilot API host (api-config.ts `API_VERSION`). */
export const COPILOT_API_VERSION = "2025-05-01";

export interface CopilotExecutor extends UpstreamExecutor {
  /** The wire format a model is served in: `openai-responses` for the Responses-only models. */
  formatFor(model: string): WireFormat;
}

export const copilotExecutor: CopilotExecutor = {
  id: "copilot",
  format: "openai-chat",

  formatFor(model) {
    return copilotModelUsesResponses(model) ? "openai-responses" : "openai-chat";
  },

  prepare(request: ExecutorRequest): ExecutorCall {
    // The body's own shape decides the path: the engine translated it to `formatFor(model)` when it supports
    // that, else to `format`; a chat body is never posted to /responses.
    const responses = isResponsesBody(request.body);
    // The upstream id, whatever the client named (a same-format body still carries the prefixed name).
    request.body.model = request.model;
    const agent = responses ? responsesIsAgentTurn(request.body) : chatIsAgentTurn(request.body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${credentialOf(request)}`,
      "content-type": "application/json",
      accept: request.stream ? "text/event-stream" : "application/json",
      "copilot-integration-id": COPILOT_INTEGRATION_ID,
      "editor-version": COPILOT_EDITOR_VERSION,
      "editor-plugin-version": COPILOT_EDITOR_PLUGIN_VERSION,
      "user-agent": COPILOT_USER_AGENT,
      "openai-intent": agent ? "conversation-agent" : "conversation-panel",
      "x-initiator": agent ? "agent" : "user",
      "x-github-api-version": COPILOT_API_VERSION,
      "x-request-id": request.requestId,
      "x-vscode-user-agent-library-version": "electron-fetch",
    };
    if (hasImage(request.body, responses)) headers["copilot-vision-request"] = "true";
    return {
      // The plan's host from the token exchange wins; the account's base URL is the configured default.
      baseUrl: baseWithout(sessionExtra(request, "apiEndpoint") ?? (request.account.baseUrl || DEFAULT_COPILOT_API_ENDPOINT), "/v1"),
      path: responses ? "/responses" : "/chat/completions",
      headers,
      body: Buffer.from(JSON.stringify(request.body)),
      upstreamStreams: false,
    };
  },

  unwrapEventData(data) {
    if (!data.includes('"reasoning_text"')) return data;
    const parsed = tryParseObject(data);
    if (parsed === undefined || !Array.isArray(parsed.choices)) return data;
    for (const choice of parsed.choices) renameReasoningText(fieldObject(choice, "delta"));
    return JSON.stringify(parsed);
  },

  unwrapJson(body) {
    if (typeof body !== "object" || body === null || !Array.isArray((body as Record<string, unknown>).choices)) return body;
    for (const choice of (body as { choices: unknown[] }).choices) renameReasoningText(fieldObject(choice, "message"));
    return body;
  },

  // The premium allowance and rate windows every completion reports (providers/quota/copilot-quota.ts).
  quotaFromHeaders(headers: IncomingHttpHeaders): QuotaObservation[] | undefined {
    return copilotQuotaFromHeaders(headers);
  },
};

const RESPONSES_ONLY_MODELS = /codex|^gpt-5\.[4-9]|^gpt-[6-9]/i;

/** Whether a Copilot model is called through `/responses`; `supportedEndpoints` (from `/models`) decides when known. */
export function copilotModelUsesResponses(model: string, supportedEndpoints?: readonly string[]): boolean {
  if (supportedEndpoints !== undefined && supportedEndpoints.length > 0) {
    return supportedEndpoints.includes("/responses") && !supportedEndpoints.includes("/chat/completions");
  }
  return RESPONSES_ONLY_MODELS.test(model);
}

/** An OpenAI Responses body (`input`) rather than a Chat one (`messages`). */
function isResponsesBody(body: Record<string, unknown>): boolean {
  return body.messages === undefined && body.input !== undefined;
}

function chatIsAgentTurn(body: Record<string, unknown>): boolean {
  const messages = body.messages;
  return Array.isArray(messages) && messages.some((message) => {
    const role = fieldOf(message, "role");
    return role === "assistant" || role === "tool";
  });
}

function responsesIsAgentTurn(body: Record<string, unknown>): boolean {
  const input = body.input;
  return Array.isArray(input) && input.some((item) => {
    const type = fieldOf(item, "type");
    return fieldOf(item, "role") === "assistant" || type === "function_call" || type === "function_call_output";
  });
}

function hasImage(body: Record<string, unknown>, responses: boolean): boolean {
  const items = responses ? body.input : body.messages;
  if (!Array.isArray(items)) return false;
  const imageType = responses ? "input_image" : "image_url";
  return items.some((item) => {
    const content = fieldOf(item, "content");
    return Array.isArray(content) && content.some((part) => fieldOf(part, "type") === imageType);
  });
}

function renameReasoningText(target: Record<string, unknown> | undefined): void {
  if (target === undefined || typeof target.reasoning_text !== "string") return;
  if (target.reasoning_content === undefined) target.reasoning_content = target.reasoning_text;
  delete target.reasoning_text;
  delete target.reasoning_opaque;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function fieldObject(value: unknown, key: string): Record<string, unknown> | undefined {
  const field = fieldOf(value, key);
  return isRecord(field) ? field : undefined;
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
