/**
 * What the `/api/usage/*` and `/api/pricing` route handlers share: the stores from the published runtime and
 * the error answers. The routes sit behind the dashboard session guard (src/server/dashboard-guard.ts), and
 * state-changing methods behind the same-origin check (src/server/request-guards/).
 */
import type { ConfigDb } from "../config-db/open-config-db";
import type { OmnirouteRuntime } from "../runtime/runtime-types";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import type { UsageAccounting } from "./create-usage-accounting";
import { UsageQueryError } from "./usage-query-params";

export const noStore = { "Cache-Control": "no-store" };

export interface UsageApiDependencies {
  sqlite: SqliteDatabase;
  configDb: ConfigDb;
  /** Present once the server wires usage accounting into the runtime (live budget spend, pricing). */
  usageAccounting?: UsageAccounting;
  now: () => number;
}

/** The stores behind the published runtime, checked rather than cast blindly; undefined without the server. */
export function usageApiDependenciesFrom(runtime: OmnirouteRuntime | undefined): UsageApiDependencies | undefined {
  if (runtime === undefined) return undefined;
  const candidate = runtime as Partial<UsageApiDependencies>;
  if (candidate.sqlite === undefined || candidate.configDb === undefined) return undefined;
  return {
    sqlite: candidate.sqlite,
    configDb: candidate.configDb,
    ...(candidate.usageAccounting ? { usageAccounting: candidate.usageAccounting } : {}),
    now: Date.now,
  };
}

export function unavailableResponse(): Response {
  return Response.json({ error: { code: "unavailable", message: "The omniroute engine is not attached." } }, { status: 503, headers: noStore });
}

export function invalidInputResponse(problems: readonly string[]): Response {
  return Response.json({ error: { code: "invalid_input", message: problems.join("; "), problems } }, { status: 400, headers: noStore });
}

/** 400 for a bad query, 500 (saying nothing specific) for anything else. */
export function usageErrorResponse(error: unknown): Response {
  if (error instanceof UsageQueryError) return invalidInputResponse(error.problems);
  return Response.json({ error: { code: "internal_error", message: "Internal error." } }, { status: 500, headers: noStore });
}

/** The request body as JSON; a body that is not JSON is a 400 like any other invalid input. */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: invalidInputResponse(["(root): must be a JSON object"]) };
  }
}
