import type { z } from "zod";

const noStore = { "cache-control": "no-store" };

/** `{"error":{"code","message"}}`, the shape of every /api error. */
export function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { ...noStore, ...headers } });
}

export function jsonOk(body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { headers: { ...noStore, ...headers } });
}

export const runtimeMissing = (): Response => jsonError(503, "unavailable", "The omniroute server runtime is not attached.");

/** Reads and validates a JSON body; a Response (400) when it is missing, not JSON or the wrong shape. */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema> | Response> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return jsonError(400, "invalid_request", "The body must be JSON.");
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return jsonError(400, "invalid_request", `${where}${issue?.message ?? "invalid body"}`);
  }
  return result.data;
}

/** 429 with Retry-After in whole seconds. */
export function tooManyAttempts(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return jsonError(429, "rate_limited", `Too many failed attempts. Try again in ${seconds} seconds.`, { "retry-after": String(seconds) });
}
