import type { WireFormat } from "../ports";

/**
 * Same-format passthrough sends the client's bytes as they are, but a conversation may carry reasoning that
 * another provider produced earlier (Claude Code answered by GPT for one turn: the thinking block we gave
 * it has a wrapped `omr1.` token, see core/signature-envelope.ts). Sent back to Claude as is, that block
 * is a 400 ("Invalid signature in thinking block"). Such tokens are rare, so the bytes are searched first
 * and only a body that contains one is parsed and edited; every other body passes untouched.
 */
const ENVELOPE_MARKER = Buffer.from('"omr1');

export function hasForeignSignatures(bytes: Buffer): boolean {
  return bytes.indexOf(ENVELOPE_MARKER) !== -1;
}

/** The body without reasoning whose token another format issued; undefined when nothing had to change. */
export function stripForeignSignatures(format: WireFormat, body: Record<string, unknown>): Record<string, unknown> | undefined {
  switch (format) {
    case "anthropic-messages":
      return editArray(body, "messages", (message) => {
        const content = (message as { content?: unknown }).content;
        if (!Array.isArray(content)) return message;
        const kept = content.filter((block) => !isForeignAnthropicBlock(block));
        return kept.length === content.length ? message : { ...(message as object), content: kept };
      });
    case "openai-responses":
      return editArray(body, "input", (item) => (isForeignResponsesReasoning(item) ? DROP : item));
    case "gemini":
      return editArray(body, "contents", (content) => {
        const parts = (content as { parts?: unknown }).parts;
        if (!Array.isArray(parts)) return content;
        let changed = false;
        const kept: unknown[] = [];
        for (const part of parts) {
          const signature = (part as { thoughtSignature?: unknown }).thoughtSignature;
          if (typeof signature !== "string" || !isWrapped(signature)) {
            kept.push(part);
            continue;
          }
          changed = true;
          // A foreign thought is dropped; a function call keeps its call and loses only the foreign token.
          if ((part as { thought?: unknown }).thought === true) continue;
          const { thoughtSignature: _foreign, ...rest } = part as Record<string, unknown>;
          kept.push(rest);
        }
        return changed ? { ...(content as object), parts: kept } : content;
      });
    default:
      return undefined;
  }
}

const DROP = Symbol("drop");

function editArray(body: Record<string, unknown>, key: string, edit: (item: unknown) => unknown): Record<string, unknown> | undefined {
  const items = body[key];
  if (!Array.isArray(items)) return undefined;
  let changed = false;
  const edited: unknown[] = [];
  for (const item of items) {
    const result = typeof item === "object" && item !== null ? edit(item) : item;
    if (result !== item) changed = true;
    if (result !== DROP) edited.push(result);
  }
  return changed ? { ...body, [key]: edited } : undefined;
}

function isForeignAnthropicBlock(block: unknown): boolean {
  if (typeof block !== "object" || block === null) return false;
  const { type, signature, data } = block as { type?: unknown; signature?: unknown; data?: unknown };
  if (type === "thinking") return typeof signature === "string" && isWrapped(signature);
  if (type === "redacted_thinking") return typeof data === "string" && data.startsWith("omr1.");
  return false;
}

function isForeignResponsesReasoning(item: unknown): boolean {
  const { type, encrypted_content: encrypted } = item as { type?: unknown; encrypted_content?: unknown };
  return type === "reasoning" && typeof encrypted === "string" && isWrapped(encrypted);
}

/** A token in our envelope (`omr1.…` or the redacted `omr1r.…`). */
function isWrapped(token: string): boolean {
  return token.startsWith("omr1.") || token.startsWith("omr1r.");
}
