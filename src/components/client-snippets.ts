/**
 * The copyable setup snippets, filled with the gateway's real URL and a model from the real configuration.
 * The client key is referenced as $OMNIROUTE_API_KEY: keys are shown once at creation and never stored.
 */
export interface SnippetInput {
  /** Gateway origin without a trailing slash, e.g. http://127.0.0.1:20128 */
  endpointUrl: string;
  model: string;
}

export function apiKeyExport(): string {
  return "export OMNIROUTE_API_KEY=<your omniroute key>";
}

export function claudeCodeSnippet({ endpointUrl, model }: SnippetInput): string {
  return [
    `export ANTHROPIC_BASE_URL=${endpointUrl}`,
    `export ANTHROPIC_AUTH_TOKEN="$OMNIROUTE_API_KEY"`,
    `export ANTHROPIC_MODEL=${model}`,
    "claude",
  ].join("\n");
}

export function codexConfigSnippet({ endpointUrl, model }: SnippetInput): string {
  return [
    `model_provider = "omniroute"`,
    `model = "${model}"`,
    "",
    "[model_providers.omniroute]",
    `name = "omniroute"`,
    `base_url = "${endpointUrl}/v1"`,
    `env_key = "OMNIROUTE_API_KEY"`,
    `wire_api = "responses"`,
  ].join("\n");
}

export function openAiSdkSnippet({ endpointUrl, model }: SnippetInput): string {
  return [
    `import OpenAI from "openai";`,
    "",
    "const client = new OpenAI({",
    `  baseURL: "${endpointUrl}/v1",`,
    "  apiKey: process.env.OMNIROUTE_API_KEY,",
    "});",
    "",
    "const completion = await client.chat.completions.create({",
    `  model: "${model}",`,
    `  messages: [{ role: "user", content: "Hello" }],`,
    "});",
    "console.log(completion.choices[0].message.content);",
  ].join("\n");
}

export function curlSnippet({ endpointUrl, model }: SnippetInput): string {
  return [
    `curl ${endpointUrl}/v1/chat/completions \\`,
    `  -H "Authorization: Bearer $OMNIROUTE_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{`,
    `    "model": ${JSON.stringify(model)},`,
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
