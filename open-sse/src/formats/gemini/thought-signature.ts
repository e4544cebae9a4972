import type { OpaqueSignature } from "../../core/canonical-request";
import { unwrapSignature } from "../../core/signature-envelope";

/**
 * The value Google documents for function calls Gemini did not produce itself (a history transferred from
 * another model, hand-built turns): "You can set the following dummy signatures of either
 * `context_engineering_is_the_way_to_go` or `skip_thought_signature_validator`" (ai.google.dev, Thought
 * signatures, FAQ); Vertex AI documents the second one, and Gemini CLI sends it as `SYNTHETIC_THOUGHT_SIGNATURE`
 * for the first function call of a turn that lacks one. Without it Gemini 3 answers 400 "Function call is
 * missing a thought_signature". Sent as the raw string, as Gemini CLI (through `@google/genai`) puts it on the wire.
 */
export const SKIP_THOUGHT_SIGNATURE_VALIDATOR = "skip_thought_signature_validator";

const DOCUMENTED_PLACEHOLDERS: ReadonlySet<string> = new Set([SKIP_THOUGHT_SIGNATURE_VALIDATOR, "context_engineering_is_the_way_to_go"]);

/**
 * The signature a Gemini client sent on a part. Our own envelope (`omr1.<format>.…`) tells where a token came
 * from; a bare token is Gemini's. The documented placeholders carry no reasoning, so they read as "no signature"
 * (the Gemini formatter puts one back where Gemini needs it).
 */
export function readClientThoughtSignature(token: unknown): OpaqueSignature | undefined {
  if (typeof token !== "string" || DOCUMENTED_PLACEHOLDERS.has(token)) return undefined;
  return unwrapSignature(token, "gemini");
}
