// What the gateway sent upstream must be a valid request of that provider's protocol, carrying the client's
// prompt, the declared tools and the provider account's credentials in that provider's auth header.

import type { ReplayedRequest, UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import { asArray, asRecord } from "./expected-outcome";

/** The account key every upstream of the conformance config uses. */
export const UPSTREAM_ACCOUNT_KEY = "k";

function headerOf(request: ReplayedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Problems with one upstream request; empty when it is a plausible request of its protocol. */
export function checkUpstreamRequest(request: ReplayedRequest, protocol: UpstreamProtocol, prompt: string, toolNames: string[]): string[] {
  const problems: string[] = [];
  const body = asRecord(request.body);
  const text = JSON.stringify(request.body);
  if (request.body === null) problems.push("body is not JSON");
  if (!text.includes(JSON.stringify(prompt).slice(1, -1))) problems.push("the user prompt is missing");
  for (const name of toolNames) if (!text.includes(`"${name}"`)) problems.push(`tool ${name} is not declared`);
  if (protocol === "openai-chat" || protocol === "openai-responses") {
    if (headerOf(request, "authorization") !== `Bearer ${UPSTREAM_ACCOUNT_KEY}`) problems.push("no Authorization: Bearer <account key>");
    if (typeof body.model !== "string") problems.push("model is missing");
  }
  if (protocol === "openai-chat") {
    if (asArray(body.messages).length === 0) problems.push("messages is missing or empty");
    for (const tool of asArray(body.tools).map(asRecord)) if (tool.type !== "function" || typeof asRecord(tool.function).name !== "string") problems.push("a tool is not {type:function, function:{name}}");
  }
  if (protocol === "openai-responses") {
    if (body.input === undefined) problems.push("input is missing");
    for (const tool of asArray(body.tools).map(asRecord)) if (tool.type !== "function" || typeof tool.name !== "string") problems.push("a tool is not {type:function, name}");
  }
  if (protocol === "claude") {
    if (headerOf(request, "x-api-key") !== UPSTREAM_ACCOUNT_KEY) problems.push("no x-api-key: <account key>");
    if (headerOf(request, "anthropic-version") === undefined) problems.push("no anthropic-version header");
    if (typeof body.model !== "string") problems.push("model is missing");
    if (typeof body.max_tokens !== "number") problems.push("max_tokens is missing (Anthropic requires it)");
    if (asArray(body.messages).length === 0) problems.push("messages is missing or empty");
    for (const tool of asArray(body.tools).map(asRecord)) if (typeof tool.name !== "string" || asRecord(tool.input_schema).type !== "object") problems.push("a tool lacks name or an object input_schema");
  }
  if (protocol === "gemini") {
    if (headerOf(request, "x-goog-api-key") !== UPSTREAM_ACCOUNT_KEY && !request.path.includes(`key=${UPSTREAM_ACCOUNT_KEY}`)) problems.push("no x-goog-api-key: <account key>");
    if (asArray(body.contents).length === 0) problems.push("contents is missing or empty");
    if (request.streamRequested && !/[?&]alt=sse\b/.test(request.path)) problems.push("streamGenerateContent without alt=sse");
    for (const tool of asArray(body.tools).map(asRecord)) {
      const declarations = asArray(tool.functionDeclarations ?? tool.function_declarations).map(asRecord);
      if (declarations.some((declaration) => typeof declaration.name !== "string")) problems.push("a function declaration has no name");
    }
  }
  return problems;
}
