import type { CanonicalTool, ToolChoice } from "../../core/canonical-request";
import type { JsonObject } from "../shared/json-fields";
import { declaresNoParameters, jsonSchemaToGemini } from "./json-schema-to-gemini";

/**
 * Canonical tools as Gemini `tools`: every function in one `functionDeclarations` entry, its schema sent as
 * `parametersJsonSchema` (JSON Schema; see json-schema-to-gemini.ts for why not `parameters`) and left out for a
 * function without parameters, as the API documents; Gemini's own tools (googleSearch, codeExecution, …) as
 * the client sent them. Other providers' native tools cannot run on Gemini and are left out.
 */
export function formatTools(tools: readonly CanonicalTool[]): JsonObject[] | undefined {
  const declarations: JsonObject[] = [];
  const native: JsonObject[] = [];
  for (const tool of tools) {
    if (tool.type === "native") {
      if (tool.format === "gemini") native.push(tool.definition);
      continue;
    }
    const declaration: JsonObject = { name: tool.name };
    if (tool.description !== undefined && tool.description !== "") declaration.description = tool.description;
    const schema = jsonSchemaToGemini(tool.parameters);
    if (!declaresNoParameters(schema)) declaration.parametersJsonSchema = schema;
    declarations.push(declaration);
  }
  const formatted = declarations.length > 0 ? [{ functionDeclarations: declarations }, ...native] : native;
  return formatted.length > 0 ? formatted : undefined;
}

/** The tool choice as `functionCallingConfig`; none without function declarations (there is nothing to choose). */
export function formatToolConfig(choice: ToolChoice | undefined, tools: readonly CanonicalTool[]): JsonObject | undefined {
  if (choice === undefined || !tools.some((tool) => tool.type === "function")) return undefined;
  switch (choice.type) {
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "tool":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
  }
}
