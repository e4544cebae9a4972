import { apiKeyErrorResponse, noStore } from "../api-keys/api-key-error-response";
import { ComboInputError, ComboNameTakenError, ComboNotFoundError } from "./combo-errors";

/**
 * Maps a combo service error to its HTTP answer (400 with path messages, 404, 409), in the same shape as
 * /api/keys; anything else (a non-JSON body from `readJsonBody`, unexpected errors) goes to `apiKeyErrorResponse`.
 */
export function comboErrorResponse(error: unknown): Response {
  if (error instanceof ComboInputError) {
    return Response.json({ error: { code: "invalid_input", message: error.problems.join("; "), problems: error.problems } }, { status: 400, headers: noStore });
  }
  if (error instanceof ComboNotFoundError) {
    return Response.json({ error: { code: "not_found", message: "No combo with this name." } }, { status: 404, headers: noStore });
  }
  if (error instanceof ComboNameTakenError) {
    return Response.json({ error: { code: "name_taken", message: error.message } }, { status: 409, headers: noStore });
  }
  return apiKeyErrorResponse(error);
}
