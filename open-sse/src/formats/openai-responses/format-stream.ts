import { NO_USAGE, type TokenUsage } from "../../accounting/token-usage";
import type { OpaqueSignature } from "../../core/canonical-request";
import type { FinishReason } from "../../core/canonical-response";
import { wrapSignature } from "../../core/signature-envelope";
import { mergeUsage } from "../../core/stream-aggregator";
import type { StreamEvent, StreamFormatter } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { statusOf } from "./finish-reason";
import type { JsonObject } from "../shared/json-fields";
import { functionCallItem, messageItem, outputTextPart, reasoningItem, type ItemStatus } from "./output-items";
import { responseObject, type ResponseObjectFields } from "./response-object";
import { errorEventData, responsesErrorCode, UPSTREAM_FAILED } from "./responses-error";
import { sseEvent } from "./sse-event";
import { namespacedNames, type NamespacedName } from "./tool-namespaces";

interface OpenText {
  outputIndex: number;
  id: string;
  text: string;
}

interface OpenCall {
  outputIndex: number;
  id: string;
  callId: string;
  name: string;
  arguments: string;
}

/**
 * Canonical events → the Responses stream a client reads: `event: <type>\ndata: <json>\n\n`, each with the
 * next `sequence_number`. The grammar, as OpenAI sends it:
 *
 *   response.created, response.in_progress, then per output item
 *     message:   output_item.added, content_part.added, output_text.delta*, output_text.done,
 *                content_part.done, output_item.done
 *     reasoning: output_item.added, reasoning_summary_part.added, reasoning_summary_text.delta*,
 *                reasoning_summary_text.done, reasoning_summary_part.done, output_item.done (with
 *                `encrypted_content`)
 *     function:  output_item.added (arguments ""), function_call_arguments.delta*,
 *                function_call_arguments.done, output_item.done
 *   then response.completed (the whole response, usage included), or response.incomplete (length, content
 *   filter), or, on error, `error` followed by response.failed with `response.error {code, message}`.
 *
 * Text and reasoning items close when anything else follows them. Function calls stay open until their
 * `tool-call-end`, each with its own output index and item id, so interleaved parallel deltas always name
 * an open item. The finish is written by `end()`, after a possible late usage event.
 */
export class ResponsesStreamFormatter implements StreamFormatter {
  private sequence = 0;
  private started = false;
  private closed = false;
  private readonly output: JsonObject[] = [];
  private message: OpenText | undefined;
  private reasoning: OpenText | undefined;
  private readonly calls = new Map<number, OpenCall>();
  private usage: TokenUsage = NO_USAGE;
  private finishReason: FinishReason | undefined;
  private error: { message: string; code?: string } | undefined;
  private readonly names: ReadonlyMap<string, NamespacedName>;

  constructor(private readonly context: ResponseContext) {
    this.names = namespacedNames(context.request?.tools);
  }

  format(event: StreamEvent): string {
    if (this.closed || this.error !== undefined) return "";
    switch (event.type) {
      case "message-start":
        return this.start();
      case "text-delta":
        return this.start() + this.closeReasoning() + this.textDelta(event.text);
      case "reasoning-delta":
        return this.start() + this.closeMessage() + this.reasoningDelta(event.text);
      case "reasoning-signature":
        return this.start() + this.closeMessage() + this.signReasoning(event.signature);
      case "reasoning-redacted":
        return this.start() + this.closeMessage() + this.closeReasoning() + this.signReasoning(event.signature);
      case "tool-call-start":
        return this.start() + this.closeMessage() + this.closeReasoning() + this.openCall(event.index, event.id, event.name);
      case "tool-call-delta":
        return this.argumentsDelta(event.index, event.argumentsDelta);
      case "tool-call-end":
        return this.closeCall(event.index, "completed");
      case "usage":
        this.usage = mergeUsage(this.usage, event.usage);
        return "";
      case "finish":
        this.finishReason = event.reason;
        return "";
      case "error":
        this.error = { message: event.message, ...(event.code !== undefined ? { code: event.code } : {}) };
        return "";
    }
  }

  end(): string {
    if (this.closed) return "";
    let out = this.start();
    this.closed = true;
    const error = this.error ?? (this.finishReason === undefined ? { message: "stream ended before the response was complete" } : this.finishReason === "error" ? UPSTREAM_FAILED : undefined);
    if (error !== undefined) {
      // As OpenAI does: an `error` event (the SDK throws on it), then `response.failed` (what Codex reads).
      const code = responsesErrorCode(error.code);
      out += this.emit(errorEventData(code, error.message));
      return out + this.terminal("response.failed", { status: "failed", error: { code, message: error.message } });
    }
    const { status, incompleteDetails } = statusOf(this.finishReason ?? "stop");
    const itemStatus: ItemStatus = status === "completed" ? "completed" : "incomplete";
    out += this.closeMessage(itemStatus) + this.closeReasoning(itemStatus);
    for (const index of [...this.calls.keys()]) out += this.closeCall(index, itemStatus);
    return out + this.terminal(status === "incomplete" ? "response.incomplete" : "response.completed", { status, incompleteDetails });
  }

  private start(): string {
    if (this.started) return "";
    this.started = true;
    const response = this.response({ status: "in_progress" });
    return this.emit({ type: "response.created", response }) + this.emit({ type: "response.in_progress", response });
  }

  private textDelta(text: string): string {
    let out = "";
    if (this.message === undefined) {
      const message = (this.message = this.openItem("msg"));
      out += this.emit({ type: "response.output_item.added", output_index: message.outputIndex, item: messageItem(message.id, "in_progress", []) });
      out += this.emit({ type: "response.content_part.added", item_id: message.id, output_index: message.outputIndex, content_index: 0, part: outputTextPart("") });
    }
    const message = this.message;
    message.text += text;
    return out + this.emit({ type: "response.output_text.delta", item_id: message.id, output_index: message.outputIndex, content_index: 0, delta: text, logprobs: [] });
  }

  private closeMessage(status: ItemStatus = "completed"): string {
    const message = this.message;
    if (message === undefined) return "";
    this.message = undefined;
    const where = { item_id: message.id, output_index: message.outputIndex, content_index: 0 };
    const item = messageItem(message.id, status, [outputTextPart(message.text)]);
    this.output[message.outputIndex] = item;
    return (
      this.emit({ type: "response.output_text.done", ...where, text: message.text, logprobs: [] }) +
      this.emit({ type: "response.content_part.done", ...where, part: outputTextPart(message.text) }) +
      this.emit({ type: "response.output_item.done", output_index: message.outputIndex, item })
    );
  }

  private reasoningDelta(text: string): string {
    let out = "";
    if (this.reasoning === undefined) {
      const reasoning = (this.reasoning = this.openItem("rs"));
      out += this.emit({ type: "response.output_item.added", output_index: reasoning.outputIndex, item: reasoningItem(reasoning.id, "", undefined) });
    }
    const reasoning = this.reasoning;
    const where = { item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0 };
    if (reasoning.text === "") out += this.emit({ type: "response.reasoning_summary_part.added", ...where, part: { type: "summary_text", text: "" } });
    reasoning.text += text;
    return out + this.emit({ type: "response.reasoning_summary_text.delta", ...where, delta: text });
  }

  /** The signature closes the open reasoning item (or stands alone as one, when no text came before it). */
  private signReasoning(signature: OpaqueSignature): string {
    let out = "";
    if (this.reasoning === undefined) {
      const reasoning = (this.reasoning = this.openItem("rs"));
      out += this.emit({ type: "response.output_item.added", output_index: reasoning.outputIndex, item: reasoningItem(reasoning.id, "", undefined) });
    }
    return out + this.closeReasoning("completed", signature);
  }

  /** Reasoning that arrived without a token is closed with `omr1.none.` (see output-items.ts). */
  private closeReasoning(status: ItemStatus = "completed", signature?: OpaqueSignature): string {
    const reasoning = this.reasoning;
    if (reasoning === undefined) return "";
    this.reasoning = undefined;
    let out = "";
    if (reasoning.text !== "") {
      const where = { item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0 };
      out += this.emit({ type: "response.reasoning_summary_text.done", ...where, text: reasoning.text });
      out += this.emit({ type: "response.reasoning_summary_part.done", ...where, part: { type: "summary_text", text: reasoning.text } });
    }
    const item = { ...reasoningItem(reasoning.id, reasoning.text, wrapSignature(signature, "openai-responses")), status };
    this.output[reasoning.outputIndex] = item;
    return out + this.emit({ type: "response.output_item.done", output_index: reasoning.outputIndex, item });
  }

  private openCall(index: number, callId: string, name: string): string {
    if (this.calls.has(index)) return "";
    const { outputIndex, id } = this.openItem("fc");
    const call: OpenCall = { outputIndex, id, callId, name, arguments: "" };
    this.calls.set(index, call);
    return this.emit({ type: "response.output_item.added", output_index: outputIndex, item: this.callItem(call, "in_progress") });
  }

  private argumentsDelta(index: number, delta: string): string {
    const call = this.calls.get(index);
    if (call === undefined || delta === "") return "";
    call.arguments += delta;
    return this.emit({ type: "response.function_call_arguments.delta", item_id: call.id, output_index: call.outputIndex, delta });
  }

  private closeCall(index: number, status: ItemStatus): string {
    const call = this.calls.get(index);
    if (call === undefined) return "";
    this.calls.delete(index);
    const item = this.callItem(call, status);
    this.output[call.outputIndex] = item;
    return (
      this.emit({ type: "response.function_call_arguments.done", item_id: call.id, output_index: call.outputIndex, name: item.name, arguments: call.arguments }) +
      this.emit({ type: "response.output_item.done", output_index: call.outputIndex, item })
    );
  }

  private callItem(call: OpenCall, status: ItemStatus): JsonObject {
    return functionCallItem(call.id, status, { callId: call.callId, name: call.name, arguments: call.arguments }, this.names);
  }

  /** A new output item's index and id (`msg_`, `rs_`, `fc_` + request id + index), its slot reserved in order. */
  private openItem(prefix: string): OpenText {
    const outputIndex = this.output.length;
    const id = `${prefix}_${this.context.requestId}_${outputIndex}`;
    this.output.push({ id });
    return { outputIndex, id, text: "" };
  }

  private terminal(type: string, fields: Omit<ResponseObjectFields, "output" | "usage">): string {
    return this.emit({ type, response: this.response(fields) });
  }

  private response(fields: Omit<ResponseObjectFields, "output" | "usage">): JsonObject {
    const done = this.closed;
    // Items still open when the stream failed are reported as they stood.
    return responseObject(this.context, { ...fields, output: done ? this.output.filter((item) => item.type !== undefined) : [], usage: done ? this.usage : null });
  }

  private emit(data: JsonObject): string {
    const { type, ...fields } = data;
    return sseEvent({ type, sequence_number: this.sequence++, ...fields });
  }
}
