/**
 * A bounded map whose entries expire after a stretch without use: the least recently used entry is evicted when
 * the map is full, and an entry idle for longer than `idleMs` reads as absent (and is dropped on the way).
 *
 * Built on one `Map`, whose iteration order is insertion order: every use re-inserts the entry, so the front
 * of the map is always the least recently used one. Eviction and expiry look only at the front, which makes
 * every operation O(1) amortised and the memory a hard `capacity` × entry size. Pure: time comes from the caller.
 */
interface Slot<V> {
  value: V;
  usedAt: number;
}

export class IdleLruMap<V> {
  private readonly slots = new Map<string, Slot<V>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("IdleLruMap: capacity must be a positive integer");
  }

  /** The live value (and marks it used now), or undefined when absent or idle past `idleMs`. */
  get(key: string, now: number, idleMs: number): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    if (now - slot.usedAt > idleMs) return undefined;
    slot.usedAt = now;
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Reads without marking the entry used; undefined when absent or idle past `idleMs`. */
  peek(key: string, now: number, idleMs: number): V | undefined {
    const slot = this.slots.get(key);
    return slot === undefined || now - slot.usedAt > idleMs ? undefined : slot.value;
  }

  /** Stores `value` as used now, making room first: idle entries at the front go, then the oldest if still full. */
  set(key: string, value: V, now: number, idleMs: number): void {
    this.slots.delete(key);
    this.dropIdle(now, idleMs);
    while (this.slots.size >= this.capacity) {
      const oldest = this.slots.keys().next();
      if (oldest.done === true) break;
      this.slots.delete(oldest.value);
    }
    this.slots.set(key, { value, usedAt: now });
  }

  delete(key: string): boolean {
    return this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  /** Entries stored, idle ones not yet dropped included. */
  get size(): number {
    return this.slots.size;
  }

  /** Live entries, most recently used first, with when each was last used; drops idle ones on the way. */
  entries(now: number, idleMs: number): { key: string; value: V; usedAt: number }[] {
    this.dropIdle(now, idleMs);
    const live: { key: string; value: V; usedAt: number }[] = [];
    for (const [key, slot] of this.slots) live.push({ key, value: slot.value, usedAt: slot.usedAt });
    return live.reverse();
  }

  /** Entries are ordered by last use, so the idle ones are all at the front. */
  private dropIdle(now: number, idleMs: number): void {
    for (const [key, slot] of this.slots) {
      if (now - slot.usedAt <= idleMs) return;
      this.slots.delete(key);
    }
  }
}
