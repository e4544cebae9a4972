import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, unavailableResponse, usageApiDependenciesFrom } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/telemetry: where API requests' time goes — p50/p95/p99, mean and max of each lifecycle phase
 * (receive, auth, route, translate, upstream, stream, record), of the whole request and of the time to first
 * byte, over the last 1, 5 and 15 minutes — and the OTLP exporter's state (endpoint without credentials).
 */
export function GET(): Response {
  const telemetry = usageApiDependenciesFrom(findRuntime())?.usageAccounting?.telemetry;
  if (telemetry === undefined) return unavailableResponse();
  return Response.json(telemetry.snapshot(), { headers: noStore });
}
