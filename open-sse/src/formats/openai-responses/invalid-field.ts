import { badRequest, type GatewayError } from "../../core/gateway-error";

/**
 * A 400 naming the field at fault the way OpenAI does (`Invalid 'input[2].content[0].image_url': …`), with the
 * same path as `param`, so a client sees exactly which part of its request was rejected.
 */
export function invalidField(path: string, problem: string): GatewayError {
  return badRequest("invalid_request", `Invalid '${path}': ${problem}`, path);
}
