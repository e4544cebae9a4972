import { NO_USAGE, type TokenUsage } from "../../accounting/token-usage";
import type { FinishReason } from "../../core/canonical-response";
import { mergeUsage } from "../../core/stream-aggregator";
import type { StreamEvent, StreamFormatter } from "../../core/stream-event";
import type { JsonObject } from "../shared/json-fields";
import type { ResponseContext } from "../wire-codec";
import { ollamaDoneFields, ollamaTimestamp, ollamaToolCall } from "./ollama-response-fields";

interface BufferedCall {
  id: string;
  name: string;
  arguments: string;
}

const INCOMPLETE = "the response ended before it was complete";

/**
 * Canonical stream events → Ollama NDJSON: one `{"model","created_at","message":{…},"done":false}` line
 * per text or thinking delta, each tool call as one line once its arguments are complete (Ollama sends
 * calls whole, arguments as an object), then the final `"done":true` line with the done reason and token
 * counts. An error ends the stream with `{"error":"…"}`, as Ollama does mid-stream.
 */
export class OllamaStreamFormatter implements StreamFormatter {
  private readonly createdAt: string;
  private readonly calls = new Map<number, BufferedCall>();
  private finishReason: FinishReason | undefined;
  private usage: TokenUsage = NO_USAGE;
  private error: string | undefined;
  private ended = false;

  constructor(private readonly context: ResponseContext) {
    this.createdAt = ollamaTimestamp(context.createdAt);
  }

  format(event: StreamEvent): string {
    if (this.error !== undefined || this.ended) return "";
    switch (event.type) {
      case "text-delta":
        return event.text === "" ? "" : this.line({ role: "assistant", content: event.text });
      case "reasoning-delta":
        return event.text === "" ? "" : this.line({ role: "assistant", content: "", thinking: event.text });
      case "tool-call-start":
        this.calls.set(event.index, { id: event.id, name: event.name, arguments: "" });
        return "";
      case "tool-call-delta": {
        const call = this.calls.get(event.index);
        if (call !== undefined) call.arguments += event.argumentsDelta;
        return "";
      }
      case "tool-call-end":
        return this.flushCall(event.index);
      case "usage":
        this.usage = mergeUsage(this.usage, event.usage);
        return "";
      case "finish":
        this.finishReason ??= event.reason;
        return "";
      case "error":
        this.error = event.message;
        return "";
      case "message-start":
      case "reasoning-signature":
      case "reasoning-redacted":
        return "";
    }
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    if (this.error === undefined && this.finishReason === undefined) this.error = INCOMPLETE;
    if (this.error !== undefined) return `${JSON.stringify({ error: this.error })}\n`;
    // Calls the stream never closed still go out whole before the final line.
    let text = "";
    for (const index of [...this.calls.keys()]) text += this.flushCall(index);
    const final = {
      model: this.context.model,
      created_at: this.createdAt,
      message: { role: "assistant", content: "" },
      ...ollamaDoneFields(this.finishReason, this.usage),
    };
    return `${text}${JSON.stringify(final)}\n`;
  }

  private flushCall(index: number): string {
    const call = this.calls.get(index);
    if (call === undefined) return "";
    this.calls.delete(index);
    return this.line({ role: "assistant", content: "", tool_calls: [ollamaToolCall(call, index)] });
  }

  private line(message: JsonObject): string {
    return `${JSON.stringify({ model: this.context.model, created_at: this.createdAt, message, done: false })}\n`;
  }
}
