import { jsonSchemaToGemini } from "../../formats/gemini/json-schema-to-gemini";
import { isRecord } from "./executor-support";

/**
 * Antigravity validates tool schemas more strictly than the public Gemini API: it takes `parameters` (not
 * `parametersJsonSchema`) and refuses JSON Schema keywords outside its subset; for Claude models (which it runs
 * in the `VALIDATED` function-calling mode) every tool must declare at least one property. What is refused, and
 * the remedy of moving constraints into the description so the model still sees them, follow
 * router-for-me/CLIProxyAPI internal/util/gemini_schema.go (`CleanJSONSchemaForAntigravityTool`:
 * unsupportedConstraints, removeUnsupportedKeywords, flattenAnyOfOneOf, flattenTypeArrays,
 * addEmptySchemaPlaceholder); the implementation is ours and simpler.
 */
const CONSTRAINTS = [
  "minLength",
  "maxLength",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "format",
  "default",
  "examples",
  "minimum",
  "maximum",
  "multipleOf",
] as const;
const DROPPED = new Set([
  "$schema",
  "$defs",
  "definitions",
  "const",
  "$ref",
  "$id",
  "$comment",
  "additionalProperties",
  "propertyNames",
  "patternProperties",
  "unevaluatedProperties",
  "dependentSchemas",
  "if",
  "then",
  "else",
  "not",
  "prefixItems",
  "contains",
  "deprecated",
  "enumDescriptions",
  "title",
]);
const PLACEHOLDER = { type: "object", properties: { reason: { type: "string", description: "Brief explanation of why this tool is called" } }, required: ["reason"] };

/** A tool's parameters schema, cleaned for Antigravity; `placeholder` for Claude models (VALIDATED mode). */
export function antigravityToolSchema(schema: unknown, placeholder: boolean): Record<string, unknown> {
  // Local $refs inlined, const → enum, oneOf → anyOf first (the public Gemini path's own normalisation).
  const cleaned = clean(isRecord(schema) ? jsonSchemaToGemini(schema) : {});
  if (!placeholder) return cleaned;
  const properties = cleaned.properties;
  const empty = !isRecord(properties) || Object.keys(properties).length === 0;
  return empty ? { ...cleaned, ...structuredClone(PLACEHOLDER) } : cleaned;
}

/** A response schema (`generationConfig.responseJsonSchema`): the same keyword cleaning, no placeholder. */
export function antigravityResponseSchema(schema: unknown): Record<string, unknown> {
  return clean(isRecord(schema) ? jsonSchemaToGemini(schema) : {});
}

function clean(node: Record<string, unknown>): Record<string, unknown> {
  let schema = flattenUnion(node);
  schema = mergeAllOf(schema);
  const out: Record<string, unknown> = {};
  const hints: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if ((CONSTRAINTS as readonly string[]).includes(key)) {
      hints.push(`${key}: ${JSON.stringify(value)}`);
      continue;
    }
    switch (key) {
      case "type":
        out.type = Array.isArray(value) ? (value.find((entry) => entry !== "null") ?? "string") : value;
        break;
      case "properties":
        if (isRecord(value)) {
          out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isRecord(child) ? clean(child) : {}]));
        }
        break;
      case "items":
        if (isRecord(value)) out.items = clean(value);
        else if (Array.isArray(value) && isRecord(value[0])) out.items = clean(value[0]);
        break;
      default:
        out[key] = value;
    }
  }
  if (Array.isArray(out.enum)) {
    // Enum members must be strings; for a non-string type the values become a hint instead of a constraint.
    if (out.type === undefined || out.type === "string") {
      out.enum = out.enum.map((member) => String(member));
    } else {
      hints.push(`one of ${JSON.stringify(out.enum)}`);
      delete out.enum;
    }
  }
  if (Array.isArray(out.required) && isRecord(out.properties)) {
    const names = new Set(Object.keys(out.properties));
    out.required = out.required.filter((name): name is string => typeof name === "string" && names.has(name));
    if ((out.required as string[]).length === 0) delete out.required;
  }
  if (hints.length > 0) out.description = [typeof out.description === "string" ? out.description : "", `(${hints.join("; ")})`].filter((text) => text !== "").join(" ");
  return out;
}

/** anyOf / oneOf: the first branch that is not `null`, merged into its parent (a superset the model can fill). */
function flattenUnion(node: Record<string, unknown>): Record<string, unknown> {
  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union === undefined) return node;
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
  const branch = union.find((candidate) => isRecord(candidate) && candidate.type !== "null");
  return isRecord(branch) ? { ...flattenUnion(branch), ...rest } : rest;
}

/** allOf: the branches' properties and required lists merged into the parent. */
function mergeAllOf(node: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(node.allOf)) return node;
  const { allOf, ...merged } = node;
  for (const branch of allOf as unknown[]) {
    if (!isRecord(branch)) continue;
    const flat = mergeAllOf(flattenUnion(branch));
    for (const [key, value] of Object.entries(flat)) {
      if (key === "properties" && isRecord(value)) merged.properties = { ...(isRecord(merged.properties) ? merged.properties : {}), ...value };
      else if (key === "required" && Array.isArray(value)) merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
      else if (merged[key] === undefined) merged[key] = value;
    }
  }
  return merged;
}
