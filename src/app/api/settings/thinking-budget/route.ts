import { jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { DEFAULT_THINKING_SETTINGS } from "@/lib/server/config-db/config-db-schema";
import { thinkingSettingsInputSchema } from "@/lib/server/config-file/config-file-schema";

export const dynamic = "force-dynamic";

/**
 * The stored thinking policies: `global` for every model without its own entry, `perModel` keyed by qualified
 * (`anthropic/claude-sonnet-4-5`) or bare model id. Each policy is `{mode:"passthrough"}` (the client's own
 * request goes unchanged), `{mode:"budget", budgetTokens}` or `{mode:"effort", effort}`. Passthrough everywhere
 * when never set.
 */
export function GET(): Response {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  return jsonOk(runtime.configDb.read().settings.thinking ?? DEFAULT_THINKING_SETTINGS);
}

/**
 * Replaces the thinking policies (`{global, perModel}`: budgets are integers 0–128000, at most 500 model
 * entries). Applies from the next request; the engine clamps each budget to the target model's limits.
 */
export async function PUT(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const body = await readJsonBody(request, thinkingSettingsInputSchema);
  if (body instanceof Response) return body;
  await runtime.configDb.update((draft) => {
    draft.settings.thinking = {
      global: { ...body.global },
      perModel: Object.fromEntries(Object.entries(body.perModel).map(([model, policy]) => [model, { ...policy }])),
    };
  });
  return jsonOk(runtime.configDb.read().settings.thinking ?? DEFAULT_THINKING_SETTINGS);
}
