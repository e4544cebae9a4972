import { NO_USAGE, type TokenUsage } from "../../accounting/token-usage";
import type { FinishReason } from "../../core/canonical-response";
import { mergeUsage } from "../../core/stream-aggregator";
import type { StreamEvent, StreamFormatter } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { chatFinishReason } from "./chat-finish-reason";
import { chatUsageBody } from "./chat-usage-body";
import type { JsonObject } from "../shared/json-fields";

const INCOMPLETE = "The response ended before it was complete.";

/**
 * Canonical stream events → OpenAI Chat SSE for a client: `chat.completion.chunk` objects as OpenAI sends
 * them. The first chunk carries `role: "assistant"`; reasoning goes in `delta.reasoning_content` (the field
 * DeepSeek introduced and most clients read); a tool call's first delta carries index, id, name and empty
 * arguments, its argument text follows. After the finish chunk come the usage chunk (`choices: []`, when the
 * client asked with `stream_options.include_usage` and the upstream reported usage) and `data: [DONE]`.
 *
 * An error ends the stream with `data: {"error": {…}}` and no `[DONE]`: OpenAI's SDKs raise on the error
 * event, and clients that only watch for `[DONE]` must not mistake a failed answer for a complete one.
 * Signatures are not sent (OpenAI Chat clients never return reasoning to the server).
 */
export class ChatStreamFormatter implements StreamFormatter {
  private readonly id: string;
  private started = false;
  private finishReason: FinishReason | undefined;
  private usage: TokenUsage = NO_USAGE;
  private error: { message: string; code: string | null } | undefined;
  private ended = false;

  constructor(private readonly context: ResponseContext) {
    this.id = `chatcmpl-${context.requestId}`;
  }

  format(event: StreamEvent): string {
    if (this.error !== undefined || this.ended) return "";
    switch (event.type) {
      case "message-start":
        return this.start();
      case "text-delta":
        return event.text === "" ? "" : this.start() + this.chunk({ content: event.text });
      case "reasoning-delta":
        return event.text === "" ? "" : this.start() + this.chunk({ reasoning_content: event.text });
      case "tool-call-start":
        return (
          this.start() +
          this.chunk({ tool_calls: [{ index: event.index, id: event.id, type: "function", function: { name: event.name, arguments: "" } }] })
        );
      case "tool-call-delta":
        return event.argumentsDelta === "" ? "" : this.start() + this.chunk({ tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] });
      case "usage":
        this.usage = mergeUsage(this.usage, event.usage);
        return "";
      case "finish":
        if (this.finishReason !== undefined) return "";
        this.finishReason = event.reason;
        return this.start() + this.chunk({}, chatFinishReason(event.reason));
      case "error":
        this.error = { message: event.message, code: event.code ?? null };
        return "";
      case "tool-call-end":
      case "reasoning-signature":
      case "reasoning-redacted":
        return "";
    }
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    if (this.error === undefined && this.finishReason === undefined) this.error = { message: INCOMPLETE, code: "stream_interrupted" };
    if (this.error !== undefined) {
      return `data: ${JSON.stringify({ error: { message: this.error.message, type: "api_error", param: null, code: this.error.code } })}\n\n`;
    }
    let text = "";
    const usage = chatUsageBody(this.usage);
    if (this.context.includeUsage && usage !== undefined) text += this.data({ ...this.envelope(), choices: [], usage });
    return `${text}data: [DONE]\n\n`;
  }

  private start(): string {
    if (this.started) return "";
    this.started = true;
    return this.chunk({ role: "assistant", content: "" });
  }

  private chunk(delta: JsonObject, finishReason: string | null = null): string {
    return this.data({ ...this.envelope(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  private envelope(): JsonObject {
    return { id: this.id, object: "chat.completion.chunk", created: this.context.createdAt, model: this.context.model };
  }

  private data(payload: JsonObject): string {
    return `data: ${JSON.stringify(payload)}\n\n`;
  }
}
