import { randomBytes } from "node:crypto";
import type { ConnectionView } from "./oauth-connections";
import type { LoginIdentity } from "./oauth-flow-definition";

export type DevicePollStatus = "pending" | "slow_down" | "connected" | "expired" | "denied" | "error";

export interface DevicePollView {
  status: DevicePollStatus;
  /** Connected: the connection made (never a token). */
  connection?: ConnectionView;
  /** Seconds to wait before the next poll (pending, slow_down). */
  interval?: number;
  /** Error: what went wrong, safe to show. */
  message?: string;
}

export interface PendingDeviceFlow {
  flowId: string;
  providerId: string;
  /** Device code, PKCE verifier…: in memory only, never sent to the browser. */
  pollState: Readonly<Record<string, string>>;
  intervalMs: number;
  /** The provider must not be polled before this (RFC 8628 §3.5): earlier polls are answered from memory. */
  nextPollAt: number;
  expiresAt: number;
  lastStatus: "pending" | "slow_down";
  /** What the user said about the account when starting (a label for logins that name none). */
  hints: LoginIdentity;
  /** Set once the login ended; kept until `expiresAt` so a repeated poll gets the same answer. */
  result?: DevicePollView;
}

const MAX_DEVICE_FLOWS = 100;

/** Device logins in progress, by an opaque flow id (the device code itself never leaves the server). */
export class PendingDeviceFlows {
  private readonly entries = new Map<string, PendingDeviceFlow>();

  constructor(private readonly now: () => number) {}

  create(entry: Omit<PendingDeviceFlow, "flowId">): PendingDeviceFlow {
    this.sweep();
    // Device logins started and never finished: the oldest goes past this many (starting one needs a session).
    if (this.entries.size >= MAX_DEVICE_FLOWS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const flow: PendingDeviceFlow = { ...entry, flowId: randomBytes(16).toString("base64url") };
    this.entries.set(flow.flowId, flow);
    return flow;
  }

  get(flowId: string): PendingDeviceFlow | undefined {
    return this.entries.get(flowId);
  }

  /** Drops flows past their expiry (finished ones included). */
  sweep(): void {
    const now = this.now();
    for (const [flowId, entry] of this.entries) {
      // A finished flow is kept a little past its code's expiry so a last poll still reads its outcome.
      if (entry.expiresAt + 60_000 <= now) this.entries.delete(flowId);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
