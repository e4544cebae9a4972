import type { GeminiPart } from "./gemini-wire";

/**
 * Places reasoning signatures for a Gemini client where Gemini itself puts them: on the first text or
 * function-call part after the thinking they close. Gemini CLI keeps exactly those parts in its history (it
 * drops thought parts and empty text parts) and echoes their `thoughtSignature` on the next turn, so the token
 * survives the round trip. A signature with nowhere to go (more thinking follows, the next call carries its own,
 * or the answer ends) is written on an empty thought part instead.
 */
export class ThoughtSignatureQueue {
  private pending: string | undefined;

  /** A reasoning block ended with `token`; returns the part for an earlier token that found no part. */
  hold(token: string): GeminiPart[] {
    const flushed = this.flush();
    this.pending = token;
    return flushed;
  }

  /** The parts to write for `part`: the waiting token goes on it, unless it carries its own. */
  place(part: GeminiPart): GeminiPart[] {
    if (this.pending === undefined) return [part];
    if (part.thoughtSignature === undefined) {
      part.thoughtSignature = this.pending;
      this.pending = undefined;
      return [part];
    }
    return [...this.flush(), part];
  }

  /** The waiting token on an empty thought part (before more thinking, or at the end), or nothing. */
  flush(): GeminiPart[] {
    if (this.pending === undefined) return [];
    const part: GeminiPart = { text: "", thought: true, thoughtSignature: this.pending };
    this.pending = undefined;
    return [part];
  }
}
