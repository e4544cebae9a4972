import { SseEventReader } from "./sse-event-reader";

const TOOL_CALLS_MARKER = Buffer.from('"tool_calls"');
const EVENT_ENDINGS = [Buffer.from("\n\n"), Buffer.from("\r\n\r\n"), Buffer.from("\r\r")];
/** A single event longer than this without a boundary is passed on as is rather than held. */
const MAX_HELD_BYTES = 1024 * 1024;

/**
 * OpenAI Chat passthrough, with one repair. Some OpenAI-compatible providers (Mistral among them) stream tool
 * calls without `index` (and without `type`); the official SDKs' stream helpers drop such calls, so the
 * client would silently lose them. Chunks are forwarded byte for byte up to their last event boundary (a
 * partial event waits for its end, which no client could use earlier anyway); only the complete events
 * that mention `"tool_calls"` are parsed, and only those lacking an index are re-serialised with one.
 */
export class ChatToolCallIndexRepair {
  private held: Buffer | undefined;
  private readonly indexById = new Map<string, number>();
  private lastIndex = -1;

  /** The bytes to write for this upstream chunk (possibly empty). */
  push(chunk: Buffer): Buffer {
    const combined = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
    let boundary = -1;
    for (const ending of EVENT_ENDINGS) {
      const at = combined.lastIndexOf(ending);
      if (at !== -1) boundary = Math.max(boundary, at + ending.length);
    }
    if (boundary === -1) {
      if (combined.length > MAX_HELD_BYTES) {
        this.held = undefined;
        return combined;
      }
      this.held = combined;
      return Buffer.alloc(0);
    }
    this.held = boundary < combined.length ? Buffer.from(combined.subarray(boundary)) : undefined;
    const complete = boundary === combined.length ? combined : combined.subarray(0, boundary);
    if (complete.indexOf(TOOL_CALLS_MARKER) === -1) return complete;
    return Buffer.from(this.repairEvents(complete));
  }

  /** The stream ended: whatever was held goes out as it came. */
  end(): Buffer {
    const rest = this.held ?? Buffer.alloc(0);
    this.held = undefined;
    return rest.indexOf(TOOL_CALLS_MARKER) === -1 ? rest : Buffer.from(this.repairEvents(rest));
  }

  private repairEvents(bytes: Buffer): string {
    let output = "";
    const reader = new SseEventReader((data, event) => {
      output += `${event === undefined ? "" : `event: ${event}\n`}data: ${this.repairData(data)}\n\n`;
    });
    reader.push(bytes);
    reader.end();
    return output;
  }

  private repairData(data: string): string {
    if (!data.includes('"tool_calls"')) return data;
    let chunk: { choices?: Array<{ delta?: { tool_calls?: Array<Record<string, unknown>> } }> };
    try {
      chunk = JSON.parse(data) as typeof chunk;
    } catch {
      return data;
    }
    let changed = false;
    for (const choice of chunk.choices ?? []) {
      for (const call of choice.delta?.tool_calls ?? []) {
        const id = typeof call.id === "string" && call.id !== "" ? call.id : undefined;
        if (typeof call.index === "number") {
          this.lastIndex = call.index;
          if (id !== undefined) this.indexById.set(id, call.index);
          continue;
        }
        // No index: a known id continues its call, a new id starts the next one, no id continues the latest.
        let index = id === undefined ? this.lastIndex : this.indexById.get(id);
        if (index === undefined || index < 0) {
          index = this.indexById.size;
          if (id !== undefined) this.indexById.set(id, index);
        }
        this.lastIndex = index;
        call.index = index;
        if (id !== undefined && call.type === undefined) call.type = "function";
        changed = true;
      }
    }
    return changed ? JSON.stringify(chunk) : data;
  }
}
