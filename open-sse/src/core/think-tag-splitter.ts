/**
 * Models served through OpenAI-compatible endpoints (DeepSeek-R1 distills, QwQ, Qwen3 on vLLM/Ollama, MiniMax)
 * often inline their reasoning as `<think>…</think>` at the start of the text instead of a separate field.
 * This splitter turns such text, streamed in arbitrary pieces, into reasoning and text (DESIGN §3).
 *
 * Rules, chosen so that ordinary text is never mistaken for reasoning:
 * - Only a `<think>` at the very start of the text (after optional whitespace) opens reasoning; a `<think>`
 *   anywhere later is text (a model explaining the tag, code samples, …).
 * - `</think>` closes it; whitespace around the reasoning and the newlines after `</think>` are formatting,
 *   not content, and are dropped. Text after the close is text.
 * - A tag split across chunks is recognised: the splitter holds back the few characters that could still
 *   become a tag (and trailing whitespace inside reasoning) until the next chunk decides.
 * - An unclosed `<think>` makes everything reasoning; `end()` flushes whatever was held back.
 */
export interface ThinkTagPiece {
  type: "reasoning" | "text";
  /** Never empty. */
  text: string;
}

const OPEN_TAG = "<think>";
const CLOSE_TAG = "</think>";

type SplitterState = "start" | "reasoning-start" | "reasoning" | "after-reasoning" | "text";

export class ThinkTagSplitter {
  private state: SplitterState = "start";
  private pending = "";

  /** One streamed chunk of text; returns the pieces that can be decided now. */
  push(chunk: string): ThinkTagPiece[] {
    if (chunk === "") return [];
    if (this.state === "text") return [{ type: "text", text: chunk }];
    this.pending += chunk;
    const pieces: ThinkTagPiece[] = [];
    this.drain(pieces, false);
    return pieces;
  }

  /** The text is complete: decide and return whatever was held back. */
  end(): ThinkTagPiece[] {
    const pieces: ThinkTagPiece[] = [];
    this.drain(pieces, true);
    return pieces;
  }

  private drain(pieces: ThinkTagPiece[], final: boolean): void {
    for (;;) {
      switch (this.state) {
        case "start": {
          const body = this.pending.replace(/^\s+/, "");
          if (body.startsWith(OPEN_TAG)) {
            this.pending = body.slice(OPEN_TAG.length);
            this.state = "reasoning-start";
            continue;
          }
          // Only whitespace, or the beginning of `<think>` so far: wait for more.
          if (!final && OPEN_TAG.startsWith(body)) return;
          this.state = "text";
          emit(pieces, "text", this.pending);
          this.pending = "";
          return;
        }
        case "reasoning-start": {
          this.pending = this.pending.replace(/^\s+/, "");
          if (this.pending === "" && !final) return;
          this.state = "reasoning";
          continue;
        }
        case "reasoning": {
          const close = this.pending.indexOf(CLOSE_TAG);
          if (close !== -1) {
            emit(pieces, "reasoning", this.pending.slice(0, close).replace(/\s+$/, ""));
            this.pending = this.pending.slice(close + CLOSE_TAG.length);
            this.state = "after-reasoning";
            continue;
          }
          if (final) {
            emit(pieces, "reasoning", this.pending.replace(/\s+$/, ""));
            this.pending = "";
            return;
          }
          // Hold back what may still turn into `</think>`, and the whitespace before it (dropped if it does).
          let safeEnd = this.pending.length - partialTagLength(this.pending, CLOSE_TAG);
          while (safeEnd > 0 && /\s/.test(this.pending[safeEnd - 1]!)) safeEnd--;
          emit(pieces, "reasoning", this.pending.slice(0, safeEnd));
          this.pending = this.pending.slice(safeEnd);
          return;
        }
        case "after-reasoning": {
          this.pending = this.pending.replace(/^[\r\n]+/, "");
          if (this.pending === "") return;
          this.state = "text";
          continue;
        }
        case "text":
          emit(pieces, "text", this.pending);
          this.pending = "";
          return;
      }
    }
  }
}

/** Splits a whole text at once (non-streaming responses): the same rules as the streaming splitter. */
export function splitThinkTags(text: string): ThinkTagPiece[] {
  const splitter = new ThinkTagSplitter();
  return joinPieces([...splitter.push(text), ...splitter.end()]);
}

/** Adjacent pieces of the same type joined into one. */
export function joinPieces(pieces: readonly ThinkTagPiece[]): ThinkTagPiece[] {
  const joined: ThinkTagPiece[] = [];
  for (const piece of pieces) {
    const last = joined.at(-1);
    if (last !== undefined && last.type === piece.type) last.text += piece.text;
    else joined.push({ ...piece });
  }
  return joined;
}

function emit(pieces: ThinkTagPiece[], type: ThinkTagPiece["type"], text: string): void {
  if (text === "") return;
  const last = pieces.at(-1);
  if (last !== undefined && last.type === type) last.text += text;
  else pieces.push({ type, text });
}

/** The length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}
