import type { CanonicalResponse } from "../../core/canonical-response";
import { wrapSignature } from "../../core/signature-envelope";
import type { ResponseContext } from "../wire-codec";
import { geminiFinishReason } from "./finish-reason";
import { argumentsObject } from "./function-arguments";
import type { GeminiPart, GeminiResponse } from "./gemini-wire";
import { ThoughtSignatureQueue } from "./thought-signature-queue";
import { formatUsageMetadata } from "./usage-metadata";

/**
 * A canonical answer as a `GenerateContentResponse` for a Gemini client: one candidate whose parts keep the
 * model's order (thinking as `thought: true` text, text, function calls with their ids and args as objects).
 * Signatures are wrapped for the client (`wrapSignature`: Gemini's own tokens unchanged, others' in our
 * envelope) and placed as Gemini places them (thought-signature-queue.ts). Anthropic's redacted thinking has no
 * Gemini part of its own: its data travels as a signature in the redacted envelope (`omr1r.`), so it comes
 * back as redacted thinking.
 */
export function formatGeminiResponse(response: CanonicalResponse, context: ResponseContext): GeminiResponse {
  const parts: GeminiPart[] = [];
  const signatures = new ThoughtSignatureQueue();
  for (const part of response.parts) {
    if (part.type === "reasoning") {
      if (part.redacted === true) {
        if (part.signature !== undefined) parts.push(...signatures.hold(wrapSignature({ ...part.signature, redacted: true }, "gemini")));
        continue;
      }
      if (part.text !== "") parts.push(...signatures.flush(), { text: part.text, thought: true });
      if (part.signature !== undefined) parts.push(...signatures.hold(wrapSignature(part.signature, "gemini")));
    } else if (part.type === "text") {
      if (part.text !== "") parts.push(...signatures.place({ text: part.text }));
    } else {
      const call: GeminiPart = { functionCall: { id: part.id, name: part.name, args: argumentsObject(part.arguments) } };
      if (part.signature !== undefined) call.thoughtSignature = wrapSignature(part.signature, "gemini");
      parts.push(...signatures.place(call));
    }
  }
  if (response.refusal !== undefined && response.refusal !== "") parts.push(...signatures.place({ text: response.refusal }));
  parts.push(...signatures.flush());
  const usageMetadata = formatUsageMetadata(response.usage);
  return {
    candidates: [{ content: { role: "model", parts }, finishReason: geminiFinishReason(response.finishReason), index: 0 }],
    ...(usageMetadata !== undefined ? { usageMetadata } : {}),
    modelVersion: context.model,
    responseId: response.id ?? context.requestId,
  };
}
