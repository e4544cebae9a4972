// Is the request the upstream received the one the client meant? Same format: the gateway passes the body
// through, so it must be identical but for the model (store:false, prompt_cache_key, cache_control, include …
// all kept). Translated: the system prompt is in the target's system slot (never dropped, never an assistant
// or user turn), the user's words arrive, every function tool arrives with its name, description and schema
// (Responses namespaces flattened into functions whose names carry the namespace), and the target would accept
// the request (target-validity.ts).

import { isDeepStrictEqual } from "node:util";

import { asRecord, viewRequest } from "./request-view";
import type { RequestView, ToolView, WireProtocol } from "./request-view";
import { checkTargetValidity, invalidToolNames } from "./target-validity";

export interface IntegrityInput {
  clientProtocol: WireProtocol;
  clientBody: unknown;
  upstreamProtocol: WireProtocol;
  upstreamBody: unknown;
  /** The model the upstream received (body `model` or the Gemini path). */
  upstreamModel: string | null;
  /** The model it should have received (the route's model, without omniroute's provider prefix). */
  expectedModel: string;
}

function withoutModel(body: unknown): Record<string, unknown> {
  const { model: _model, ...rest } = asRecord(body);
  return rest;
}

/** Top-level keys whose values differ, for a readable passthrough failure. */
function differingKeys(left: Record<string, unknown>, right: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => !isDeepStrictEqual(left[key], right[key])).sort();
}

/**
 * Rewrites a translator may make for Gemini, whose `parametersJsonSchema` takes a subset of JSON Schema: `$schema`
 * dropped, `const: x` written as `enum: [x]`. A schema equal but for these is intact.
 */
const GEMINI_DROPPABLE = new Set(["$schema"]);

function normalizeSchema(schema: unknown, protocol: WireProtocol): unknown {
  if (Array.isArray(schema)) return schema.map((item) => normalizeSchema(item, protocol));
  if (schema === null || typeof schema !== "object") return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (protocol === "gemini" && GEMINI_DROPPABLE.has(key)) continue;
    if (protocol === "gemini" && key === "const") {
      result.enum = [value];
      continue;
    }
    // Under `properties` the keys are property names, not keywords: normalize their values only.
    result[key] = key === "properties" && value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([name, property]) => [name, normalizeSchema(property, protocol)]))
      : normalizeSchema(value, protocol);
  }
  return result;
}

function findUpstreamTool(tool: ToolView, upstream: ToolView[]): ToolView[] {
  if (tool.namespace === undefined) return upstream.filter((candidate) => candidate.name === tool.name);
  // A namespaced function must keep both names (so the call can be routed back), e.g. `multi_agent_v1__spawn_agent`.
  const namespace = tool.namespace;
  return upstream.filter((candidate) => candidate.name !== tool.name && candidate.name.startsWith(namespace) && candidate.name.endsWith(tool.name));
}

function checkTools(client: RequestView, upstream: RequestView, upstreamProtocol: WireProtocol, problems: string[]): void {
  for (const tool of client.tools) {
    const label = tool.namespace === undefined ? tool.name : `${tool.namespace}.${tool.name}`;
    const matches = findUpstreamTool(tool, upstream.tools);
    if (matches.length !== 1) {
      problems.push(`tool ${label}: ${matches.length === 0 ? "missing upstream" : `${matches.length} upstream tools match (${matches.map((match) => match.name).join(", ")})`}`);
      continue;
    }
    const match = matches[0]!;
    if (tool.description !== null && match.description !== tool.description) problems.push(`tool ${label}: description changed`);
    const expected = normalizeSchema(tool.schema ?? {}, upstreamProtocol);
    const actual = normalizeSchema(match.schema ?? {}, upstreamProtocol);
    if (!isDeepStrictEqual(expected, actual)) problems.push(`tool ${label}: schema changed: sent ${JSON.stringify(tool.schema).slice(0, 300)} received ${JSON.stringify(match.schema).slice(0, 300)}`);
  }
  if (upstream.tools.length !== client.tools.length) {
    problems.push(`${client.tools.length} function tools sent, ${upstream.tools.length} arrived (${upstream.tools.map((tool) => tool.name).join(", ")})`);
  }
  const badNames = invalidToolNames(upstreamProtocol, upstream.tools.map((tool) => tool.name));
  if (badNames.length > 0) problems.push(`tool names the target refuses: ${badNames.join(", ")}`);
}

function checkSystem(client: RequestView, upstream: RequestView, problems: string[]): void {
  const upstreamSystem = upstream.system.join("\n");
  let searchFrom = 0;
  // Claude Code's billing-header block is Anthropic's accounting, dropped on purpose when translating elsewhere
  // (its per-prompt suffix would break the target's prefix cache); everything else must arrive, in order.
  const meant = client.system.map((entry) => entry.trim()).filter((entry) => entry !== "" && !entry.startsWith("x-anthropic-billing-header:"));
  for (const text of meant) {
    const at = upstreamSystem.indexOf(text, searchFrom);
    if (at === -1) {
      const anywhere = upstreamSystem.includes(text);
      problems.push(anywhere ? `system text out of order: ${JSON.stringify(text.slice(0, 60))}` : `system text dropped from the system prompt: ${JSON.stringify(text.slice(0, 60))}`);
    } else {
      searchFrom = at + text.length;
    }
    for (const turn of upstream.turns) {
      if (turn.text.includes(text)) problems.push(`system text turned into a turn of role ${turn.role}: ${JSON.stringify(text.slice(0, 60))}`);
    }
  }
}

function checkTurns(client: RequestView, upstream: RequestView, problems: string[]): void {
  const upstreamUser = upstream.turns.filter((turn) => turn.role === "user").map((turn) => turn.text).join("\n");
  for (const turn of client.turns.filter((candidate) => candidate.role === "user")) {
    for (const line of turn.text.split("\n").filter((entry) => entry.trim() !== "")) {
      if (!upstreamUser.includes(line)) {
        problems.push(`user text missing upstream: ${JSON.stringify(line.slice(0, 80))}`);
        break;
      }
    }
  }
  const clientAssistant = client.turns.filter((turn) => turn.role === "assistant").length;
  const upstreamAssistant = upstream.turns.filter((turn) => turn.role === "assistant").length;
  if (upstreamAssistant !== clientAssistant) problems.push(`${clientAssistant} assistant turns sent, ${upstreamAssistant} arrived`);
}

/** What is wrong with the upstream request, given the client's; empty when it is what the client meant. */
export function checkRequestIntegrity(input: IntegrityInput): string[] {
  const problems: string[] = [];
  if (input.upstreamModel !== input.expectedModel) problems.push(`upstream model ${JSON.stringify(input.upstreamModel)}, expected ${JSON.stringify(input.expectedModel)}`);
  if (input.clientProtocol === input.upstreamProtocol) {
    const keys = differingKeys(withoutModel(input.clientBody), withoutModel(input.upstreamBody));
    if (keys.length > 0) problems.push(`passthrough changed the body: ${keys.join(", ")}`);
    return problems;
  }
  const client = viewRequest(input.clientProtocol, input.clientBody);
  const upstream = viewRequest(input.upstreamProtocol, input.upstreamBody);
  checkSystem(client, upstream, problems);
  checkTurns(client, upstream, problems);
  checkTools(client, upstream, input.upstreamProtocol, problems);
  problems.push(...checkTargetValidity(input.upstreamProtocol, input.upstreamBody, input.expectedModel));
  return problems;
}
