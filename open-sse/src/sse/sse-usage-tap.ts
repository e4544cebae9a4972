import { SseEventReader } from "./sse-event-reader";

/** An event longer than this without a blank line is not one we can use; its bytes are dropped. */
const MAX_PENDING_BYTES = 1024 * 1024;
const EVENT_ENDINGS = [Buffer.from("\n\n"), Buffer.from("\n\r\n"), Buffer.from("\r\r")];

/**
 * Watches a passthrough SSE stream for the event that carries `usage`, at a fraction of a full parse: chunks
 * are only searched (native `indexOf`), and only complete events that contain the marker are decoded and
 * parsed. Bytes after the last complete event are kept so an event split across chunks is still seen whole.
 */
export class SseUsageTap {
  private pending: Buffer | undefined;
  private readonly marker: Buffer;

  /**
   * @param marker bytes every usage-carrying event contains (`"usage"`; Gemini `"usageMetadata"`)
   * @param onEventData receives the data (and event name) of an event that contains the marker
   * @param accepted tells whether usage has been found, so earlier candidates in the same chunk need not be parsed
   */
  constructor(
    marker: string,
    private readonly onEventData: (data: string, event: string | undefined) => void,
    private readonly accepted: () => boolean = () => false,
  ) {
    this.marker = Buffer.from(marker);
  }

  push(chunk: Buffer): void {
    const combined = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    let boundary = -1;
    for (const ending of EVENT_ENDINGS) {
      const at = combined.lastIndexOf(ending);
      if (at !== -1) boundary = Math.max(boundary, at + ending.length);
    }
    if (boundary === -1) {
      this.pending = combined.length > MAX_PENDING_BYTES ? undefined : combined;
      return;
    }
    const complete = combined.subarray(0, boundary);
    this.pending = boundary < combined.length ? Buffer.from(combined.subarray(boundary)) : undefined;
    if (complete.indexOf(this.marker) !== -1) this.parse(complete);
  }

  /** The stream ended: an event the upstream did not close with a blank line still counts. */
  end(): void {
    if (this.pending !== undefined && this.pending.indexOf(this.marker) !== -1) this.parse(this.pending);
    this.pending = undefined;
  }

  /**
   * Decodes only the events that contain the marker, last first (the usage event is the final one, and some
   * providers send `"usage":null` on every chunk before it), stopping at the first the caller accepts.
   */
  private parse(bytes: Buffer): void {
    let searchFrom = bytes.length;
    while (searchFrom > 0) {
      const marker = bytes.lastIndexOf(this.marker, searchFrom - 1);
      if (marker === -1) return;
      const start = eventStart(bytes, marker);
      const reader = new SseEventReader((data, event) => this.onEventData(data, event));
      reader.push(bytes.subarray(start, eventEnd(bytes, marker)));
      reader.end();
      if (this.accepted()) return;
      searchFrom = start;
    }
  }
}

function eventStart(bytes: Buffer, position: number): number {
  let start = 0;
  for (const ending of EVENT_ENDINGS) {
    const at = bytes.lastIndexOf(ending, position);
    if (at !== -1) start = Math.max(start, at + ending.length);
  }
  return start;
}

function eventEnd(bytes: Buffer, position: number): number {
  let end = bytes.length;
  for (const ending of EVENT_ENDINGS) {
    const at = bytes.indexOf(ending, position);
    if (at !== -1) end = Math.min(end, at + ending.length);
  }
  return end;
}
