import { NO_USAGE, type TokenUsage } from "../../accounting/token-usage";
import type { OpaqueSignature } from "../../core/canonical-request";
import type { FinishReason } from "../../core/canonical-response";
import { wrapSignature } from "../../core/signature-envelope";
import { mergeUsage } from "../../core/stream-aggregator";
import type { StreamEvent, StreamFormatter } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { geminiFinishReason } from "./finish-reason";
import { formatGeminiErrorEvent } from "./format-error";
import { argumentsObject } from "./function-arguments";
import type { GeminiCandidate, GeminiPart, GeminiResponse } from "./gemini-wire";
import { ThoughtSignatureQueue } from "./thought-signature-queue";
import { formatUsageMetadata } from "./usage-metadata";

interface OpenCall {
  id: string;
  name: string;
  signature: OpaqueSignature | undefined;
  argumentsText: string;
}

/**
 * Canonical events as Gemini's `streamGenerateContent?alt=sse` stream: one `data: <GenerateContentResponse>`
 * event per text or thought delta, as they come; each function call whole when it ends (Gemini never splits
 * one, and its args must be an object); then a last event with `finishReason` and `usageMetadata`, which is
 * what Gemini CLI requires to accept the turn (a stream without a finish reason is retried). Events end in
 * CRLF CRLF, as Google's servers write them (`@google/genai` accepts LF LF, CR CR and CRLF CRLF).
 */
export class GeminiStreamFormatter implements StreamFormatter {
  private responseId: string;
  private readonly calls = new Map<number, OpenCall>();
  private readonly signatures = new ThoughtSignatureQueue();
  private usage: TokenUsage = NO_USAGE;
  private finishReason: FinishReason | undefined;
  private error: { message: string; code: string | undefined } | undefined;

  constructor(private readonly context: ResponseContext) {
    this.responseId = context.requestId;
  }

  format(event: StreamEvent): string {
    switch (event.type) {
      case "message-start":
        if (event.id !== undefined && event.id !== "") this.responseId = event.id;
        return "";
      case "text-delta":
        return this.chunk(this.signatures.place({ text: event.text }));
      case "reasoning-delta":
        return this.chunk([...this.signatures.flush(), { text: event.text, thought: true }]);
      case "reasoning-signature":
        return this.chunk(this.signatures.hold(wrapSignature(event.signature, "gemini")));
      case "reasoning-redacted":
        // No Gemini part can say "redacted": the data travels as a signature in the redacted envelope (omr1r.).
        return this.chunk(this.signatures.hold(wrapSignature({ ...event.signature, redacted: true }, "gemini")));
      case "tool-call-start":
        this.calls.set(event.index, { id: event.id, name: event.name, signature: event.signature, argumentsText: "" });
        return "";
      case "tool-call-delta": {
        const call = this.calls.get(event.index);
        if (call !== undefined) call.argumentsText += event.argumentsDelta;
        return "";
      }
      case "tool-call-end": {
        const call = this.calls.get(event.index);
        if (call === undefined) return "";
        this.calls.delete(event.index);
        return this.chunk(this.signatures.place(callPart(call)));
      }
      case "usage":
        this.usage = mergeUsage(this.usage, event.usage);
        return "";
      case "finish":
        this.finishReason = event.reason;
        return "";
      case "error":
        this.error = { message: event.message, code: event.code };
        return "";
    }
  }

  end(): string {
    if (this.error !== undefined) return formatGeminiErrorEvent(this.error.message, this.error.code);
    if (this.finishReason === undefined) return formatGeminiErrorEvent("stream ended before the response was complete", "stream_interrupted");
    // Calls the upstream never closed still go out whole, before the finish.
    const parts: GeminiPart[] = [];
    for (const call of this.calls.values()) parts.push(...this.signatures.place(callPart(call)));
    this.calls.clear();
    parts.push(...this.signatures.flush());
    const candidate: GeminiCandidate = { finishReason: geminiFinishReason(this.finishReason), index: 0 };
    if (parts.length > 0) candidate.content = { role: "model", parts };
    const usageMetadata = formatUsageMetadata(this.usage);
    return this.event({
      candidates: [candidate],
      ...(usageMetadata !== undefined ? { usageMetadata } : {}),
      modelVersion: this.context.model,
      responseId: this.responseId,
    });
  }

  private chunk(parts: GeminiPart[]): string {
    if (parts.length === 0) return "";
    return this.event({
      candidates: [{ content: { role: "model", parts }, index: 0 }],
      modelVersion: this.context.model,
      responseId: this.responseId,
    });
  }

  private event(response: GeminiResponse): string {
    return `data: ${JSON.stringify(response)}\r\n\r\n`;
  }
}

function callPart(call: OpenCall): GeminiPart {
  const part: GeminiPart = { functionCall: { id: call.id, name: call.name, args: argumentsObject(call.argumentsText) } };
  if (call.signature !== undefined) part.thoughtSignature = wrapSignature(call.signature, "gemini");
  return part;
}
