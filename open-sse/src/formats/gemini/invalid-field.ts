import { badRequest, type GatewayError } from "../../core/gateway-error";

/**
 * A 400 naming the field at fault the way Google does (`contents[1].parts[0].text: …`), with the same path as
 * `param`, so a client sees exactly which part of its request was rejected.
 */
export function invalidField(path: string, problem: string): GatewayError {
  return badRequest("invalid_request", `${path}: ${problem}`, path);
}
