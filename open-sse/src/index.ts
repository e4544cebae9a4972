export * from "./ports";
export { createGateway, isGatewayPath, type Gateway } from "./gateway";
export { GatewayError, type GatewayErrorCode } from "./core/gateway-error";
export { getBuiltInProvider, listBuiltInProviders, type BuiltInProvider } from "./providers/built-in-providers";
export type { ResilienceState } from "./routing/resilience-state";
