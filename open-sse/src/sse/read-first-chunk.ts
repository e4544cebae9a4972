import type { Readable } from "node:stream";

export type FirstChunk = { kind: "data"; chunk: Buffer } | { kind: "end" } | { kind: "error"; error: unknown };

/**
 * Waits for a stream's first chunk and leaves the stream paused, so the caller can look at it before anything
 * is committed to the client (an in-band error or an empty stream can still fall back to another route).
 * The upstream's idle timeout bounds the wait, as it does for every later chunk.
 *
 * Between this read and the caller's own listeners the stream may still end (Node emits 'end' after the
 * last chunk even while paused; check `readableEnded`) or fail: a permanent no-op 'error' listener keeps
 * such an error from crashing the process, and `errored` tells the caller.
 */
export function readFirstChunk(body: Readable): Promise<FirstChunk> {
  body.on("error", ignoreError);
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      cleanup();
      body.pause();
      resolve({ kind: "data", chunk });
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: "end" });
    };
    const onError = (error: unknown) => {
      cleanup();
      resolve({ kind: "error", error });
    };
    const cleanup = () => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
    };
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", onError);
  });
}

function ignoreError(): void {
  // Reported through `readable.errored` and the caller's own listener.
}

/**
 * The error object when a stream opens with an error event instead of content: OpenAI-style
 * `data: {"error":{…}}`, or Anthropic-style `event: error` / `{"type":"error","error":{…}}`. Only the first
 * event is looked at, and only when it is complete in this chunk.
 */
export function inBandErrorOf(firstChunk: Buffer): unknown {
  const text = firstChunk.toString("utf8", 0, Math.min(firstChunk.length, 64 * 1024));
  const eventEnd = text.search(/\r?\n\r?\n/);
  if (eventEnd === -1) return undefined;
  const lines = text.slice(0, eventEnd).split(/\r?\n/);
  const data = lines
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
  const isErrorEvent = lines.some((line) => /^event:\s*error\s*$/.test(line));
  if (data.length === 0) return undefined;
  try {
    const parsed = JSON.parse(data) as { error?: unknown; type?: unknown };
    if (typeof parsed !== "object" || parsed === null) return undefined;
    if (parsed.error !== undefined && parsed.error !== null) return parsed;
    if (isErrorEvent || parsed.type === "error") return parsed;
  } catch {
    return isErrorEvent ? { error: { message: "unparseable error event" } } : undefined;
  }
  return undefined;
}
