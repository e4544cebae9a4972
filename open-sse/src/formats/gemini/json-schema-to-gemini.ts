import { isJsonObject, stringField, type JsonObject } from "../shared/json-fields";

/**
 * Tool and response schemas between canonical JSON Schema and Gemini.
 *
 * Gemini has two schema fields. `parameters` / `responseSchema` take Google's `Schema` object: an OpenAPI 3.0
 * subset (uppercase `type`, `nullable`, no `$ref`, no `additionalProperties`, no type arrays), which forces a
 * lossy translation. `parametersJsonSchema` / `responseJsonSchema` take JSON Schema itself (anyOf, $ref/$defs,
 * type arrays, additionalProperties, const…). We send the JSON Schema fields: Gemini CLI 0.61 sends every tool
 * as `parametersJsonSchema` (see CLI-TRAFFIC.md), `@google/genai` documents it as the alternative that accepts
 * JSON Schema, and it keeps the client's constraints instead of flattening them.
 *
 * What is still normalised on the way out (`jsonSchemaToGemini`), because Gemini's schema compiler is known to
 * reject it ("reference to undefined schema", cyclic-schema 400s reported against Gemini CLI) or does not
 * document it: local `$ref`s are inlined (a recursive one becomes an open schema of the same type after one
 * expansion), `$defs`/`definitions`/`$schema`/`$id`/`$comment` are removed, `const` becomes a one-value `enum`,
 * `oneOf` becomes `anyOf` (a superset: the model sees the same alternatives), a one-element `allOf` is merged
 * into its parent, draft-04 tuple `items: [...]` becomes `prefixItems`, draft-04 boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become the numeric form, and a `true` subschema becomes `{}`.
 *
 * On the way in (`geminiSchemaToJsonSchema`) a client's OpenAPI-style schema (from `parameters`, or the
 * uppercase types Gemini CLI's classifier puts even in `responseJsonSchema`) becomes plain JSON Schema.
 */

/** Keywords whose value is a map of name → subschema. */
const SCHEMA_MAP_KEYS = new Set(["properties", "patternProperties", "dependentSchemas"]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
/** Keywords whose value is one subschema. */
const SCHEMA_KEYS = new Set([
  "items",
  "additionalProperties",
  "additionalItems",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
]);
/** Removed on the way out: meta-data Gemini has no use for, and definitions that are inlined. */
const DROPPED_KEYS = new Set(["$schema", "$id", "$comment", "$defs", "definitions", "$anchor", "$dynamicAnchor"]);
/** How many `$ref`s may be expanded inside one another: bounds the output of heavily shared definitions. */
const MAX_REF_DEPTH = 12;

/** The JSON Schema to send as `parametersJsonSchema` / `responseJsonSchema`. */
export function jsonSchemaToGemini(schema: Record<string, unknown>): JsonObject {
  const converted = convertNode(schema, schema, []);
  const root = isJsonObject(converted) ? converted : {};
  if (root.type === undefined && isJsonObject(root.properties)) root.type = "object";
  return root;
}

/** Whether a converted parameters schema declares no parameters (Gemini: leave the field unset then). */
export function declaresNoParameters(schema: JsonObject): boolean {
  const properties = schema.properties;
  const noProperties = properties === undefined || (isJsonObject(properties) && Object.keys(properties).length === 0);
  const combinators = ["anyOf", "oneOf", "allOf", "$ref", "additionalProperties", "patternProperties"].some((key) => schema[key] !== undefined);
  return noProperties && !combinators && (schema.type === undefined || schema.type === "object");
}

function convertNode(node: unknown, root: JsonObject, refStack: readonly string[]): unknown {
  if (node === true) return {};
  if (!isJsonObject(node)) return node;
  const ref = stringField(node, "$ref");
  if (ref === undefined) return convertKeywords(node, root, refStack);
  const { $ref: _ref, ...siblings } = node;
  const convertedSiblings = convertKeywords(siblings, root, refStack);
  const target = resolveLocalPointer(root, ref);
  if (target === undefined) return convertedSiblings; // external or dangling: an open schema with the annotations
  if (refStack.includes(ref) || refStack.length >= MAX_REF_DEPTH) {
    // A recursive definition cannot be inlined; keep what it is (its type and description) and stop there.
    const open: JsonObject = {};
    if (isJsonObject(target) && target.type !== undefined) open.type = target.type;
    if (isJsonObject(target) && typeof target.description === "string") open.description = target.description;
    return { ...open, ...convertedSiblings };
  }
  const expanded = convertNode(target, root, [...refStack, ref]);
  // Keywords written beside the `$ref` (a description, usually) are more specific than the definition's own.
  return isJsonObject(expanded) ? { ...expanded, ...convertedSiblings } : expanded;
}

function convertKeywords(schema: JsonObject, root: JsonObject, refStack: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key) || key === "const") continue;
    if (SCHEMA_MAP_KEYS.has(key) && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convertNode(sub, root, refStack)]));
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => convertNode(sub, root, refStack));
    } else if (key === "items" && Array.isArray(value)) {
      out.prefixItems = value.map((sub) => convertNode(sub, root, refStack));
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = key === "additionalProperties" && typeof value === "boolean" ? value : convertNode(value, root, refStack);
    } else {
      out[key] = value;
    }
  }
  if ("const" in schema && out.enum === undefined) out.enum = [schema.const];
  if (Array.isArray(out.oneOf) && out.anyOf === undefined) {
    out.anyOf = out.oneOf;
    delete out.oneOf;
  }
  fixDraft4Exclusive(out, "exclusiveMinimum", "minimum");
  fixDraft4Exclusive(out, "exclusiveMaximum", "maximum");
  if (Array.isArray(out.allOf) && out.allOf.length === 1 && isJsonObject(out.allOf[0])) {
    const only = out.allOf[0];
    delete out.allOf;
    return { ...only, ...out };
  }
  return out;
}

/** Draft-04 `exclusiveMinimum: true` qualifies `minimum`; later drafts make it the bound itself. */
function fixDraft4Exclusive(schema: JsonObject, exclusiveKey: string, boundKey: string): void {
  const flag = schema[exclusiveKey];
  if (typeof flag !== "boolean") return;
  delete schema[exclusiveKey];
  if (flag && typeof schema[boundKey] === "number") {
    schema[exclusiveKey] = schema[boundKey];
    delete schema[boundKey];
  }
}

/** `#`, `#/$defs/Name`, `#/definitions/Name`, any local JSON pointer; undefined for anything else. */
function resolveLocalPointer(root: JsonObject, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const segment = decodePointerSegment(raw);
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isJsonObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

function decodePointerSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}

// ── the way in ───────────────────────────────────────────────────────────────────────────────────────────────

const OPENAPI_TYPES: Readonly<Record<string, string>> = {
  STRING: "string",
  NUMBER: "number",
  INTEGER: "integer",
  BOOLEAN: "boolean",
  ARRAY: "array",
  OBJECT: "object",
  NULL: "null",
};
/** int64 fields of Google's `Schema`, which proto JSON may spell as strings ("minItems": "1"). */
const INTEGER_KEYS = new Set(["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"]);
const DEFINITION_MAP_KEYS = new Set(["$defs", "definitions"]);

/** A client's Gemini schema (OpenAPI `Schema` or JSON Schema, either case of types) as plain JSON Schema. */
export function geminiSchemaToJsonSchema(schema: unknown): JsonObject {
  const converted = toJsonSchema(schema);
  return isJsonObject(converted) ? converted : {};
}

function toJsonSchema(node: unknown): unknown {
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // `propertyOrdering` is a Gemini-only hint other providers' strict validators reject; `nullable` is applied below.
    if (key === "propertyOrdering" || key === "nullable") continue;
    if (key === "type") {
      const type = normalizeType(value);
      if (type !== undefined) out.type = type;
    } else if (key === "example") {
      if (node.examples === undefined) out.examples = [value];
    } else if ((SCHEMA_MAP_KEYS.has(key) || DEFINITION_MAP_KEYS.has(key)) && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]));
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(toJsonSchema) : toJsonSchema(value);
    } else if (INTEGER_KEYS.has(key) && typeof value === "string" && /^\d+$/.test(value)) {
      out[key] = Number(value);
    } else if (key === "format" && value === "enum") {
      continue; // Google's marker for a string enum; JSON Schema says it with `enum` alone
    } else {
      out[key] = value;
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: "null" }];
  }
  return out;
}

function normalizeType(value: unknown): unknown {
  if (typeof value === "string") {
    if (value === "TYPE_UNSPECIFIED") return undefined;
    return OPENAPI_TYPES[value] ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? (OPENAPI_TYPES[item] ?? item) : item));
  return value;
}
