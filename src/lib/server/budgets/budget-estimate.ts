import type { BudgetReservationRequest } from "../../../../open-sse/src/ports";
import type { Pricing } from "../pricing/pricing-sources";

/**
 * Output assumed for a request that sets no cap: enough that typical chat and coding turns are covered. The
 * estimate only sizes the reservation (how much of the remaining budget in-flight requests hold); a request
 * is refused only once recorded spend plus reservations reached the limit.
 */
export const DEFAULT_OUTPUT_ESTIMATE_TOKENS = 4_096;
/** JSON, the role wrapping and whitespace make the body larger than its text: ~3 bytes per token is generous. */
const BODY_BYTES_PER_TOKEN = 3;

/** The request's cost if it used its whole prompt and output cap, at the dearest of its routes' list prices. */
export function estimateRequestCost(pricing: Pricing, request: BudgetReservationRequest): number {
  const inputTokens = Math.ceil(Math.max(0, request.bodyBytes) / BODY_BYTES_PER_TOKEN);
  const outputTokens = request.maxOutputTokens ?? DEFAULT_OUTPUT_ESTIMATE_TOKENS;
  let dearest = 0;
  for (const target of request.targets) {
    const { costUsd } = pricing.costOfTokens(target.provider, target.model, {
      inputTokens,
      outputTokens,
      cacheReadTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: null,
    });
    if (costUsd !== null && costUsd > dearest) dearest = costUsd;
  }
  return dearest;
}
