import type { CanonicalTool } from "../../core/canonical-request";
import { isJsonObject } from "../shared/json-fields";

/**
 * Responses groups function tools under a `namespace` tool (Codex sends `{type:"namespace",
 * name:"multi_agent_v1", tools:[…functions…]}`), and the model then calls them as a `function_call` with
 * `name` plus `namespace`. Other formats know only flat names, so a namespaced function travels as
 * `${namespace}__${name}` (Codex's MCP namespaces already end in `__`, `mcp__server__`, and are joined without
 * doubling it: `mcp__server__tool`, the name Claude Code users know for MCP tools).
 *
 * The split back is never guessed from the string: the request's own namespace tools (kept as native tools,
 * see parse-tools.ts) say which flat names are namespaced, and how. Codex routes a call by name *and*
 * namespace, so a call that lost its namespace would fail as an unsupported call.
 */
export function flatToolName(namespace: string, name: string): string {
  return namespace.endsWith("__") ? `${namespace}${name}` : `${namespace}__${name}`;
}

export interface NamespacedName {
  namespace: string;
  name: string;
}

/** Flat name → namespace and inner name, for every function inside the request's Responses namespace tools. */
export function namespacedNames(tools: readonly CanonicalTool[] | undefined): Map<string, NamespacedName> {
  const names = new Map<string, NamespacedName>();
  for (const tool of tools ?? []) {
    if (tool.type !== "native" || tool.format !== "openai-responses") continue;
    const { definition } = tool;
    if (definition.type !== "namespace" || typeof definition.name !== "string" || !Array.isArray(definition.tools)) continue;
    for (const inner of definition.tools) {
      if (!isJsonObject(inner) || inner.type !== "function" || typeof inner.name !== "string") continue;
      names.set(flatToolName(definition.name, inner.name), { namespace: definition.name, name: inner.name });
    }
  }
  return names;
}

/** A `function_call` item's name and namespace as the Responses wire carries them. */
export function splitToolName(flatName: string, names: ReadonlyMap<string, NamespacedName>): { name: string; namespace?: string } {
  const namespaced = names.get(flatName);
  return namespaced === undefined ? { name: flatName } : { name: namespaced.name, namespace: namespaced.namespace };
}
