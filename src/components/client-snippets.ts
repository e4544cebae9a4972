/**
 * The copyable setup snippets, filled with the gateway's real URL, a model from the real configuration and,
 * right after one was created on this page, the real client key. Otherwise the key is referenced as
 * $OMNIROUTE_API_KEY: keys are shown once at creation and only their hash is stored.
 */
export interface SnippetInput {
  /** Gateway origin without a trailing slash, e.g. http://127.0.0.1:20128 */
  endpointUrl: string;
  model: string;
  /** A key created moments ago (still in the page's memory); absent: the snippets read $OMNIROUTE_API_KEY. */
  apiKey?: string | undefined;
}

export const API_KEY_VARIABLE = "OMNIROUTE_API_KEY";

/** How a shell snippet refers to the key: the literal key when we have it, else the variable. */
function shellKey(input: SnippetInput): string {
  return input.apiKey ?? `$${API_KEY_VARIABLE}`;
}

export function apiKeyExport(input: Pick<SnippetInput, "apiKey"> = {}): string {
  return `export ${API_KEY_VARIABLE}=${input.apiKey ?? "<your omniroute key>"}`;
}

/** Claude Code calls `<base>/v1/messages`; ANTHROPIC_AUTH_TOKEN is sent as a bearer token. */
export function claudeCodeSnippet(input: SnippetInput): string {
  return [
    `export ANTHROPIC_BASE_URL=${input.endpointUrl}`,
    `export ANTHROPIC_AUTH_TOKEN="${shellKey(input)}"`,
    `export ANTHROPIC_MODEL=${shellQuote(input.model)}`,
    "claude",
  ].join("\n");
}

/** Codex speaks only the Responses API (`wire_api = "responses"`) and reads the key from `env_key`. */
export function codexConfigSnippet({ endpointUrl, model }: SnippetInput): string {
  return [
    `model_provider = "omniroute"`,
    `model = ${JSON.stringify(model)}`,
    "",
    "[model_providers.omniroute]",
    `name = "omniroute"`,
    `base_url = "${endpointUrl}/v1"`,
    `env_key = "${API_KEY_VARIABLE}"`,
    `wire_api = "responses"`,
  ].join("\n");
}

export function codexRunSnippet(input: SnippetInput): string {
  return [`export ${API_KEY_VARIABLE}="${shellKey(input)}"`, "codex"].join("\n");
}

/**
 * Gemini CLI appends `/v1beta/models/…` to GOOGLE_GEMINI_BASE_URL and needs API-key auth selected in its
 * settings file: with only the base URL set it picks an auth type headless runs refuse.
 */
export function geminiCliSettingsSnippet(): string {
  return JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }, null, 2);
}

export function geminiCliSnippet(input: SnippetInput): string {
  return [
    `export GOOGLE_GEMINI_BASE_URL=${input.endpointUrl}`,
    `export GEMINI_API_KEY="${shellKey(input)}"`,
    `gemini --model ${shellQuote(input.model)}`,
  ].join("\n");
}

/** The three values every OpenAI-compatible settings screen (Cursor, Cline, …) asks for. */
export function openAiCompatibleFields(input: SnippetInput): { baseUrl: string; apiKey: string; model: string } {
  return { baseUrl: `${input.endpointUrl}/v1`, apiKey: input.apiKey ?? `<your omniroute key>`, model: input.model };
}

export function openAiSdkSnippet(input: SnippetInput): string {
  return [
    `import OpenAI from "openai";`,
    "",
    "const client = new OpenAI({",
    `  baseURL: "${input.endpointUrl}/v1",`,
    input.apiKey ? `  apiKey: ${JSON.stringify(input.apiKey)},` : `  apiKey: process.env.${API_KEY_VARIABLE},`,
    "});",
    "",
    "const completion = await client.chat.completions.create({",
    `  model: ${JSON.stringify(input.model)},`,
    `  messages: [{ role: "user", content: "Hello" }],`,
    "});",
    "console.log(completion.choices[0].message.content);",
  ].join("\n");
}

export function openAiPythonSnippet(input: SnippetInput): string {
  return [
    "import os",
    "from openai import OpenAI",
    "",
    "client = OpenAI(",
    `    base_url="${input.endpointUrl}/v1",`,
    input.apiKey ? `    api_key=${JSON.stringify(input.apiKey)},` : `    api_key=os.environ["${API_KEY_VARIABLE}"],`,
    ")",
    "completion = client.chat.completions.create(",
    `    model=${JSON.stringify(input.model)},`,
    `    messages=[{"role": "user", "content": "Hello"}],`,
    ")",
    "print(completion.choices[0].message.content)",
  ].join("\n");
}

export function curlSnippet(input: SnippetInput): string {
  return [
    `curl ${input.endpointUrl}/v1/chat/completions \\`,
    `  -H "Authorization: Bearer ${shellKey(input)}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{`,
    `    "model": ${JSON.stringify(input.model)},`,
    `    "messages": [{ "role": "user", "content": "Hello" }]`,
    `  }'`,
  ].join("\n");
}

export function configFileExample(): string {
  return [
    "{",
    `  "providers": [`,
    `    { "id": "openai",`,
    `      "accounts": [ { "name": "main", "apiKey": "sk-..." } ] }`,
    "  ]",
    "}",
  ].join("\n");
}

/** Single-quotes a shell word when it holds anything beyond a safe set (model ids may hold `:` or spaces). */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
