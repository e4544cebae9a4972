import { createHash, type Hash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { WireFormat } from "../ports";

/** Where a session key came from: a client's own session id, or a fingerprint of how the conversation began. */
export type SessionKeySource =
  | "x-claude-code-session-id"
  | "session-id"
  | "conversation-id"
  | "x-session-id"
  | "metadata.user_id"
  | "prompt_cache_key"
  | "fingerprint";

export interface SessionKey {
  /** 32 hex characters: a digest, never the client's id or text itself. */
  key: string;
  source: SessionKeySource;
  /**
   * Whether this request should follow the session's sticky account: always for a client's own session id; for a
   * fingerprint only when the request continues a conversation (it carries turns after the first user message).
   * Identical one-shot requests — scripts, benchmarks — share a fingerprint but are no conversation, and keep
   * being spread over the pool.
   */
  sticky: boolean;
}

export interface SessionKeyInput {
  format: WireFormat;
  headers: IncomingHttpHeaders;
  /** The request body, already parsed by the handler: read here, never parsed again. */
  body: Record<string, unknown>;
  /** Two client keys never share a session, even when their ids or prompts coincide. */
  clientKeyId?: string;
}

// Session ids the agents send as headers, most specific first (shared/clients/CLI-TRAFFIC.md): Claude Code's
// `x-claude-code-session-id`; Codex's `session-id` (older builds: `session_id`, `conversation_id`).
const SESSION_HEADERS: readonly (readonly [string, SessionKeySource])[] = [
  ["x-claude-code-session-id", "x-claude-code-session-id"],
  ["session-id", "session-id"],
  ["session_id", "session-id"],
  ["conversation-id", "conversation-id"],
  ["conversation_id", "conversation-id"],
  ["x-session-id", "x-session-id"],
];

const MAX_ID_LENGTH = 512;
/**
 * A fingerprint reads a long text's head and tail (with its length) rather than all of it — a 30 K system
 * prompt is the same in every session of a tool, and what tells conversations apart is near the ends — and at
 * most this many characters of all texts together: a few microseconds of hashing per request.
 */
const PIECE_END_CHARS = 2 * 1024;
const MAX_FINGERPRINT_CHARS = 32 * 1024;

/**
 * The session a request belongs to, for sticky routing and `/api/sessions`: the client's own session id when it
 * sends one (header, Claude Code's `metadata.user_id`, Codex's `prompt_cache_key`), else a fingerprint of the
 * system prompt and the first user message — which stay the same for every turn of one agent conversation.
 * Undefined when the request has neither (no user message at all).
 *
 * Cheap by construction: a few property reads on the parsed body, and a digest over at most 32 K characters.
 */
export function deriveSessionKey(input: SessionKeyInput): SessionKey | undefined {
  for (const [header, source] of SESSION_HEADERS) {
    const value = idFrom(input.headers[header]);
    if (value !== undefined) return digestOf(input.clientKeyId, source, value);
  }
  if (input.format === "anthropic-messages") {
    const sessionId = claudeCodeSessionId(input.body.metadata);
    if (sessionId !== undefined) return digestOf(input.clientKeyId, "metadata.user_id", sessionId);
  }
  const cacheKey = idFrom(input.body.prompt_cache_key);
  if (cacheKey !== undefined) return digestOf(input.clientKeyId, "prompt_cache_key", cacheKey);
  return fingerprint(input);
}

function digestOf(clientKeyId: string | undefined, source: SessionKeySource, value: string): SessionKey {
  const hash = createHash("sha256").update(clientKeyId ?? "").update("\u0000").update(source).update("\u0000").update(value);
  return { key: hash.digest("hex").slice(0, 32), source, sticky: true };
}

function idFrom(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first !== "string") return undefined;
  const trimmed = first.trim();
  return trimmed.length === 0 || trimmed.length > MAX_ID_LENGTH ? undefined : trimmed;
}

/**
 * Claude Code's `metadata.user_id` is a JSON string `{"device_id":…,"account_uuid":…,"session_id":…}`; older
 * builds wrote `user_<hash>_account_<uuid>_session_<uuid>`. A plain user id names a person, not a session.
 */
function claudeCodeSessionId(metadata: unknown): string | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const userId = (metadata as { user_id?: unknown }).user_id;
  if (typeof userId !== "string" || userId.length > 4096) return undefined;
  if (userId.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(userId);
      if (typeof parsed === "object" && parsed !== null) return idFrom((parsed as { session_id?: unknown }).session_id);
    } catch {
      return undefined;
    }
    return undefined;
  }
  const legacy = /_session_([\w-]{8,128})$/.exec(userId);
  return legacy?.[1];
}

/** Feeds texts into a digest, bounded per piece and in total, so a huge prompt costs no more than a large one. */
class BoundedDigest {
  private remaining = MAX_FINGERPRINT_CHARS;
  private readonly hash: Hash;

  constructor(clientKeyId: string | undefined) {
    this.hash = createHash("sha256").update(clientKeyId ?? "").update("\u0000fingerprint\u0000");
  }

  add(text: unknown): void {
    if (typeof text !== "string" || text.length === 0 || this.remaining <= 0) return;
    if (text.length <= 2 * PIECE_END_CHARS) return this.take(text);
    this.take(text.slice(0, PIECE_END_CHARS));
    this.hash.update(String(text.length));
    this.take(text.slice(-PIECE_END_CHARS));
  }

  private take(piece: string): void {
    const taken = piece.length > this.remaining ? piece.slice(0, this.remaining) : piece;
    this.remaining -= taken.length;
    this.hash.update(taken).update("\u0000");
  }

  /** The text of a content value: a string, or an array of parts with `text` (images and files are left out). */
  addContent(content: unknown): void {
    if (typeof content === "string") return this.add(content);
    if (!Array.isArray(content)) return;
    for (const part of content) {
      if (typeof part === "object" && part !== null) this.add((part as { text?: unknown }).text);
    }
  }

  separate(): void {
    this.hash.update("\u0001");
  }

  key(continuation: boolean): SessionKey {
    return { key: this.hash.digest("hex").slice(0, 32), source: "fingerprint", sticky: continuation };
  }
}

function fingerprint(input: SessionKeyInput): SessionKey | undefined {
  const digest = new BoundedDigest(input.clientKeyId);
  const body = input.body;
  let firstUser: unknown;
  // Any turn after the first user message makes this request a continuation of a conversation.
  let continuation = false;
  switch (input.format) {
    case "openai-chat":
    case "ollama":
    case "anthropic-messages": {
      if (input.format === "anthropic-messages") digest.addContent(body.system);
      const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
      const index = firstUserIndex(messages, digest);
      if (index !== -1) {
        firstUser = recordOf(messages[index]).content;
        continuation = index < messages.length - 1;
      }
      break;
    }
    case "openai-responses": {
      digest.add(body.instructions);
      if (typeof body.input === "string") firstUser = body.input;
      else if (Array.isArray(body.input)) {
        const items = body.input as unknown[];
        const index = firstUserIndex(items, digest);
        if (index !== -1) {
          firstUser = recordOf(items[index]).content;
          continuation = index < items.length - 1;
        }
      }
      break;
    }
    case "gemini": {
      digest.addContent(recordOf(body.systemInstruction).parts);
      const contents = Array.isArray(body.contents) ? (body.contents as unknown[]) : [];
      const index = contents.findIndex((content) => {
        const role = recordOf(content).role;
        return role === undefined || role === "user";
      });
      if (index !== -1) {
        firstUser = recordOf(contents[index]).parts;
        continuation = index < contents.length - 1;
      }
      break;
    }
  }
  if (firstUser === undefined) return undefined;
  digest.separate();
  digest.addContent(firstUser);
  return digest.key(continuation);
}

/**
 * The index of the first user message; system and developer messages before it go into the digest (Anthropic's
 * mid-conversation `role: "system"` entries after it do not).
 */
function firstUserIndex(messages: readonly unknown[], digest: BoundedDigest): number {
  for (let index = 0; index < messages.length; index++) {
    const { role, content } = recordOf(messages[index]);
    if (role === "user") return index;
    if (role === "system" || role === "developer") digest.addContent(content);
  }
  return -1;
}

function recordOf(value: unknown): { role?: unknown; content?: unknown; parts?: unknown } {
  return typeof value === "object" && value !== null ? (value as { role?: unknown; content?: unknown; parts?: unknown }) : {};
}
