import { z } from "zod";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { comboErrorResponse } from "@/lib/server/services/combos/combo-error-response";
import { getCombo } from "@/lib/server/services/combos/get-combo";
import { runComboTest } from "./run-combo-test";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ name: string }>;
}

/** A client key is needed only when /v1 requires one; it is used for this one request and never stored or logged. */
const testBody = z.strictObject({ apiKey: z.string().min(1).max(512).optional() });

/**
 * POST /api/combos/{name}/test `{apiKey?}`: sends one tiny chat request with `model: <name>` through /v1 and
 * answers which member served it and why the others were skipped (see run-combo-test.ts). The request is real:
 * it is billed and appears in usage and logs like any other. Behind the dashboard session guard.
 */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  const runtime = findRuntime() as HostRuntime | undefined;
  if (runtime?.configDb === undefined || runtime.sqlite === undefined) return runtimeUnavailableResponse();
  let raw: unknown = {};
  const text = await request.text();
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      return Response.json({ error: { code: "invalid_input", message: "(root): must be a JSON object" } }, { status: 400, headers: noStore });
    }
  }
  const parsed = testBody.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    return Response.json({ error: { code: "invalid_input", message } }, { status: 400, headers: noStore });
  }
  try {
    const { name } = await context.params;
    const combo = getCombo({ configDb: runtime.configDb }, name);
    if (!combo.enabled) {
      return Response.json({ error: { code: "combo_disabled", message: "This combo is disabled: enable it to test it." } }, { status: 409, headers: noStore });
    }
    if (runtime.configStore.getSnapshot().settings.requireApiKey && parsed.data.apiKey === undefined) {
      return Response.json(
        { error: { code: "api_key_required", message: "This gateway requires a client key on /v1: paste one to send the test request with it." } },
        { status: 400, headers: noStore },
      );
    }
    const result = await runComboTest(runtime, combo, parsed.data.apiKey);
    return Response.json(result, { headers: noStore });
  } catch (error) {
    return comboErrorResponse(error);
  }
}
