import { findRuntime } from "@/lib/server/runtime/runtime-registry";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/** Liveness and storage check, used by the Docker HEALTHCHECK: 200 only when every check passed. */
export function GET(): Response {
  const runtime = findRuntime();
  if (!runtime) {
    return Response.json(
      { status: "unhealthy", checks: [{ name: "runtime", ok: false, detail: "engine not attached" }] },
      { status: 503, headers: noStore },
    );
  }

  let report: ReturnType<typeof runtime.checkHealth>;
  try {
    report = runtime.checkHealth();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Response.json(
      { status: "unhealthy", checks: [{ name: "runtime.checkHealth", ok: false, detail }] },
      { status: 503, headers: noStore },
    );
  }

  const healthy = report.ok && report.checks.every((check) => check.ok);
  if (!healthy) {
    return Response.json({ status: "unhealthy", checks: report.checks }, { status: 503, headers: noStore });
  }
  return Response.json(
    {
      status: "ok",
      version: runtime.version,
      uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
      checks: report.checks,
    },
    { headers: noStore },
  );
}
