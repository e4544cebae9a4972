import { performance } from "node:perf_hooks";
import { PROBE_TIMEOUT_MS, probeRequest, type ProbeTarget } from "./probe-plan";
import { PROXY_UNAVAILABLE_CODE, UpstreamUnreachableError, type UpstreamProbeResponse, type UpstreamTransport } from "./upstream-transport";

export type ProbeVerdict = "ok" | "auth-failed" | "unreachable" | "rate-limited" | "error";

/** `POST /api/providers/{id}/test` and `/api/providers/validate`. */
export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  verdict: ProbeVerdict;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
  /** For a person: what happened and, from a public upstream only, the upstream's own error message. */
  message: string;
}

/** The verdict an upstream status stands for. 401/403: the key is refused; 429: limited (the key was read). */
export function verdictForStatus(status: number): ProbeVerdict {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403) return "auth-failed";
  if (status === 429) return "rate-limited";
  return "error";
}

/**
 * One real minimal upstream call with the connection's credentials (probe-plan.ts), classified. A refused URL
 * (`UpstreamUrlRefusedError`) is thrown, not classified: it is the caller's input that is wrong.
 */
export async function runProbe(transport: UpstreamTransport, target: ProbeTarget, clock: () => number = () => performance.now()): Promise<ProbeResult> {
  const started = clock();
  const latency = () => Math.max(0, Math.round(clock() - started));
  let response: UpstreamProbeResponse;
  try {
    response = await transport(probeRequest(target));
  } catch (error) {
    if (!(error instanceof UpstreamUnreachableError)) throw error;
    return { ok: false, latencyMs: latency(), verdict: "unreachable", message: describeUnreachable(error) };
  }
  const verdict = verdictForStatus(response.status);
  return { ok: verdict === "ok", latencyMs: latency(), verdict, status: response.status, message: describeAnswer(verdict, response, target.apiKey) };
}

/** A sentence for a probe that got no answer. */
export function describeUnreachable(error: UpstreamUnreachableError): string {
  if (error.timedOut) return `No answer within ${PROBE_TIMEOUT_MS / 1000} s.`;
  if (error.code === PROXY_UNAVAILABLE_CODE) {
    return "This connection goes through a proxy, which probes cannot use yet: nothing was sent (a direct call would bypass the proxy).";
  }
  return `Could not reach the upstream (${error.code}).`;
}

/** A sentence for the answer; the upstream's own message only from a public target, with the key cut out. */
export function describeAnswer(verdict: ProbeVerdict, response: UpstreamProbeResponse, apiKey: string): string {
  const status = response.status;
  const detail = response.privateTarget ? undefined : upstreamErrorMessage(response.body, apiKey);
  const suffix = detail === undefined ? "." : `: ${detail}`;
  switch (verdict) {
    case "ok":
      return `The upstream accepted the key (HTTP ${status}).`;
    case "auth-failed":
      return `The upstream refused the key (HTTP ${status})${suffix}`;
    case "rate-limited":
      return `The upstream is rate limiting this key (HTTP ${status})${suffix}`;
    default:
      if (status >= 300 && status < 400) return `The upstream redirected (HTTP ${status}); redirects are not followed: check the base URL.`;
      return `The upstream answered HTTP ${status}${suffix}`;
  }
}

/** `error.message`, `error` or `message`/`detail` of a JSON error body, one line, at most 300 characters. */
export function upstreamErrorMessage(body: Buffer, apiKey: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  const first = Array.isArray(json) ? json[0] : json;
  if (typeof first !== "object" || first === null) return undefined;
  const record = first as Record<string, unknown>;
  const error = record.error;
  const candidate =
    typeof error === "object" && error !== null && typeof (error as Record<string, unknown>).message === "string"
      ? ((error as Record<string, unknown>).message as string)
      : typeof error === "string"
        ? error
        : typeof record.message === "string"
          ? record.message
          : typeof record.detail === "string"
            ? record.detail
            : undefined;
  if (candidate === undefined) return undefined;
  let text = candidate.replace(/\p{Cc}+/gu, " ").trim();
  // Some upstreams quote the key they refused; never pass it on, even to the dashboard that knows it.
  if (apiKey.length >= 4) text = text.split(apiKey).join("[key]");
  if (text === "") return undefined;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
