import type { CanonicalTool, FunctionTool, ToolChoice } from "../../core/canonical-request";
import { invalidField } from "./invalid-field";
import { isAbsent, isJsonObject, type JsonObject } from "../shared/json-fields";
import { flatToolName } from "./tool-namespaces";

/**
 * `tools` → canonical tools. `function` tools become function tools. A `namespace` tool (Codex:
 * `multi_agent_v1`) is kept whole as a native tool, so a Responses target and a Responses client see it as
 * sent, and its functions are also listed flat (`multi_agent_v1__spawn_agent`, see tool-namespaces.ts), so
 * every other target can offer them. Everything else (`web_search`, `file_search`, `code_interpreter`,
 * `local_shell`, `custom`, `mcp`, …) is a native tool only a Responses upstream can run; other formats drop it.
 */
export function parseTools(tools: unknown): CanonicalTool[] {
  if (isAbsent(tools)) return [];
  if (!Array.isArray(tools)) throw invalidField("tools", "must be an array of tools");
  return tools.flatMap((tool, index): CanonicalTool[] => {
    const path = `tools[${index}]`;
    if (!isJsonObject(tool) || typeof tool.type !== "string") throw invalidField(`${path}.type`, "each tool needs a type");
    if (tool.type === "function") return [parseFunctionTool(tool, path)];
    const native: CanonicalTool = { type: "native", format: "openai-responses", definition: tool };
    if (tool.type !== "namespace") return [native];
    if (typeof tool.name !== "string" || tool.name === "") throw invalidField(`${path}.name`, "must be a non-empty string");
    if (!Array.isArray(tool.tools)) throw invalidField(`${path}.tools`, "must be an array of tools");
    const namespace = tool.name;
    const functions = tool.tools.flatMap((inner, innerIndex): FunctionTool[] => {
      // Custom (free-form) tools inside a namespace have no function form; the native namespace carries them.
      if (!isJsonObject(inner) || inner.type !== "function") return [];
      const flat = parseFunctionTool(inner, `${path}.tools[${innerIndex}]`);
      return [{ ...flat, name: flatToolName(namespace, flat.name) }];
    });
    return [native, ...functions];
  });
}

function parseFunctionTool(tool: JsonObject, path: string): FunctionTool {
  if (typeof tool.name !== "string" || tool.name === "") throw invalidField(`${path}.name`, "must be a non-empty string");
  if (!isAbsent(tool.parameters) && !isJsonObject(tool.parameters)) throw invalidField(`${path}.parameters`, "must be a JSON schema object");
  const parsed: FunctionTool = {
    type: "function",
    name: tool.name,
    // A function without parameters takes none; targets that require a schema get the empty object one.
    parameters: isJsonObject(tool.parameters) ? tool.parameters : { type: "object", properties: {} },
  };
  if (typeof tool.description === "string" && tool.description !== "") parsed.description = tool.description;
  if (typeof tool.strict === "boolean") parsed.strict = tool.strict;
  return parsed;
}

export interface ParsedToolChoice {
  toolChoice?: ToolChoice;
  /**
   * The choice as sent, when only Responses can express it (`allowed_tools`, a hosted tool such as
   * `{type:"web_search_preview"}`, a custom tool): a Responses upstream gets it back verbatim.
   */
  responsesOnly?: JsonObject;
}

export function parseToolChoice(choice: unknown): ParsedToolChoice {
  if (isAbsent(choice)) return {};
  if (choice === "auto" || choice === "none" || choice === "required") return { toolChoice: { type: choice } };
  if (!isJsonObject(choice) || typeof choice.type !== "string") {
    throw invalidField("tool_choice", "must be 'auto', 'none', 'required' or a tool choice object");
  }
  if (choice.type === "function") {
    if (typeof choice.name !== "string" || choice.name === "") throw invalidField("tool_choice.name", "must be a non-empty string");
    const name = typeof choice.namespace === "string" && choice.namespace !== "" ? flatToolName(choice.namespace, choice.name) : choice.name;
    return { toolChoice: { type: "tool", name } };
  }
  // Restricting the tool list has no canonical form; its mode (may or must call a tool) does.
  if (choice.type === "allowed_tools") {
    return { toolChoice: { type: choice.mode === "required" ? "required" : "auto" }, responsesOnly: choice };
  }
  // Forcing a hosted or custom tool: other targets do not have that tool, so they keep their default.
  return { responsesOnly: choice };
}
