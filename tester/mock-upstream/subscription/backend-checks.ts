// What each subscription backend requires of a request, checked the way the real one refuses it (a 400 naming the
// problem). Facts: anthropics/claude-code#40515 (OAuth: bearer, claude-code + oauth betas, the Claude Code identity
// first in `system`); CLIProxyAPI's Codex translator and openai/codex (stream, store false, instructions, refused
// fields, chatgpt-account-id, originator); gemini-cli code_assist/converter.ts and CLIProxyAPI's Antigravity
// executor (the envelopes).
import type { IncomingHttpHeaders } from "node:http";
import type { Backend } from "./backend-answers";

export const CLAUDE_CODE_IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
const IDENTITIES = ["You are Claude Code, Anthropic's official CLI for Claude", "You are a Claude agent, built on Anthropic's Claude Agent SDK."];

/** A Claude Code prompt: it starts with an identity, or with Claude Code's billing-header block and then one. */
function carriesIdentity(system: unknown): boolean {
  const isIdentity = (text: unknown) => typeof text === "string" && IDENTITIES.some((prefix) => text.startsWith(prefix));
  if (typeof system === "string") return isIdentity(system);
  if (!Array.isArray(system)) return false;
  const texts = system.map((block: unknown) => (isRecord(block) ? block.text : undefined));
  if (isIdentity(texts[0])) return true;
  return typeof texts[0] === "string" && texts[0].startsWith("x-anthropic-billing-header:") && isIdentity(texts[1]);
}

export interface IncomingCall {
  backend: Backend;
  /** `gemini-cli` or `antigravity` for a Code Assist call (by the base URL prefix the account used). */
  flavour: "claude-code" | "codex" | "gemini-cli" | "antigravity";
  path: string;
  headers: IncomingHttpHeaders;
  json: unknown;
}

/** The first thing wrong with the call, or undefined when the backend would take it. */
export function problemOf(call: IncomingCall): string | undefined {
  const body = isRecord(call.json) ? call.json : undefined;
  if (body === undefined) return "the body is not a JSON object";
  switch (call.flavour) {
    case "claude-code":
      return claudeCodeProblem(call, body);
    case "codex":
      return codexProblem(call, body);
    case "gemini-cli":
    case "antigravity":
      return codeAssistProblem(call, body);
  }
}

function claudeCodeProblem(call: IncomingCall, body: Record<string, unknown>): string | undefined {
  if (call.path !== "/v1/messages?beta=true") return `unexpected path ${call.path}`;
  if (call.headers["x-api-key"] !== undefined) return "an OAuth call carries no x-api-key";
  const betas = String(call.headers["anthropic-beta"] ?? "").split(",");
  if (betas[0] !== "claude-code-20250219" || betas[1] !== "oauth-2025-04-20") return `anthropic-beta must start claude-code-20250219,oauth-2025-04-20 (got ${betas.join(",")})`;
  if (call.headers["anthropic-version"] !== "2023-06-01") return "anthropic-version missing";
  if (call.headers["x-app"] !== "cli") return "x-app: cli missing";
  if (!String(call.headers["user-agent"] ?? "").startsWith("claude-cli/")) return "the user agent is not Claude Code's";
  if (!carriesIdentity(body.system)) return "This credential is only authorized for use with Claude Code and cannot be used for other API requests.";
  if (typeof body.model !== "string" || body.model.includes("/")) return "model must be the upstream id";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages)) return "messages: Field required";
  return undefined;
}

const CODEX_REFUSED = ["max_output_tokens", "max_completion_tokens", "temperature", "top_p", "user", "metadata", "truncation", "previous_response_id"];

function codexProblem(call: IncomingCall, body: Record<string, unknown>): string | undefined {
  if (!call.path.endsWith("/backend-api/codex/responses")) return `unexpected path ${call.path}`;
  if (call.headers["chatgpt-account-id"] === undefined) return "chatgpt-account-id missing";
  if (call.headers.originator === undefined) return "originator missing";
  if (call.headers["openai-beta"] !== "responses=experimental") return "OpenAI-Beta: responses=experimental missing";
  if (body.stream !== true) return "Stream must be set to true";
  if (body.store !== false) return "Store must be set to false";
  if (typeof body.instructions !== "string") return "Instructions are required";
  for (const field of CODEX_REFUSED) if (body[field] !== undefined) return `Unsupported parameter: ${field}`;
  if (!Array.isArray(body.input)) return "input must be a list";
  for (const item of body.input) if (isRecord(item) && item.role === "system") return "System messages are not allowed";
  if (!Array.isArray(body.include) || !body.include.includes("reasoning.encrypted_content")) return "include must ask for reasoning.encrypted_content";
  return undefined;
}

function codeAssistProblem(call: IncomingCall, body: Record<string, unknown>): string | undefined {
  const method = /\/v1internal:(generateContent|streamGenerateContent\?alt=sse)$/.exec(call.path)?.[1];
  if (method === undefined) return `unexpected path ${call.path}`;
  if (typeof body.model !== "string" || body.model.includes("/")) return "model must be set in the envelope";
  if (typeof body.project !== "string") return "project is required";
  const request = body.request;
  if (!isRecord(request)) return "request is required";
  if (request.model !== undefined) return "request.model is not a field of GenerateContentRequest";
  if (!Array.isArray(request.contents) || request.contents.length === 0) return "request.contents is required";
  if (call.flavour === "gemini-cli") {
    if (typeof body.user_prompt_id !== "string") return "user_prompt_id missing";
    return undefined;
  }
  if (body.userAgent !== "antigravity") return "userAgent must be antigravity";
  if (body.requestType !== "agent") return "requestType must be agent";
  if (typeof body.requestId !== "string" || !body.requestId.startsWith("agent-")) return "requestId must be agent-<uuid>";
  if (typeof request.sessionId !== "string") return "request.sessionId is required";
  if (request.safetySettings !== undefined) return "safetySettings are not accepted";
  for (const tool of Array.isArray(request.tools) ? request.tools : []) {
    const declarations = isRecord(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    for (const declaration of declarations) {
      if (isRecord(declaration) && declaration.parametersJsonSchema !== undefined) return "parametersJsonSchema is not accepted (use parameters)";
    }
  }
  if (!String(call.headers["user-agent"] ?? "").startsWith("antigravity/")) return "the user agent is not Antigravity's";
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
