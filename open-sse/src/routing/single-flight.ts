/**
 * Collapses concurrent calls with the same key into one in-flight promise (half-open probes, OAuth token
 * refresh): the herd waits on the first caller's work instead of repeating it. A rejection is shared the same
 * way; the slot frees as soon as the promise settles, so the next call starts fresh work.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    // Promise.resolve().then(...) would defer `work` a tick; calling it now keeps the first caller's timing, and
    // wrapping a synchronous throw into a rejection keeps it shared like any other failure.
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(work());
    } catch (error) {
      promise = Promise.reject(error);
    }
    const settled = promise.finally(() => {
      if (this.inFlight.get(key) === settled) this.inFlight.delete(key);
    });
    this.inFlight.set(key, settled);
    return settled;
  }

  isInFlight(key: string): boolean {
    return this.inFlight.has(key);
  }

  get size(): number {
    return this.inFlight.size;
  }
}

const defaultGroup = new SingleFlight();

/** Process-wide group; prefer an own SingleFlight (e.g. the resilience state's) where tests need isolation. */
export function singleFlight<T>(key: string, work: () => Promise<T> | T): Promise<T> {
  return defaultGroup.run(key, work);
}
