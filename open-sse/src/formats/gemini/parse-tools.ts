import type { CanonicalTool, FunctionTool, ToolChoice } from "../../core/canonical-request";
import { readField, unreadFields } from "./field-names";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { geminiSchemaToJsonSchema } from "./json-schema-to-gemini";

/**
 * Gemini `tools`: each entry may hold `functionDeclarations` and/or one provider tool (`googleSearch`,
 * `googleSearchRetrieval`, `codeExecution`, `urlContext`, `googleMaps`, `fileSearch`, `computerUse`, …).
 * Declarations become function tools (their schema from `parametersJsonSchema`, as Gemini CLI sends it, or the
 * OpenAPI-style `parameters`); every other key becomes a native tool only a Gemini upstream receives.
 */
export function parseTools(tools: unknown): CanonicalTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalidField("tools", "must be a list");
  const parsed: CanonicalTool[] = [];
  tools.forEach((tool: unknown, toolIndex) => {
    const path = `tools[${toolIndex}]`;
    if (!isJsonObject(tool)) throw invalidField(path, "must be an object");
    for (const [key, value] of Object.entries(tool)) {
      if (key === "functionDeclarations" || key === "function_declarations") {
        if (!Array.isArray(value)) throw invalidField(`${path}.functionDeclarations`, "must be a list");
        value.forEach((declaration: unknown, index) => parsed.push(readDeclaration(declaration, `${path}.functionDeclarations[${index}]`)));
      } else {
        parsed.push({ type: "native", format: "gemini", definition: { [key]: value } });
      }
    }
  });
  return parsed;
}

function readDeclaration(declaration: unknown, path: string): FunctionTool {
  if (!isJsonObject(declaration)) throw invalidField(path, "must be an object");
  const { name, description } = declaration;
  if (typeof name !== "string" || name === "") throw invalidField(`${path}.name`, "is required");
  if (description !== undefined && typeof description !== "string") throw invalidField(`${path}.description`, "must be a string");
  const schema = readField(declaration, "parametersJsonSchema") ?? declaration.parameters;
  if (schema !== undefined && schema !== null && !isJsonObject(schema)) throw invalidField(`${path}.parameters`, "must be an object");
  const parameters = isJsonObject(schema) ? geminiSchemaToJsonSchema(schema) : { type: "object", properties: {} };
  return { type: "function", name, ...(description !== undefined ? { description } : {}), parameters };
}

const READ_TOOL_CONFIG_FIELDS = new Set(["functionCallingConfig"]);

/**
 * `toolConfig.functionCallingConfig` as a canonical tool choice. ANY with exactly one allowed name forces that
 * tool; ANY with several can only be "some tool" (the canonical choice names at most one). VALIDATED lets the
 * model answer or call, like AUTO (its stricter schema adherence has no canonical word). Other toolConfig
 * fields (`retrievalConfig`, …) are returned to be kept for a Gemini upstream.
 */
export function parseToolConfig(toolConfig: unknown): { toolChoice?: ToolChoice; extra: JsonObject } {
  if (toolConfig === undefined || toolConfig === null) return { extra: {} };
  if (!isJsonObject(toolConfig)) throw invalidField("toolConfig", "must be an object");
  const extra = unreadFields(toolConfig, READ_TOOL_CONFIG_FIELDS);
  const config = readField(toolConfig, "functionCallingConfig");
  if (config === undefined || config === null) return { extra };
  const path = "toolConfig.functionCallingConfig";
  if (!isJsonObject(config)) throw invalidField(path, "must be an object");
  const mode = config.mode;
  if (mode !== undefined && typeof mode !== "string") throw invalidField(`${path}.mode`, "must be a string");
  const names = readField(config, "allowedFunctionNames");
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== "string"))) {
    throw invalidField(`${path}.allowedFunctionNames`, "must be a list of names");
  }
  const allowed = (names ?? []) as string[];
  switch (mode?.toUpperCase()) {
    case undefined:
    case "MODE_UNSPECIFIED":
      return { extra };
    case "AUTO":
    case "VALIDATED":
      return { toolChoice: { type: "auto" }, extra };
    case "NONE":
      return { toolChoice: { type: "none" }, extra };
    case "ANY":
      return { toolChoice: allowed.length === 1 ? { type: "tool", name: allowed[0] as string } : { type: "required" }, extra };
    default:
      throw invalidField(`${path}.mode`, `unknown mode '${mode}' (expected AUTO, ANY, NONE or VALIDATED)`);
  }
}
