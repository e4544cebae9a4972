import type { CanonicalMessage } from "../../core/canonical-request";

const VALID_TOOL_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Anthropic accepts tool ids matching `^[a-zA-Z0-9_-]+$` only; other providers' ids (`call.1`, Gemini's
 * invented `weather_1712_0`, ids with `:` or `|`) may not. One map per request rewrites each offending id the
 * same way in its `tool_use` and in its `tool_result`, and keeps ids unique: every id that is already valid
 * keeps its name, and a rewritten id that would collide with another takes a numbered suffix.
 */
export class ToolIdMap {
  private readonly byOriginal = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Reserves every valid id first, so only the invalid ones are ever renamed. */
  static forMessages(messages: readonly CanonicalMessage[]): ToolIdMap {
    const map = new ToolIdMap();
    const ids: string[] = [];
    for (const message of messages) {
      for (const part of message.parts) {
        if (part.type === "tool-call") ids.push(part.id);
        else if (part.type === "tool-result") ids.push(part.toolCallId);
      }
    }
    for (const id of ids) if (VALID_TOOL_ID.test(id)) map.idFor(id);
    for (const id of ids) map.idFor(id);
    return map;
  }

  idFor(original: string): string {
    const known = this.byOriginal.get(original);
    if (known !== undefined) return known;
    let candidate = original;
    if (!VALID_TOOL_ID.test(candidate)) candidate = original.replace(/[^a-zA-Z0-9_-]/g, "_") || "toolu";
    if (candidate !== original || this.taken.has(candidate)) candidate = this.unused(candidate);
    this.byOriginal.set(original, candidate);
    this.taken.add(candidate);
    return candidate;
  }

  private unused(base: string): string {
    if (!this.taken.has(base)) return base;
    let suffix = 2;
    while (this.taken.has(`${base}_${suffix}`)) suffix++;
    return `${base}_${suffix}`;
  }
}
