import { z } from "zod";
import { DEFAULT_USAGE_RETENTION_DAYS } from "@/lib/server/config-db/config-db-schema";
import { formatZodIssues } from "@/lib/server/config-file/format-zod-issues";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { invalidInputResponse, noStore, readJsonBody, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

const settingsBody = z.strictObject({ retentionDays: z.number().int().min(1).max(3650) });

/** GET /api/usage/settings: how many days raw usage rows are kept (daily rollups are kept for good). */
export function GET(): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const retentionDays = dependencies.configDb.read().usage?.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS;
  return Response.json({ retentionDays, defaultRetentionDays: DEFAULT_USAGE_RETENTION_DAYS }, { headers: noStore });
}

/** PUT /api/usage/settings `{retentionDays}` (1–3650): applies from the next hourly housekeeping run. */
export async function PUT(request: Request): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = settingsBody.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(formatZodIssues(parsed.error.issues, body.value));
  try {
    await dependencies.configDb.update((draft) => {
      draft.usage = { retentionDays: parsed.data.retentionDays };
    });
    return Response.json({ retentionDays: parsed.data.retentionDays, defaultRetentionDays: DEFAULT_USAGE_RETENTION_DAYS }, { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
