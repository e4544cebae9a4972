/**
 * Test support (imported by tests only): reads SSE text back into events and checks it against the grammar
 * Anthropic clients rely on, naming every violation. Stricter than the SDK's accumulator, which silently
 * ignores a delta for an unknown block: the real API never sends one, and other clients fail on it
 * ("Content block not found").
 */
export interface SseMessage {
  event: string | undefined;
  data: string;
}

/** Splits well-formed SSE text (our own output: one `event:` and one `data:` line per event). */
export function readSseText(text: string): SseMessage[] {
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => {
      let event: string | undefined;
      let data = "";
      for (const line of chunk.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice("event: ".length);
        else if (line.startsWith("data: ")) data += line.slice("data: ".length);
      }
      return { event, data };
    });
}

type Payload = Record<string, unknown> & { type?: unknown; index?: unknown };

const DELTA_FOR_BLOCK: Readonly<Record<string, readonly string[]>> = {
  text: ["text_delta", "citations_delta"],
  thinking: ["thinking_delta", "signature_delta"],
  tool_use: ["input_json_delta"],
  redacted_thinking: [],
};

/** Every violation of the message_start … message_stop grammar (empty: the stream is well formed). */
export function checkAnthropicStream(messages: readonly SseMessage[]): string[] {
  const problems: string[] = [];
  let state: "before" | "message" | "after" = "before";
  let open: { index: number; type: string; text: string; lastDelta?: string } | undefined;
  let nextIndex = 0;
  for (const [position, message] of messages.entries()) {
    const where = `event ${position} (${message.event})`;
    let payload: Payload;
    try {
      payload = JSON.parse(message.data) as Payload;
    } catch {
      problems.push(`${where}: data is not JSON`);
      continue;
    }
    if (payload.type !== message.event) problems.push(`${where}: event name and data type differ`);
    if (state === "after") problems.push(`${where}: event after message_stop or error`);
    switch (payload.type) {
      case "message_start":
        if (state !== "before") problems.push(`${where}: message_start twice`);
        state = "message";
        break;
      case "content_block_start": {
        const block = payload.content_block as Payload | undefined;
        if (state !== "message") problems.push(`${where}: block before message_start`);
        if (open !== undefined) problems.push(`${where}: block ${String(payload.index)} starts while ${open.index} is open`);
        if (payload.index !== nextIndex) problems.push(`${where}: block index ${String(payload.index)}, expected ${nextIndex}`);
        nextIndex++;
        open = { index: payload.index as number, type: String(block?.type), text: typeof block?.text === "string" ? block.text : "" };
        if (block?.type === "text" && block.text !== "") problems.push(`${where}: text block starts with text`);
        break;
      }
      case "content_block_delta": {
        const delta = payload.delta as Payload | undefined;
        if (open === undefined || payload.index !== open.index) {
          problems.push(`${where}: delta for block ${String(payload.index)}, which is not open`);
          break;
        }
        if (!(DELTA_FOR_BLOCK[open.type] ?? []).includes(String(delta?.type))) problems.push(`${where}: ${String(delta?.type)} in a ${open.type} block`);
        if (delta?.type === "text_delta") {
          if (delta.text === "") problems.push(`${where}: empty text delta`);
          open.text += String(delta.text);
        }
        open.lastDelta = String(delta?.type);
        break;
      }
      case "content_block_stop":
        if (open === undefined || payload.index !== open.index) problems.push(`${where}: stop for block ${String(payload.index)}, which is not open`);
        else if (open.type === "text" && open.text === "") problems.push(`${where}: text block with empty text`);
        else if (open.type === "thinking" && open.lastDelta !== "signature_delta") problems.push(`${where}: thinking block closed without signature_delta`);
        open = undefined;
        break;
      case "message_delta":
        if (open !== undefined) problems.push(`${where}: message_delta while block ${open.index} is open`);
        if (state !== "message") problems.push(`${where}: message_delta outside the message`);
        break;
      case "message_stop":
        if (state !== "message") problems.push(`${where}: message_stop outside the message`);
        state = "after";
        break;
      case "error":
        state = "after";
        break;
      case "ping":
        break;
      default:
        problems.push(`${where}: unknown event type`);
    }
  }
  if (state !== "after") problems.push("stream does not end with message_stop or error");
  return problems;
}
