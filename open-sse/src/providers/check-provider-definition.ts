import type { ModelDefinition, ProviderDefinition } from "./provider-definition";

/**
 * What is wrong with a provider definition, one message per problem (empty: valid). The registry's own test
 * runs it on every definition, so a new provider file cannot land with a price below zero, a model without
 * limits, a plain-http base URL or a fact without a source.
 */
export function providerDefinitionProblems(definition: ProviderDefinition): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`${definition.id}: ${message}`);
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id)) at("id must be lowercase letters, digits and dashes");
  if (definition.displayName.trim() === "") at("displayName is empty");
  for (const [label, url] of [["baseUrl", definition.baseUrl], ...definition.alternateEndpoints.map((endpoint) => [`alternateEndpoints.${endpoint.id}`, endpoint.baseUrl] as const)] as const) {
    const problem = httpsProblem(url);
    if (problem !== undefined) at(`${label} ${problem}`);
  }
  if (definition.auth.kind === "header" && !/^[a-z0-9-]+$/.test(definition.auth.header)) at("auth header must be a lowercase header name");
  for (const [kind, list] of Object.entries(definition.sources)) {
    if (list.length === 0) at(`sources.${kind} is empty`);
    for (const source of list) if (source.trim() === "") at(`sources.${kind} has an empty entry`);
  }
  if (definition.models.length === 0) at("lists no model");
  const ids = new Set<string>();
  for (const model of definition.models) {
    if (ids.has(model.id)) at(`model ${model.id} is listed twice`);
    ids.add(model.id);
    for (const problem of modelProblems(model)) at(`model ${model.id}: ${problem}`);
  }
  return problems;
}

/** Problems across definitions: ids are model prefixes and must be unique. */
export function registryProblems(definitions: readonly ProviderDefinition[]): string[] {
  const problems = definitions.flatMap(providerDefinitionProblems);
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.id)) problems.push(`${definition.id}: provider id is used twice`);
    seen.add(definition.id);
  }
  return problems;
}

function modelProblems(model: ModelDefinition): string[] {
  const problems: string[] = [];
  if (model.id.trim() === "" || model.id !== model.id.trim()) problems.push("id is empty or padded");
  if (model.name.trim() === "") problems.push("name is empty");
  if (model.type === "chat") {
    if (!isPositiveInteger(model.contextWindow)) problems.push("a chat model needs a positive contextWindow");
    if (!isPositiveInteger(model.maxOutputTokens)) problems.push("a chat model needs a positive maxOutputTokens");
  }
  if (model.contextWindow !== undefined && model.maxOutputTokens !== undefined && model.maxOutputTokens > model.contextWindow) {
    problems.push("maxOutputTokens exceeds contextWindow");
  }
  for (const [label, price] of [["price", model.price], ["longContextPrice", model.longContextPrice?.price]] as const) {
    if (price === undefined) continue;
    for (const [field, value] of Object.entries(price)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) problems.push(`${label}.${field} must be a non-negative number`);
    }
  }
  if (model.longContextPrice !== undefined && !isPositiveInteger(model.longContextPrice.aboveInputTokens)) {
    problems.push("longContextPrice.aboveInputTokens must be a positive integer");
  }
  if (model.reasoningEfforts !== undefined && model.reasoningEfforts.length === 0) problems.push("reasoningEfforts is empty (leave it out instead)");
  if (model.sources !== undefined && model.sources.some((source) => source.trim() === "")) problems.push("sources has an empty entry");
  return problems;
}

function httpsProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:") return "must be https";
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials";
  if (parsed.search !== "" || parsed.hash !== "") return "must not carry a query or fragment";
  if (url.endsWith("/")) return "must not end with a slash (paths are appended)";
  return undefined;
}

function isPositiveInteger(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value > 0;
}
