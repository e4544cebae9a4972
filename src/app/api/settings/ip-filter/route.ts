import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { PEER_ADDRESS_HEADER } from "@/server/request-guards/guard-headers";
import { compileIpFilter, IP_FILTER_OFF, parseCidr, type IpFilterSettings } from "@/server/request-guards/ip-filter";

export const dynamic = "force-dynamic";

const cidr = z
  .string()
  .max(64)
  .refine((value) => parseCidr(value) !== undefined, "must be an IPv4/IPv6 address or CIDR, e.g. 10.0.0.0/8 or fd00::/8");

const ipFilterBody = z.strictObject({
  mode: z.enum(["off", "allow", "block"]),
  cidrs: z.array(cidr).max(1000),
  trustedProxies: z.array(cidr).max(100),
});

/** The stored IP filter (off when never set). */
export function GET(): Response {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  return jsonOk(runtime.configDb.read().settings.ipFilter ?? IP_FILTER_OFF);
}

/**
 * Replaces the IP filter. Applies to the next request (the server re-reads it per config document). Refused
 * with 409 when the new rules would refuse the caller itself: the address it is calling from, resolved with the
 * new trusted proxies, must still be allowed, or the dashboard would lock its own user out.
 */
export async function PUT(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const body = await readJsonBody(request, ipFilterBody);
  if (body instanceof Response) return body;
  const settings: IpFilterSettings = { mode: body.mode, cidrs: [...body.cidrs], trustedProxies: [...body.trustedProxies] };

  const filter = compileIpFilter(settings);
  const callerAddress = filter.clientAddress(request.headers.get(PEER_ADDRESS_HEADER) ?? undefined, request.headers.get("x-forwarded-for") ?? undefined);
  if (!filter.allows(callerAddress)) {
    return jsonError(
      409,
      "would_lock_out_caller",
      `These rules would refuse your own address (${callerAddress ?? "unknown"}). Include it in an allow rule, or remove it from the block list.`,
    );
  }
  await runtime.configDb.update((draft) => {
    draft.settings.ipFilter = { mode: body.mode, cidrs: [...body.cidrs], trustedProxies: [...body.trustedProxies] };
  });
  return jsonOk(runtime.configDb.read().settings.ipFilter ?? IP_FILTER_OFF);
}
