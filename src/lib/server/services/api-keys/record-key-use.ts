import type { ConfigDb } from "../../config-db/open-config-db";

/** `lastUsedAt` is written at most this often per key: it is a hint for the dashboard, not an audit log. */
export const KEY_USE_WRITE_INTERVAL_MS = 5 * 60_000;

export interface KeyUseRecorderOptions {
  configDb: ConfigDb;
  intervalMs?: number;
  /** How long uses are gathered before one db.json write carries them all. */
  batchDelayMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export interface KeyUseRecorder {
  /** The engine's `GatewayPorts.onClientKeyUsed`: O(1), never writes or throws on the caller's path. */
  onClientKeyUsed(keyId: string): void;
  /** Writes what is pending now (tests, shutdown). */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

/**
 * Debounced `lastUsedAt` writes: a key's use is noted in memory; a timer (unref'd, so it never keeps the
 * process alive) writes the pending keys in one db.json update, and a key is not written again within
 * `intervalMs` of its previous write.
 */
export function createKeyUseRecorder(options: KeyUseRecorderOptions): KeyUseRecorder {
  const intervalMs = options.intervalMs ?? KEY_USE_WRITE_INTERVAL_MS;
  const batchDelayMs = options.batchDelayMs ?? 1_000;
  const now = options.now ?? Date.now;
  const lastWritten = new Map<string, number>();
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await options.configDb.update((draft) => {
        for (const apiKey of draft.apiKeys) {
          const usedAt = batch.get(apiKey.id);
          if (usedAt !== undefined) apiKey.lastUsedAt = new Date(usedAt).toISOString();
        }
      });
    } catch (error) {
      options.onError?.(error);
    }
  };

  return {
    onClientKeyUsed(keyId) {
      if (closed) return;
      const usedAt = now();
      const previous = lastWritten.get(keyId);
      if (previous !== undefined && usedAt - previous < intervalMs) return;
      lastWritten.set(keyId, usedAt);
      pending.set(keyId, usedAt);
      if (timer === undefined) {
        timer = setTimeout(() => void flush(), batchDelayMs);
        timer.unref();
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
