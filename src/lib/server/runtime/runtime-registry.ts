import type { OmnirouteRuntime } from "./runtime-types";

/**
 * Next bundles route handlers separately from the Node server, so a module-level singleton would exist
 * twice. The server publishes the one runtime here, under a global symbol, and Next code reads it back.
 */
const RUNTIME_KEY = Symbol.for("omniroute.runtime");

type RuntimeHolder = { [RUNTIME_KEY]?: OmnirouteRuntime };

export function publishRuntime(runtime: OmnirouteRuntime | undefined): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
}

/** The runtime, or undefined when Next runs without the omniroute server (e.g. `next build`). */
export function findRuntime(): OmnirouteRuntime | undefined {
  return (globalThis as RuntimeHolder)[RUNTIME_KEY];
}
