import { z } from "zod";
import { jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { DEFAULT_SYSTEM_PROMPT_SETTINGS } from "@/lib/server/config-db/config-db-schema";
import { systemPromptTextSchema } from "@/lib/server/config-file/config-file-schema";

export const dynamic = "force-dynamic";

const systemPromptBody = z.strictObject({
  enabled: z.boolean(),
  text: systemPromptTextSchema,
  /** append keeps the client's own prompt (and its prompt-cache prefix) first; prepend puts this one first. */
  position: z.enum(["prepend", "append"]),
});

/** The stored global system prompt (disabled and empty when never set). */
export function GET(): Response {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  return jsonOk(runtime.configDb.read().settings.systemPrompt ?? DEFAULT_SYSTEM_PROMPT_SETTINGS);
}

/**
 * Replaces the global system prompt. Applies from the next request (the engine's snapshot follows the store);
 * a disabled or blank prompt adds nothing, but the text is kept for later.
 */
export async function PUT(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const body = await readJsonBody(request, systemPromptBody);
  if (body instanceof Response) return body;
  await runtime.configDb.update((draft) => {
    draft.settings.systemPrompt = { enabled: body.enabled, text: body.text, position: body.position };
  });
  return jsonOk(runtime.configDb.read().settings.systemPrompt ?? DEFAULT_SYSTEM_PROMPT_SETTINGS);
}
