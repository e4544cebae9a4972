import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * Feeds raw upstream bytes to a spec-compliant SSE parser (CRLF, split lines, comments, multi-line data)
 * and hands each event's data to `onData`. UTF-8 sequences split across chunks are decoded in stream mode.
 */
export class SseEventReader {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly parser;

  constructor(onData: (data: string, event: string | undefined) => void) {
    this.parser = createParser({
      onEvent: (message: EventSourceMessage) => onData(message.data, message.event),
    });
  }

  push(chunk: Uint8Array): void {
    this.parser.feed(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    // An upstream that closes right after its last `data:` line (no blank line) still meant that event.
    this.parser.feed(`${this.decoder.decode()}\n\n`);
  }
}
