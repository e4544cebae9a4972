// Renders docs/PROVIDERS.md from the provider registry, so the page never drifts from the definitions:
//   node --import tsx tester/providers/render-providers-doc.ts          writes docs/PROVIDERS.md
//   node --import tsx tester/providers/render-providers-doc.ts --check  exits 1 when the page is stale
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelPrice } from "../../open-sse/src/accounting/model-price";
import type { ModelDefinition, ProviderDefinition } from "../../open-sse/src/providers/provider-definition";
import { providerDefinitions } from "../../open-sse/src/providers/provider-registry";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../open-sse/src/core/canonical-request";
import { executorFor } from "../../open-sse/src/upstream/executor-registry";

/** A one-line question, for executors that build their own request body. */
const DOC_REQUEST: CanonicalRequest = {
  ...emptyCanonicalRequest("doc"),
  stream: true,
  messages: [{ role: "user", parts: [{ type: "text", text: "Hello" }] }],
};

const PROTOCOL: Record<ProviderDefinition["apiFormat"], string> = {
  "openai-chat": "OpenAI Chat Completions",
  "openai-responses": "OpenAI Responses",
  "anthropic-messages": "Anthropic Messages",
  gemini: "Gemini generateContent",
  ollama: "Ollama",
};

/** Appended to the base URL by the engine (open-sse/src/upstream/upstream-request.ts). */
const PATH: Record<ProviderDefinition["apiFormat"], string> = {
  "openai-chat": "/chat/completions",
  "openai-responses": "/responses",
  "anthropic-messages": "/v1/messages",
  gemini: "/v1beta/models/{model}:generateContent",
  ollama: "",
};

function auth(definition: ProviderDefinition): string {
  if (definition.oauthFlow !== undefined) return `OAuth login (flow \`${definition.oauthFlow}\`), then \`Authorization: Bearer <access token>\``;
  return definition.auth.kind === "bearer" ? "`Authorization: Bearer <key>`" : `\`${definition.auth.header}: <key>\``;
}

/**
 * Where a request goes: the format's own path, or — for a subscription backend — the path its executor builds
 * (asked for a streamed request, the one every official client makes).
 */
function endpoint(definition: ProviderDefinition): string {
  const executor = definition.executor === undefined ? undefined : executorFor(definition.executor);
  if (executor === undefined) return `\`POST ${definition.baseUrl}${PATH[definition.apiFormat]}\``;
  // An executor with its own protocol (Kiro, Cursor) takes the body its own formatter builds, not a codec's.
  const body = executor.ownProtocol === undefined ? {} : executor.ownProtocol.formatRequest(DOC_REQUEST, definition.models[0]!.id);
  const call = executor.prepare({
    account: { id: "doc", name: "doc", apiKey: "", baseUrl: definition.baseUrl, priority: 0 },
    session: { accessToken: "<access token>", expiresAt: null, extras: {} },
    model: definition.models[0]!.id,
    stream: true,
    body,
    requestId: "doc",
    userAgent: "omniroute",
  });
  return `\`POST ${call.baseUrl}${call.path}\` through the \`${executor.id}\` executor${call.upstreamStreams ? " (always streamed; JSON clients get the aggregated answer)" : ""}`;
}

/** Table cells must not break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function tokens(value: number | undefined): string {
  if (value === undefined) return "–";
  if (value >= 1_000_000 && value % 10_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 1_000 === 0) return `${value / 1_000}K`;
  return value.toLocaleString("en-US");
}

function dollars(value: number | undefined): string {
  if (value === undefined) return "–";
  return `$${Number(value.toPrecision(6))}`;
}

function price(model: ModelDefinition, definition: ProviderDefinition): string {
  const list: ModelPrice | undefined = model.price;
  if (list === undefined) return "–";
  if (definition.tier === "subscription" && list.inputPerMillion === 0 && list.outputPerMillion === 0) return "included in the plan";
  if (model.type === "embedding") return `${dollars(list.inputPerMillion)} in`;
  if (list.perImage !== undefined) return `${dollars(list.perImage)} per image`;
  if (model.type === "image" && list.inputPerMillion === 0 && list.outputPerMillion === 0) return "free";
  const parts = [`${dollars(list.inputPerMillion)} in`, `${dollars(list.outputPerMillion)} out`];
  if (list.cacheReadPerMillion !== undefined) parts.push(`${dollars(list.cacheReadPerMillion)} cache read`);
  if (list.cacheWritePerMillion !== undefined) parts.push(`${dollars(list.cacheWritePerMillion)} cache write`);
  if (list.cacheWrite1hPerMillion !== undefined) parts.push(`${dollars(list.cacheWrite1hPerMillion)} 1h write`);
  if (list.reasoningPerMillion !== undefined) parts.push(`${dollars(list.reasoningPerMillion)} reasoning`);
  if (model.longContextPrice !== undefined) {
    const long = model.longContextPrice;
    parts.push(`above ${tokens(long.aboveInputTokens)}: ${dollars(long.price.inputPerMillion)} / ${dollars(long.price.outputPerMillion)}`);
  }
  return parts.join(", ");
}

function capabilities(model: ModelDefinition): string {
  const list = [model.capabilities.tools ? "tools" : "", model.capabilities.vision ? "vision" : "", model.capabilities.reasoning ? "reasoning" : ""].filter(Boolean);
  if (model.reasoningEfforts !== undefined) list.push(`effort: ${model.reasoningEfforts.join("/")}`);
  if (model.acceptsSampling === false) list.push("no temperature");
  return list.join(", ") || "–";
}

function renderProvider(definition: ProviderDefinition): string {
  const { quirks } = definition;
  const lines: string[] = [];
  lines.push(`## ${definition.displayName} (\`${definition.id}\`)`, "");
  lines.push(`- Model ids: \`${definition.id}/<model>\`, e.g. \`${definition.id}/${definition.models[0]!.id}\``);
  lines.push(`- Tier: ${definition.tier}`);
  lines.push(`- Protocol: ${PROTOCOL[definition.apiFormat]} — ${endpoint(definition)}`);
  lines.push(`- Auth: ${auth(definition)}${quirks.requiredHeaders ? `, plus ${Object.entries(quirks.requiredHeaders).map(([name, value]) => `\`${name}: ${value}\``).join(", ")}` : ""}`);
  for (const endpoint of definition.alternateEndpoints) {
    lines.push(`- Also: ${endpoint.label} (${PROTOCOL[endpoint.apiFormat]}) \`${endpoint.baseUrl}\` — ${endpoint.note}`);
  }
  lines.push("", "Parameters:", "");
  lines.push(`- output limit in \`${quirks.maxTokensField}\`${quirks.maxTokensRequired ? " (required)" : ""}`);
  if (quirks.rejectedFields.length > 0) lines.push(`- refused: ${quirks.rejectedFields.map((field) => `\`${field}\``).join(", ")}`);
  if (quirks.rejectsUnknownFields) lines.push("- unknown fields are refused");
  if (quirks.renamedFields) lines.push(`- renamed: ${Object.entries(quirks.renamedFields).map(([from, to]) => `\`${from}\` → \`${to}\``).join(", ")}`);
  lines.push(`- reasoning: ${quirks.reasoningControls.length === 0 ? "no control documented" : quirks.reasoningControls.map((control) => `\`${control}\``).join(", ")}`);
  if (quirks.temperatureRange) lines.push(`- temperature: ${quirks.temperatureRange[0]}–${quirks.temperatureRange[1]}`);
  for (const note of quirks.notes) lines.push(`- ${note}`);
  lines.push("", "| model | type | context | max output | capabilities | price per 1M tokens |", "|---|---|---|---|---|---|");
  for (const model of definition.models) {
    const name = model.name === model.id ? "" : ` (${model.name})`;
    lines.push(`| \`${definition.id}/${cell(model.id)}\`${cell(name)} | ${model.type} | ${tokens(model.contextWindow)} | ${tokens(model.maxOutputTokens)} | ${cell(capabilities(model))} | ${cell(price(model, definition))} |`);
  }
  const modelNotes = definition.models.filter((model) => model.notes !== undefined || model.sources !== undefined);
  if (modelNotes.length > 0) {
    lines.push("");
    for (const model of modelNotes) {
      lines.push(`- \`${model.id}\`: ${[model.notes, ...(model.sources ?? []).map((source) => `source: ${source}`)].filter(Boolean).join("; ")}`);
    }
  }
  lines.push("", "Sources:", "");
  for (const [kind, list] of Object.entries(definition.sources)) lines.push(`- ${kind}: ${list.join("; ")}`);
  lines.push("");
  return lines.join("\n");
}

export function renderProvidersDoc(definitions: readonly ProviderDefinition[] = providerDefinitions): string {
  const header = [
    "# Providers",
    "",
    "<!-- Generated from open-sse/src/providers/ by tester/providers/render-providers-doc.ts; edit the definitions, then run",
    "     `node --import tsx tester/providers/render-providers-doc.ts`. -->",
    "",
    "The providers omniroute knows without configuration: the subscriptions (a plan the user already pays for,",
    "connected with an OAuth login; the first tier of a combo) and the API-key providers. Each is one declarative file in",
    "`open-sse/src/providers/definitions/` (base URL, auth, parameter quirks, models, prices, sources) and one line in",
    "`provider-registry.ts`. Connect one with an account (`providers[].accounts[]` in the config file, or the",
    "dashboard) and call its models as `<prefix>/<model>`; model ids may contain `/`. A model id the catalog does not",
    "list is still forwarded. An account's `baseUrl` replaces the provider's (a regional host, a plan endpoint such",
    "as GLM's coding plan, or a local mock).",
    "",
    "Prices are list prices in US dollars per million tokens (cache reads and writes, and reasoning, priced separately",
    "where the provider does); `–` means no price was sourced. Tiers: `subscription` a plan behind an OAuth login",
    "(usage included within its quota windows: $0 per token, billing mode subscription), `api-key` a paid key, `cheap`",
    "low-cost pay-as-you-go, `free` a free tier a sign-up key gets. Facts were checked against the sources listed per",
    "provider; most model numbers come from the models.dev catalog snapshot named there, which cites each",
    "provider's own pages.",
    "",
    "| prefix | provider | tier | protocol | base URL | auth | models |",
    "|---|---|---|---|---|---|---|",
    ...definitions.map(
      (definition) =>
        `| \`${definition.id}\` | ${definition.displayName} | ${definition.tier} | ${PROTOCOL[definition.apiFormat]} | \`${definition.baseUrl}\` | ${auth(definition)} | ${definition.models.length} |`,
    ),
    "",
    "Embedding and image models are served on `/v1/embeddings` and `/v1/images/generations` in each provider's own",
    "protocol, every provider also has its dedicated routes under `/v1/providers/{provider}/…`, and every call can go",
    "through an outbound proxy (account → combo → provider → global → environment); see docs/CONFIG.md.",
    "",
  ].join("\n");
  return `${header}\n${definitions.map(renderProvider).join("\n")}`;
}

const docPath = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "PROVIDERS.md");

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rendered = renderProvidersDoc();
  if (process.argv.includes("--check")) {
    const current = readFileSync(docPath, "utf8");
    if (current !== rendered) {
      console.error("docs/PROVIDERS.md is stale: run node --import tsx tester/providers/render-providers-doc.ts");
      process.exit(1);
    }
  } else {
    writeFileSync(docPath, rendered);
    console.log(`wrote ${docPath}`);
  }
}

export { docPath as providersDocPath };
