import type { OpaqueSignature } from "../../core/canonical-request";
import type { StreamEvent, StreamParser } from "../../core/stream-event";
import { finishReasonFromGemini } from "./finish-reason";
import { argumentsText } from "./function-arguments";
import { fieldOf, isJsonObject, stringField, tryParseJson, type JsonObject } from "../shared/json-fields";
import { readUsageMetadata } from "./usage-metadata";

/**
 * Reads Gemini's `streamGenerateContent?alt=sse` events (each a whole GenerateContentResponse) as canonical
 * events; `parseGeminiResponse` feeds a non-streaming answer through the same reader.
 *
 * - Only the first candidate is read (requests ask for one).
 * - `thought: true` text is reasoning. A `thoughtSignature` on a text part closes the reasoning before that part
 *   (Gemini puts it on the first part after the thinking, or on an empty text part at the end); on a
 *   `functionCall` it stays with the call (`tool-call-start.signature`), where Gemini validates it next turn.
 * - Gemini sends each function call whole: start, one delta with the JSON of its args, end. A call without an
 *   id gets `call_<responseId>_<n>`: deterministic, and unique across the turns of a conversation (clients of
 *   other formats, and Anthropic upstreams, require distinct tool-use ids).
 * - `usageMetadata` repeats running totals; a usage event is emitted whenever they change.
 * - The terminal event is the chunk with a `finishReason` (or a `promptFeedback.blockReason` without
 *   candidates: the prompt itself was blocked). An in-band `{"error":{…}}` is an error event.
 */
export class GeminiStreamParser implements StreamParser {
  private started = false;
  private finished = false;
  private failed = false;
  private toolCallCount = 0;
  private sawToolCall = false;
  private responseId: string | undefined;
  private lastUsage: string | undefined;

  push(data: string): StreamEvent[] {
    if (data.trim() === "") return [];
    const chunk = tryParseJson(data);
    if (chunk === undefined) return this.fail("Gemini sent a stream event that is not JSON.", "upstream_error");
    return this.pushChunk(chunk);
  }

  /** One parsed GenerateContentResponse (or error object). */
  pushChunk(chunk: unknown): StreamEvent[] {
    if (this.failed) return [];
    if (!isJsonObject(chunk)) return this.fail("Gemini sent a stream event that is not an object.", "upstream_error");
    const error = chunk.error;
    if (error !== undefined) {
      const message = stringField(error, "message") ?? "Gemini reported an error.";
      const status = stringField(error, "status");
      return this.fail(message, status ?? "upstream_error");
    }
    const events: StreamEvent[] = [];
    if (!this.finished) {
      if (!this.started) {
        this.started = true;
        this.responseId = stringField(chunk, "responseId");
        const model = stringField(chunk, "modelVersion");
        events.push({ type: "message-start", ...(this.responseId !== undefined ? { id: this.responseId } : {}), ...(model !== undefined ? { model } : {}) });
      }
      const candidate = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
      const parts = fieldOf(fieldOf(candidate, "content"), "parts");
      if (Array.isArray(parts)) for (const part of parts) this.readPart(part, events);
      this.readUsage(chunk, events);
      const finishReason = stringField(candidate, "finishReason");
      if (finishReason !== undefined && finishReason !== "" && finishReason !== "FINISH_REASON_UNSPECIFIED") {
        this.finished = true;
        events.push({ type: "finish", reason: finishReasonFromGemini(finishReason, this.sawToolCall) });
      } else if (candidate === undefined && stringField(chunk.promptFeedback, "blockReason") !== undefined) {
        this.finished = true;
        events.push({ type: "finish", reason: "content-filter" });
      }
    } else {
      // After the finish only a late usage figure is of interest.
      this.readUsage(chunk, events);
    }
    return events;
  }

  end(): StreamEvent[] {
    if (this.finished || this.failed) return [];
    return this.fail("stream ended before the response was complete", "stream_interrupted");
  }

  private fail(message: string, code: string): StreamEvent[] {
    this.failed = true;
    return [{ type: "error", message, code }];
  }

  private readPart(part: unknown, events: StreamEvent[]): void {
    if (!isJsonObject(part)) return;
    const token = part.thoughtSignature;
    const signature: OpaqueSignature | undefined = typeof token === "string" && token !== "" ? { format: "gemini", value: token } : undefined;
    const call = part.functionCall;
    if (isJsonObject(call)) {
      this.readFunctionCall(call, signature, events);
      return;
    }
    const text = part.text;
    if (typeof text === "string") {
      if (part.thought === true) {
        if (text !== "") events.push({ type: "reasoning-delta", text });
        if (signature !== undefined) events.push({ type: "reasoning-signature", signature });
      } else {
        if (signature !== undefined) events.push({ type: "reasoning-signature", signature });
        if (text !== "") events.push({ type: "text-delta", text });
      }
      return;
    }
    if (signature !== undefined) events.push({ type: "reasoning-signature", signature });
    const codeText = codeExecutionText(part);
    if (codeText !== undefined) events.push({ type: "text-delta", text: codeText });
    // Generated media (inlineData in a model answer) has no canonical output part.
  }

  private readFunctionCall(call: JsonObject, signature: OpaqueSignature | undefined, events: StreamEvent[]): void {
    const index = this.toolCallCount++;
    this.sawToolCall = true;
    const id = typeof call.id === "string" && call.id !== "" ? call.id : this.derivedCallId(index);
    const name = typeof call.name === "string" ? call.name : "";
    events.push({ type: "tool-call-start", index, id, name, ...(signature !== undefined ? { signature } : {}) });
    events.push({ type: "tool-call-delta", index, argumentsDelta: argumentsText(call.args) });
    events.push({ type: "tool-call-end", index });
  }

  private derivedCallId(index: number): string {
    if (this.responseId === undefined || this.responseId === "") return `call_${index}`;
    return `call_${this.responseId.replace(/[^A-Za-z0-9_-]/g, "_")}_${index}`;
  }

  private readUsage(chunk: JsonObject, events: StreamEvent[]): void {
    const usage = readUsageMetadata(chunk.usageMetadata);
    if (usage === null) return;
    const key = JSON.stringify(usage);
    if (key === this.lastUsage) return;
    this.lastUsage = key;
    events.push({ type: "usage", usage });
  }
}

/** Code-execution output (the model's code, then its result) as text a client of any format can show. */
function codeExecutionText(part: JsonObject): string | undefined {
  const code = part.executableCode;
  if (isJsonObject(code) && typeof code.code === "string") {
    const language = typeof code.language === "string" && code.language !== "LANGUAGE_UNSPECIFIED" ? code.language.toLowerCase() : "";
    return `\n\`\`\`${language}\n${code.code}\n\`\`\`\n`;
  }
  const result = part.codeExecutionResult;
  if (isJsonObject(result) && typeof result.output === "string" && result.output !== "") return `\n\`\`\`\n${result.output}\n\`\`\`\n`;
  return undefined;
}
