import { EventEmitter } from "node:events";

/**
 * Fires when the client goes away, and cancels the upstream call. An EventEmitter rather than an
 * AbortController: undici accepts either, and EventTarget's per-request setup cost is measurable on the hot path.
 */
export class ClientAbort extends EventEmitter {
  aborted = false;
  reason: Error | undefined = undefined;

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}
