import type { SystemPromptPolicy, ThinkingPolicy, WireFormat } from "../../ports";
import { applySystemPromptToBody } from "../../policies/apply-system-prompt";
import { applyThinkingToBody } from "../../policies/apply-thinking-policy";
import { hasForeignSignatures, stripForeignSignatures } from "../../policies/strip-foreign-signatures";
import { disableThinkingForForeignToolTurn, signUnsignedFunctionCalls } from "../../policies/repair-foreign-turns";
import { applyParameterQuirks } from "../../providers/apply-parameter-quirks";
import type { ParameterQuirks } from "../../providers/provider-definition";
import { withUpstreamModel, type JsonRequest } from "./read-json-request";

/** The settings that edit a same-format body (from the snapshot; the thinking policy is per target). */
export interface SameFormatEdits {
  systemPrompt: SystemPromptPolicy | undefined;
  thinking: ThinkingPolicy;
  /** What the provider's API refuses or spells differently (built-in providers; see providers/). */
  quirks?: ParameterQuirks;
}

/**
 * The body for an upstream that speaks the client's format: the client's bytes with the model id replaced,
 * unless something must change — then the parsed body is edited surgically and re-serialised (key order and
 * values kept; only insignificant whitespace can differ). Every edit starts from the client's own body, so a
 * retry or a fallback target never sees a previous attempt's edits (the system prompt is never added twice).
 */
export function sameFormatBody(request: JsonRequest, format: WireFormat, clientModel: string, upstreamModel: string, edits: SameFormatEdits): Buffer {
  const edited = editedBody(request, format, upstreamModel, edits);
  if (edited === request.body) return withUpstreamModel(request, clientModel, upstreamModel, format);
  return Buffer.from(JSON.stringify(format === "gemini" ? edited : { ...edited, model: upstreamModel }));
}

/**
 * The same edits as `sameFormatBody`, as an object for a subscription executor that adds its own envelope or
 * fields (upstream/upstream-executor.ts). It may be the client's own parsed body: the caller hands each attempt a
 * copy, never this object.
 */
export function sameFormatBodyObject(request: JsonRequest, format: WireFormat, upstreamModel: string, edits: SameFormatEdits): Record<string, unknown> {
  return editedBody(request, format, upstreamModel, edits);
}

function editedBody(request: JsonRequest, format: WireFormat, upstreamModel: string, edits: SameFormatEdits): Record<string, unknown> {
  const stripped = hasForeignSignatures(request.bytes) ? stripForeignSignatures(format, request.body) : undefined;
  const withPrompt = applySystemPromptToBody(format, stripped ?? request.body, edits.systemPrompt);
  const withThinking = applyThinkingToBody(format, withPrompt, edits.thinking, upstreamModel);
  const repaired =
    format === "anthropic-messages"
      ? disableThinkingForForeignToolTurn(request.bytes, withThinking)
      : format === "gemini"
        ? signUnsignedFunctionCalls(request.bytes, withThinking)
        : withThinking;
  return (edits.quirks === undefined ? undefined : applyParameterQuirks(repaired, edits.quirks)) ?? repaired;
}
