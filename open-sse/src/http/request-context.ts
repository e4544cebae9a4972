import type { IncomingMessage, ServerResponse } from "node:http";
import type { UsageRecorder } from "../accounting/usage-recorder";
import type { GatewayPorts, GatewaySnapshot, WireFormat } from "../ports";
import type { AccountPicker } from "../routing/account-picker";
import type { ResilienceState } from "../routing/resilience-state";
import type { UpstreamPools } from "../upstream/upstream-http";
import type { BodyCapture } from "./body-capture";
import type { ClientAbort } from "./client-abort";

/** Everything one request's handler needs, created once by the gateway for each request. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  snapshot: GatewaySnapshot;
  recorder: UsageRecorder;
  ports: GatewayPorts;
  accountPicker: AccountPicker;
  /** Cooldowns, breakers and the retry budget: one per gateway, shared by every request. */
  resilience: ResilienceState;
  upstreamPools: UpstreamPools;
  /** Fires when the client goes away: cancels the upstream call. */
  abortSignal: ClientAbort;
  userAgent: string;
  now: () => number;
  /** The wire format the client speaks (by endpoint): every error it hears is in this format. */
  clientFormat: WireFormat;
  /** Set when the request log wants this request's bodies (after authentication); handlers hand it the body read. */
  capture?: BodyCapture;
}

/** How a request ended, for its usage row and log line. */
export interface RequestOutcome {
  httpStatus: number;
  status: "ok" | "error" | "aborted" | "stream_error";
  errorCode: string | null;
}
