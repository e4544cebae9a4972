import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { declaresNoParameters, geminiSchemaToJsonSchema, jsonSchemaToGemini } from "./json-schema-to-gemini";

describe("jsonSchemaToGemini", () => {
  it("normalises a realistic nasty tool schema (refs, anyOf, nullable types, additionalProperties, const)", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "https://example.com/edit",
      type: "object",
      additionalProperties: false,
      required: ["path", "edits"],
      properties: {
        path: { type: "string", description: "File to edit", format: "uri-reference" },
        mode: { const: "replace" },
        encoding: { type: ["string", "null"], default: null },
        edits: { type: "array", items: { $ref: "#/definitions/Edit" }, minItems: 1 },
        target: { oneOf: [{ $ref: "#/$defs/Line" }, { type: "string", pattern: "^L\\d+$" }] },
        options: { allOf: [{ $ref: "#/$defs/Options" }], description: "Extra options" },
        tuple: { type: "array", items: [{ type: "string" }, { type: "integer" }] },
        ratio: { type: "number", minimum: 0, exclusiveMinimum: true },
        anything: true,
      },
      definitions: {
        Edit: {
          type: "object",
          properties: { old: { type: "string" }, new: { type: "string" } },
          required: ["old", "new"],
          additionalProperties: false,
        },
      },
      $defs: {
        Line: { type: "integer", minimum: 1, description: "1-based line" },
        Options: { type: "object", properties: { dryRun: { type: "boolean" } } },
      },
    };

    const converted = jsonSchemaToGemini(schema);

    assert.deepEqual(converted, {
      type: "object",
      additionalProperties: false,
      required: ["path", "edits"],
      properties: {
        path: { type: "string", description: "File to edit", format: "uri-reference" },
        mode: { enum: ["replace"] },
        encoding: { type: ["string", "null"], default: null },
        edits: {
          type: "array",
          items: {
            type: "object",
            properties: { old: { type: "string" }, new: { type: "string" } },
            required: ["old", "new"],
            additionalProperties: false,
          },
          minItems: 1,
        },
        target: { anyOf: [{ type: "integer", minimum: 1, description: "1-based line" }, { type: "string", pattern: "^L\\d+$" }] },
        options: { type: "object", properties: { dryRun: { type: "boolean" } }, description: "Extra options" },
        tuple: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }] },
        ratio: { type: "number", exclusiveMinimum: 0 },
        anything: {},
      },
    });
    assert.ok(!JSON.stringify(converted).includes("$ref"), "no $ref survives");
    assert.ok(!JSON.stringify(converted).includes("$schema"));
  });

  it("stops a recursive definition after one expansion, keeping its type and description", () => {
    const schema = {
      type: "object",
      properties: { tree: { $ref: "#/$defs/Node" } },
      $defs: {
        Node: {
          type: "object",
          description: "A tree node",
          properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } },
        },
      },
    };
    const converted = jsonSchemaToGemini(schema);
    assert.deepEqual(converted.properties, {
      tree: {
        type: "object",
        description: "A tree node",
        properties: {
          name: { type: "string" },
          children: { type: "array", items: { type: "object", description: "A tree node" } },
        },
      },
    });
  });

  it("turns an unresolvable $ref into an open schema that keeps its annotations", () => {
    const converted = jsonSchemaToGemini({
      type: "object",
      properties: { remote: { $ref: "https://example.com/schema.json", description: "remote" }, dangling: { $ref: "#/$defs/Missing" } },
    });
    assert.deepEqual(converted.properties, { remote: { description: "remote" }, dangling: {} });
  });

  it("adds type object to a root that only lists properties, and does not touch the input", () => {
    const input = { properties: { a: { const: 1 } } };
    const converted = jsonSchemaToGemini(input);
    assert.deepEqual(converted, { type: "object", properties: { a: { enum: [1] } } });
    assert.deepEqual(input, { properties: { a: { const: 1 } } });
  });

  it("resolves JSON-pointer escapes in local refs", () => {
    const converted = jsonSchemaToGemini({
      type: "object",
      properties: { x: { $ref: "#/$defs/a~1b" } },
      $defs: { "a/b": { type: "boolean" } },
    });
    assert.deepEqual(converted.properties, { x: { type: "boolean" } });
  });
});

describe("declaresNoParameters", () => {
  it("is true for empty object schemas only", () => {
    assert.equal(declaresNoParameters({ type: "object", properties: {} }), true);
    assert.equal(declaresNoParameters({ type: "object" }), true);
    assert.equal(declaresNoParameters({}), true);
    assert.equal(declaresNoParameters({ type: "object", properties: { a: { type: "string" } } }), false);
    assert.equal(declaresNoParameters({ type: "object", additionalProperties: { type: "string" } }), false);
    assert.equal(declaresNoParameters({ anyOf: [{ type: "object" }] }), false);
  });
});

describe("geminiSchemaToJsonSchema", () => {
  it("reads Google's OpenAPI Schema: uppercase types, nullable, int64 strings, propertyOrdering", () => {
    const converted = geminiSchemaToJsonSchema({
      type: "OBJECT",
      propertyOrdering: ["name", "tags"],
      required: ["name"],
      properties: {
        name: { type: "STRING", nullable: true, example: "Ada" },
        tags: { type: "ARRAY", items: { type: "STRING", format: "enum", enum: ["a", "b"] }, minItems: "1" },
        choice: { anyOf: [{ type: "INTEGER" }, { type: "BOOLEAN" }], nullable: true },
        unset: { type: "TYPE_UNSPECIFIED", description: "any" },
      },
    });
    assert.deepEqual(converted, {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: ["string", "null"], examples: ["Ada"] },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1 },
        choice: { anyOf: [{ type: "integer" }, { type: "boolean" }, { type: "null" }] },
        unset: { description: "any" },
      },
    });
  });

  it("leaves lowercase JSON Schema as it is, including a property named like a keyword", () => {
    const schema = {
      type: "object",
      properties: { nullable: { type: "boolean" }, type: { type: "string" } },
      $defs: { X: { type: "STRING" } },
      additionalProperties: false,
    };
    assert.deepEqual(geminiSchemaToJsonSchema(schema), {
      type: "object",
      properties: { nullable: { type: "boolean" }, type: { type: "string" } },
      $defs: { X: { type: "string" } },
      additionalProperties: false,
    });
  });

  it("returns an empty schema for non-objects", () => {
    assert.deepEqual(geminiSchemaToJsonSchema("nope"), {});
  });
});
