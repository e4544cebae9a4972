import type { CanonicalTool, ResponseFormat, ToolChoice } from "../../core/canonical-request";
import type { JsonObject } from "../shared/json-fields";
import { splitToolName, type NamespacedName } from "./tool-namespaces";

/**
 * Canonical tools → Responses `tools`: function tools, and the native tools a Responses client sent (a
 * `namespace` tool goes back whole, so the flat copies of its functions are left out). Native tools of
 * other formats (Anthropic `web_search_…`) mean nothing here and are dropped.
 */
export function formatTools(tools: readonly CanonicalTool[], names: ReadonlyMap<string, NamespacedName>): JsonObject[] {
  return tools.flatMap((tool): JsonObject[] => {
    if (tool.type === "native") return tool.format === "openai-responses" ? [tool.definition] : [];
    if (names.has(tool.name)) return [];
    return [
      {
        type: "function",
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters,
        // Unset: Responses uses strict validation when the schema allows it, and falls back otherwise.
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    ];
  });
}

export function formatToolChoice(choice: ToolChoice, names: ReadonlyMap<string, NamespacedName>): string | JsonObject {
  if (choice.type !== "tool") return choice.type;
  return { type: "function", ...splitToolName(choice.name, names) };
}

/** The canonical response format → Responses `text.format`. */
export function formatTextFormat(format: ResponseFormat): JsonObject {
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json-object":
      return { type: "json_object" };
    case "json-schema":
      return {
        type: "json_schema",
        name: format.name,
        schema: format.schema,
        ...(format.strict !== undefined ? { strict: format.strict } : {}),
        ...(format.description !== undefined ? { description: format.description } : {}),
      };
  }
}
