/**
 * Next route handlers get a Web `Request` and never see the socket, so the node server (src/server/dashboard-guard.ts)
 * puts the socket's remote address in this header, after deleting any copy the client sent. Route handlers
 * (login rate limiting) read it from here; a client cannot pick its own rate-limit bucket.
 */
export const CLIENT_IP_HEADER = "x-omniroute-client-ip";

export function clientIpOf(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
