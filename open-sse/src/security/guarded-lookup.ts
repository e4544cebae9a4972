import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { checkUpstreamUrl, type UpstreamUrlRefusal } from "./upstream-url-guard";

/** The `code` of the error a refused address fails the connection with. */
export const GUARD_REFUSAL_CODE = "ERR_OMNIROUTE_GUARD_REFUSED";

/** What a guarded lookup saw, for callers that report it (the providers API never echoes a private target's body). */
export interface LookupObservation {
  refusal: UpstreamUrlRefusal | undefined;
  sawPrivate: boolean;
}

/**
 * A DNS lookup for sockets that applies the SSRF guard to every address a name resolves to, at connect time: a
 * configured upstream name that resolves (or is rebound) to a cloud metadata address is always refused, and to a
 * loopback or private address unless local upstreams are allowed. The socket then connects to the address that was
 * checked. IP literals never reach a lookup; they are judged as written, when the URL is configured.
 */
export function guardedLookup(allowLocal: () => boolean, observation?: LookupObservation): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const local = allowLocal();
      for (const { address, family } of addresses) {
        const literal = family === 6 ? `http://[${address}]/` : `http://${address}/`;
        if (observation !== undefined && !checkUpstreamUrl(literal, { allowLocal: false }).ok) observation.sawPrivate = true;
        const check = checkUpstreamUrl(literal, { allowLocal: local });
        if (!check.ok) {
          if (observation !== undefined) observation.refusal = check.reason;
          callback(Object.assign(new Error(`${hostname} resolves to a refused address (${check.reason})`), { code: GUARD_REFUSAL_CODE }), "", 0);
          return;
        }
      }
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        return;
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
