import { apiRequest } from "@/components/ui/api-request";

export interface ResetTarget {
  providerId?: string;
  accountId?: string;
  model?: string;
}

/**
 * POST /api/resilience: an empty target resets every breaker and cooldown; `providerId` alone that provider's
 * breaker and cooldowns; with `accountId` / `model` only the matching cooldowns. Resolves to a sentence for the
 * status line, or throws the server's message.
 */
export async function resetResilience(target: ResetTarget): Promise<string> {
  const result = await apiRequest<{ breakersReset: number; cooldownsCleared: number }>("POST", "/api/resilience", target);
  if (!result.ok) throw new Error(result.message);
  const { breakersReset, cooldownsCleared } = result.data;
  const parts = [
    breakersReset > 0 ? `${breakersReset} breaker${breakersReset === 1 ? "" : "s"} reset` : null,
    `${cooldownsCleared} cooldown${cooldownsCleared === 1 ? "" : "s"} cleared`,
  ].filter(Boolean);
  return `Done: ${parts.join(", ")}.`;
}
