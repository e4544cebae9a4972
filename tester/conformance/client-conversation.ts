// A client format holding a conversation: how it asks for an assistant turn, how it keeps that turn in its
// history (exactly as it received it), and how it answers tool calls — for the multi-turn cells (multi-turn.ts).

export interface ConversationSettings {
  gatewayUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The system prompt, sent the way this client format sends one. */
  systemPrompt: string;
  /** Function tools every request declares (the ones the recorded answers call). */
  toolNames: string[];
}

export interface ToolCallSeen {
  /** The call id the client received (null when its format gave none). */
  id: string | null;
  name: string;
}

/** One assistant turn as the client received it. */
export interface AssistantTurn {
  /** What the client appends to its history for this turn, as received (SDK-parsed or raw JSON). */
  entries: unknown[];
  text: string;
  toolCalls: ToolCallSeen[];
  /** Opaque reasoning tokens in the turn (signatures, encrypted content, thought signatures), as received. */
  tokens: string[];
}

export interface RawRequest {
  url: string;
  init: RequestInit;
}

export interface ClientConversation {
  /** Whether the format has a place for reasoning tokens, so that a client can send them back. */
  carriesTokens: boolean;
  /** The history a conversation starts with (the system prompt, where this format keeps it in the history). */
  opening(settings: ConversationSettings): unknown[];
  userText(text: string): unknown[];
  /** The history entries that answer `calls`, each with `text`. */
  toolResults(calls: ToolCallSeen[], text: string): unknown[];
  /** Asks for the next assistant turn through the client's SDK (Ollama: fetch); throws when it fails. */
  ask(settings: ConversationSettings, history: unknown[], model: string, stream: boolean): Promise<AssistantTurn>;
  /** The last, non-streaming request of the conversation, as raw HTTP (the upstream request is what is checked). */
  finalRequest(settings: ConversationSettings, history: unknown[], model: string): RawRequest;
}

/** A permissive JSON schema, so a declared tool accepts the arguments any recording passes. */
export const OPEN_OBJECT_SCHEMA = { type: "object", additionalProperties: true } as const;

export function jsonRequest(url: string, headers: Record<string, string>, body: unknown): RawRequest {
  return { url, init: { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) } };
}
