import type { HostRuntime } from "../runtime/create-runtime";
import { findRuntime } from "../runtime/runtime-registry";

/** The full host runtime (configDb, auth) for route handlers; undefined when Next runs without the server. */
export function findHostRuntime(): HostRuntime | undefined {
  const runtime = findRuntime() as HostRuntime | undefined;
  return runtime?.auth === undefined ? undefined : runtime;
}
