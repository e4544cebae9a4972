import { ApiKeyInputError, ApiKeyNameTakenError, ApiKeyNotFoundError } from "./api-key-errors";

export const noStore = { "Cache-Control": "no-store" };

/** Maps a service error to its HTTP answer: 400 with zod path messages, 404 unknown id, 409 name taken. */
export function apiKeyErrorResponse(error: unknown): Response {
  if (error instanceof ApiKeyInputError) {
    return Response.json({ error: { code: "invalid_input", message: error.problems.join("; "), problems: error.problems } }, { status: 400, headers: noStore });
  }
  if (error instanceof ApiKeyNotFoundError) {
    return Response.json({ error: { code: "not_found", message: "No API key with this id." } }, { status: 404, headers: noStore });
  }
  if (error instanceof ApiKeyNameTakenError) {
    return Response.json({ error: { code: "name_taken", message: error.message } }, { status: 409, headers: noStore });
  }
  // Unexpected: say nothing specific (the message could name internals).
  return Response.json({ error: { code: "internal_error", message: "Internal error." } }, { status: 500, headers: noStore });
}

export function runtimeUnavailableResponse(): Response {
  return Response.json({ error: { code: "unavailable", message: "The omniroute engine is not attached." } }, { status: 503, headers: noStore });
}

/** The request body as JSON; a body that is not JSON becomes the same 400 as any other invalid input. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiKeyInputError(["(root): must be a JSON object"]);
  }
}
