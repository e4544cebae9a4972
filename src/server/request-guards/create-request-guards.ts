import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigDocument } from "../../lib/server/config-db/config-db-schema";
import { createHostAllowlist, parseAllowedHostsEnv, type HostAllowlist } from "./host-allowlist";
import { compileIpFilter, IP_FILTER_OFF, normalizeAddress, type CompiledIpFilter } from "./ip-filter";
import { checkSameOrigin } from "./same-origin";
import { CLIENT_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from "./guard-headers";
import { applySecurityHeaders, securityHeaders } from "./security-headers";
import { answerCorsPreflight, applyCorsResponseHeaders, isCorsPreflight, type CorsSettings } from "./v1-cors";

type Settings = ConfigDocument["settings"];

export interface RequestGuardsOptions {
  /** The address the server listens on. */
  bindHost: string;
  /** Env `ALLOWED_HOSTS` (comma-separated names). */
  allowedHostsEnv: string | undefined;
  dev: boolean;
  /** The current config document (an immutable object replaced on every change: compiled once per object). */
  readDocument: () => ConfigDocument;
  /** Paths served by the gateway (`/v1/*`, `/v1beta/*`, `/`). */
  isGatewayPath: (url: string) => boolean;
  onRefused?: (reason: string, fields: Record<string, unknown>) => void;
}

export interface RequestGuards {
  /**
   * Runs every check for one request. True when the guards answered it (refused, or a CORS preflight) and the
   * listener must stop; false when it may go on (security and CORS headers are already set on the response).
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Lines for the startup banner (e.g. a wildcard bind without ALLOWED_HOSTS). */
  startupNotes(): string[];
}

interface CompiledSettings {
  hosts: HostAllowlist;
  ipFilter: CompiledIpFilter;
  cors: CorsSettings | undefined;
}

export function createRequestGuards(options: RequestGuardsOptions): RequestGuards {
  const envHosts = parseAllowedHostsEnv(options.allowedHostsEnv);
  const headers = securityHeaders({ dev: options.dev });
  const compiled = new WeakMap<Settings, CompiledSettings>();

  // Called on every request: a WeakMap hit per document object, compiled again only after a config change.
  const current = (): CompiledSettings => {
    const settings = options.readDocument().settings;
    let entry = compiled.get(settings);
    if (entry === undefined) {
      entry = {
        hosts: createHostAllowlist({ bindHost: options.bindHost, configuredNames: [...envHosts, ...(settings.allowedHosts ?? [])] }),
        ipFilter: compileIpFilter(settings.ipFilter ?? IP_FILTER_OFF),
        cors: settings.cors,
      };
      compiled.set(settings, entry);
    }
    return entry;
  };

  const refuse = (response: ServerResponse, status: number, code: string, message: string, fields: Record<string, unknown>) => {
    options.onRefused?.(code, fields);
    const body = JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code } });
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    response.end(body);
    return true;
  };

  return {
    handle(request, response) {
      const url = request.url ?? "/";
      const pathname = url.split("?", 1)[0]!;
      const gateway = options.isGatewayPath(url);
      const { hosts, ipFilter, cors } = current();

      if (!hosts.isAllowed(request.headers.host, gateway ? "gateway" : "dashboard")) {
        return refuse(response, 421, "host_not_allowed", "This server does not answer to that Host name. Add it to ALLOWED_HOSTS or server.allowedHosts.", { path: pathname });
      }

      const peerAddress = request.socket.remoteAddress === undefined ? undefined : normalizeAddress(request.socket.remoteAddress);
      const clientAddress = ipFilter.clientAddress(peerAddress, request.headers["x-forwarded-for"]);
      // Health stays reachable for Docker HEALTHCHECK and monitors whatever the filter says.
      if (pathname !== "/api/health" && !ipFilter.allows(clientAddress)) {
        return refuse(response, 403, "ip_not_allowed", "Your address is not allowed to use this server.", { path: pathname, clientAddress: clientAddress ?? "unknown" });
      }

      if (gateway) {
        if (isCorsPreflight(request)) {
          answerCorsPreflight(request, response, cors);
          return true;
        }
        applyCorsResponseHeaders(request, response, cors);
        return false;
      }

      delete request.headers[PEER_ADDRESS_HEADER];
      delete request.headers[CLIENT_ADDRESS_HEADER];
      if (peerAddress !== undefined) request.headers[PEER_ADDRESS_HEADER] = peerAddress;
      if (clientAddress !== undefined) request.headers[CLIENT_ADDRESS_HEADER] = clientAddress;
      applySecurityHeaders(response, headers);

      // Every state-changing request Next would serve, not only `/api/*`: a page's server action is a POST too,
      // and a path spelled differently (`/%61pi/...`) must not slip past a prefix check.
      const verdict = checkSameOrigin(request.method, request.headers);
      if (!verdict.ok) return refuse(response, 403, "cross_origin_refused", verdict.reason, { path: pathname, method: request.method });
      return false;
    },
    startupNotes() {
      const notes: string[] = [];
      const { hosts, ipFilter } = current();
      if (hosts.acceptsAnyHost) {
        notes.push(
          "  NOTE: listening on all interfaces with no ALLOWED_HOSTS: the dashboard answers to any Host name. Set ALLOWED_HOSTS=<the names you use> (or server.allowedHosts) to guard against DNS rebinding.",
        );
      }
      if (ipFilter.invalidEntries.length > 0) {
        notes.push(`  WARNING: ignoring invalid IP filter entries: ${ipFilter.invalidEntries.join(", ")}`);
      }
      if (ipFilter.settings.mode !== "off") notes.push(`  IP filter:  ${ipFilter.settings.mode} ${ipFilter.settings.cidrs.join(", ") || "(empty)"}`);
      return notes;
    },
  };
}

export { CLIENT_ADDRESS_HEADER, PEER_ADDRESS_HEADER };
