/**
 * How an account pays for its tokens. Metered accounts pay per token (cost = tokens × price). Subscription
 * accounts (a Claude or ChatGPT plan behind OAuth) and free tiers cost nothing per request: their rows show
 * $0 while their tokens still count toward quota and usage.
 */
export type BillingMode = "metered" | "subscription" | "free";

export const BILLING_MODES: readonly BillingMode[] = ["metered", "subscription", "free"];
