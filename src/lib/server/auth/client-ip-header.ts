import { CLIENT_ADDRESS_HEADER } from "../../../server/request-guards/guard-headers";

/**
 * Next route handlers get a Web `Request` and never see the socket. The node server's request guards
 * (src/server/request-guards) drop any client-sent copy of this header and stamp the client's address into it,
 * resolved through `X-Forwarded-For` only when the peer is a configured trusted proxy. Login rate limiting
 * reads it from here, so a client cannot pick its own rate-limit bucket.
 */
export function clientIpOf(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
