import type { CanonicalTool, ToolChoice } from "../../core/canonical-request";
import { parseCacheControl } from "./cache-control";
import { invalidField } from "./invalid-field";
import { isJsonObject } from "../shared/json-fields";

/**
 * `tools`: custom tools (`{name, description, input_schema}`, `type` absent, null or "custom") become function
 * tools. Every tool with another `type` (`web_search_20250305`, `bash_20250124`, `text_editor_…`,
 * `code_execution_…`, `computer_…`, `memory_…`, MCP toolsets, …) is defined by Anthropic, not by the client's
 * schema, so it stays a native tool that only an Anthropic upstream receives.
 */
export function parseTools(tools: unknown): CanonicalTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalidField("tools", "must be an array");
  return tools.map((tool, index) => parseTool(tool, `tools.${index}`));
}

function parseTool(tool: unknown, path: string): CanonicalTool {
  if (!isJsonObject(tool)) throw invalidField(path, "must be an object");
  const type = tool.type;
  if (type !== undefined && type !== null && type !== "custom") {
    if (typeof type !== "string") throw invalidField(`${path}.type`, "must be a string");
    return { type: "native", format: "anthropic-messages", definition: tool };
  }
  if (typeof tool.name !== "string" || tool.name === "") throw invalidField(`${path}.name`, "must be a non-empty string");
  if (!isJsonObject(tool.input_schema)) throw invalidField(`${path}.input_schema`, "must be a JSON schema object");
  if (tool.description !== undefined && typeof tool.description !== "string") throw invalidField(`${path}.description`, "must be a string");
  const cacheControl = parseCacheControl(tool.cache_control);
  return {
    type: "function",
    name: tool.name,
    parameters: tool.input_schema,
    ...(typeof tool.description === "string" ? { description: tool.description } : {}),
    ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
    ...(cacheControl !== undefined ? { cacheControl } : {}),
  };
}

export interface ParsedToolChoice {
  toolChoice?: ToolChoice;
  /** false when the client set `disable_parallel_tool_use: true`. */
  parallelToolCalls?: boolean;
}

/** `tool_choice {type: auto | any | tool | none, disable_parallel_tool_use}`. */
export function parseToolChoice(toolChoice: unknown): ParsedToolChoice {
  if (toolChoice === undefined || toolChoice === null) return {};
  if (!isJsonObject(toolChoice)) throw invalidField("tool_choice", "must be an object");
  const parallel = toolChoice.disable_parallel_tool_use === true ? { parallelToolCalls: false } : {};
  switch (toolChoice.type) {
    case "auto":
      return { toolChoice: { type: "auto" }, ...parallel };
    case "any":
      return { toolChoice: { type: "required" }, ...parallel };
    case "none":
      return { toolChoice: { type: "none" } };
    case "tool":
      if (typeof toolChoice.name !== "string" || toolChoice.name === "") throw invalidField("tool_choice.name", "must be a non-empty string");
      return { toolChoice: { type: "tool", name: toolChoice.name }, ...parallel };
    default:
      throw invalidField("tool_choice.type", 'must be one of "auto", "any", "tool", "none"');
  }
}
