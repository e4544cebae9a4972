import { invalidState } from "./oauth-flow-error";

/** How long a started login may take: state and PKCE verifier expire after 10 minutes. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;
/** Logins started and never finished are dropped oldest first past this many (authorize needs a session anyway). */
const MAX_PENDING = 100;

export interface PendingAuthorization {
  state: string;
  providerId: string;
  codeVerifier: string;
  /** Sent again, byte for byte, with the code exchange (RFC 6749 §4.1.3). */
  redirectUri: string;
  /** How the code comes back: our callback route, the loopback listener, or pasted by the user. */
  mode: "app-callback" | "loopback" | "manual";
  /** Loopback mode: the listener's port. */
  loopbackPort?: number;
  /** The dashboard that started the login, for the loopback listener's redirect back to it. */
  dashboardOrigin: string;
  expiresAt: number;
}

/**
 * Logins in progress, by state. In memory only: a restart forgets them, and the user starts again. Each entry is
 * single-use: `take` removes it whether the exchange that follows succeeds or not, so a replayed callback (or a
 * second paste of the same URL) is a 400, never a second exchange.
 */
export class PendingAuthorizations {
  private readonly entries = new Map<string, PendingAuthorization>();

  constructor(private readonly now: () => number) {}

  add(entry: PendingAuthorization): void {
    this.sweep();
    if (this.entries.size >= MAX_PENDING) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(entry.state, entry);
  }

  /**
   * The login `state` belongs to, removed from the store. Unknown, reused or expired state, or state of another
   * provider's login: a 400 `invalid_state` (and the entry is spent either way).
   */
  take(state: string, providerId?: string): PendingAuthorization {
    const entry = this.entries.get(state);
    if (entry === undefined) throw invalidState("Unknown or already used login state: start the login again.");
    this.entries.delete(state);
    if (entry.expiresAt <= this.now()) throw invalidState("This login expired (10 minutes): start it again.");
    if (providerId !== undefined && entry.providerId !== providerId) throw invalidState("This login state belongs to another provider.");
    return entry;
  }

  /**
   * The newest manual-mode login of a provider, removed from the store. Google's code page shows the code
   * alone, without the state: the code is still bound to this login by its PKCE verifier.
   */
  takeLatestManual(providerId: string): PendingAuthorization {
    const latest = [...this.entries.values()].reverse().find((entry) => entry.providerId === providerId && entry.mode === "manual");
    if (latest === undefined) throw invalidState("No manual login of this provider is waiting: start the login again.");
    return this.take(latest.state, providerId);
  }

  /** Whether any unexpired login still waits on this loopback port. */
  waitsOnPort(port: number): boolean {
    const now = this.now();
    for (const entry of this.entries.values()) {
      if (entry.mode === "loopback" && entry.loopbackPort === port && entry.expiresAt > now) return true;
    }
    return false;
  }

  /** Drops expired entries; returns them (their loopback listeners may close). */
  sweep(): PendingAuthorization[] {
    const now = this.now();
    const expired: PendingAuthorization[] = [];
    for (const [state, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(state);
        expired.push(entry);
      }
    }
    return expired;
  }

  get size(): number {
    return this.entries.size;
  }
}
