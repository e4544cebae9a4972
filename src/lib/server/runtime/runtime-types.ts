/**
 * The host-side runtime: one per process, created by the Node server at start and published on
 * globalThis so that Next's separately bundled route handlers reach the same stores (see runtime-registry.ts).
 */
import type { ConfigStore, Logger, UsageSink } from "@omniroute/open-sse";

export interface HealthReport {
  ok: boolean;
  /** Each check names what was tried: `sqlite.write`, `sqlite.read`, `config.read`. */
  checks: { name: string; ok: boolean; detail?: string }[];
}

export interface OmnirouteRuntime {
  version: string;
  dataDir: string;
  startedAt: number;
  /** Where clients reach the gateway, e.g. http://127.0.0.1:20128 (set by the server once it listens). */
  publicUrl: string;
  /** The engine's view of the configuration (in-memory snapshot; rebuilt when db.json changes). */
  configStore: ConfigStore;
  usageSink: UsageSink & {
    /** Writes every queued row now. Called at shutdown. */
    flush(): Promise<void>;
  };
  logger: Logger;
  /** Reads and writes the database to prove it works (used by /api/health and the Docker HEALTHCHECK). */
  checkHealth(): HealthReport;
  /** Flushes pending writes and closes the databases. */
  close(): Promise<void>;
}
