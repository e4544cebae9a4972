import type { CanonicalRequest, CanonicalTool } from "../../core/canonical-request";
import { cacheControlField } from "./cache-control";
import type { JsonObject } from "../shared/json-fields";

/**
 * Function tools → Anthropic custom tools; native tools only when Anthropic defined them (a Responses
 * `web_search` or Codex `namespace` tool means nothing here and is dropped).
 */
export function formatTools(tools: readonly CanonicalTool[]): JsonObject[] {
  return tools.flatMap((tool): JsonObject[] => {
    if (tool.type === "native") return tool.format === "anthropic-messages" ? [tool.definition] : [];
    return [
      {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        input_schema: objectSchema(tool.parameters),
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
        ...cacheControlField(tool.cacheControl),
      },
    ];
  });
}

/** Anthropic requires `input_schema.type: "object"`; OpenAI clients may send `{}` for a tool without arguments. */
function objectSchema(parameters: Record<string, unknown>): Record<string, unknown> {
  return parameters.type === undefined ? { type: "object", ...parameters } : parameters;
}

/**
 * required → `any`, a named tool → `{type: "tool", name}`, none → `none`; `parallelToolCalls: false` →
 * `disable_parallel_tool_use: true` (on `auto` when the client named no choice). Undefined when there are no
 * tools to choose from.
 */
export function formatToolChoice(request: CanonicalRequest, hasTools: boolean): JsonObject | undefined {
  if (!hasTools) return undefined;
  const serial = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  if (choice === undefined) return request.parallelToolCalls === false ? { type: "auto", ...serial } : undefined;
  switch (choice.type) {
    case "auto":
      return { type: "auto", ...serial };
    case "required":
      return { type: "any", ...serial };
    case "tool":
      return { type: "tool", name: choice.name, ...serial };
    case "none":
      return { type: "none" };
  }
}

/** Anthropic rejects thinking together with a forced tool ("any" or a named tool). */
export function isForcedToolChoice(request: CanonicalRequest): boolean {
  return request.toolChoice?.type === "required" || request.toolChoice?.type === "tool";
}
