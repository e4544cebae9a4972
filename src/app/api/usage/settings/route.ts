import { z } from "zod";
import { DEFAULT_USAGE_RETENTION_DAYS, storedRequestLogsSchema } from "@/lib/server/config-db/config-db-schema";
import { DEFAULT_REQUEST_LOGS, resolveRequestLogSettings } from "@/lib/server/request-logs/request-log-settings";
import { formatZodIssues } from "@/lib/server/config-file/format-zod-issues";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { invalidInputResponse, noStore, readJsonBody, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

const settingsBody = z
  .strictObject({
    retentionDays: z.number().int().min(1).max(3650).optional(),
    /** The request log: on/off, days kept, total size cap in bytes (at least 1 MB). */
    requestLogs: storedRequestLogsSchema.extend({ maxBytes: z.number().int().min(1024 * 1024).max(1024 ** 4) }).strict().optional(),
  })
  .refine((body) => body.retentionDays !== undefined || body.requestLogs !== undefined, "give retentionDays and/or requestLogs");

/** What GET and PUT answer: usage retention, and the request log's settings as stored and in effect. */
function settingsView(dependencies: NonNullable<ReturnType<typeof usageApiDependenciesFrom>>) {
  const document = dependencies.configDb.read();
  const effective = dependencies.usageAccounting?.requestLogs.settings() ?? resolveRequestLogSettings(document, process.env);
  return {
    retentionDays: document.usage?.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS,
    defaultRetentionDays: DEFAULT_USAGE_RETENTION_DAYS,
    requestLogs: {
      ...(document.settings.requestLogs ?? DEFAULT_REQUEST_LOGS),
      // ENABLE_REQUEST_LOGS in the environment wins over the stored switch: say which one is in effect.
      effective: { enabled: effective.enabled, enabledBy: effective.enabledBy, maxBodyBytes: effective.maxBodyBytes },
    },
  };
}

/** GET /api/usage/settings: how many days raw usage rows are kept (daily rollups are kept for good), and the request log's settings. */
export function GET(): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  return Response.json(settingsView(dependencies), { headers: noStore });
}

/**
 * PUT /api/usage/settings `{retentionDays?, requestLogs?: {enabled, retentionDays, maxBytes}}`: usage retention
 * applies from the next hourly housekeeping run; the request log switch from the next request.
 */
export async function PUT(request: Request): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = settingsBody.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(formatZodIssues(parsed.error.issues, body.value));
  try {
    const { retentionDays, requestLogs } = parsed.data;
    await dependencies.configDb.update((draft) => {
      if (retentionDays !== undefined) draft.usage = { retentionDays };
      if (requestLogs !== undefined) draft.settings.requestLogs = { ...requestLogs };
    });
    return Response.json(settingsView(dependencies), { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
