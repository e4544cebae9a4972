import { z } from "zod";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";

export const dynamic = "force-dynamic";

const resetBody = z.strictObject({
  providerId: z.string().min(1).max(200).optional(),
  accountId: z.string().min(1).max(200).optional(),
  model: z.string().min(1).max(256).optional(),
});

function resilienceOf() {
  return (findRuntime() as HostRuntime | undefined)?.resilience;
}

/** GET /api/resilience: every provider's breaker and every account's and model's cooldown, with reason and end time. */
export function GET(): Response {
  const resilience = resilienceOf();
  if (resilience === undefined) return runtimeUnavailableResponse();
  return Response.json(resilience.snapshot(), { headers: noStore });
}

/**
 * POST /api/resilience `{providerId?, accountId?, model?}`: resets breakers and clears cooldowns — all of them
 * with an empty body, a provider's with `providerId`, only matching cooldowns with `accountId` / `model`.
 */
export async function POST(request: Request): Promise<Response> {
  const resilience = resilienceOf();
  if (resilience === undefined) return runtimeUnavailableResponse();
  let raw: unknown = {};
  const text = await request.text();
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      return Response.json({ error: { code: "invalid_input", message: "(root): must be a JSON object" } }, { status: 400, headers: noStore });
    }
  }
  const parsed = resetBody.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    return Response.json({ error: { code: "invalid_input", message } }, { status: 400, headers: noStore });
  }
  return Response.json(resilience.reset(parsed.data), { headers: noStore });
}
