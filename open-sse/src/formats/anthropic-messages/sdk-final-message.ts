import Anthropic from "@anthropic-ai/sdk";

/**
 * Test support (imported by tests only): drives the official Anthropic SDK's stream accumulator over SSE
 * text we produced, offline (the SDK's fetch is replaced), and returns the message it assembled — the
 * strongest evidence that a real Anthropic client accepts our stream.
 */
export async function sdkFinalMessage(sseText: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: "test-key",
    maxRetries: 0,
    fetch: async () => new Response(sseText, { headers: { "content-type": "text/event-stream" } }),
  });
  return client.messages.stream({ model: "test-model", max_tokens: 16, messages: [{ role: "user", content: "test" }] }).finalMessage();
}
