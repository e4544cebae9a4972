import type { Readable } from "node:stream";

/** Upstream error bodies are read only this far: enough for a message and for the classifier, never a memory sink. */
export const MAX_FAILURE_BODY_BYTES = 64 * 1024;

/**
 * The body of an upstream's error answer (status ≥ 400), as text for `classifyFailure` and the client's error
 * message. A body cut off mid-read yields what arrived: the status alone then decides.
 */
export async function readFailureBody(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_FAILURE_BODY_BYTES) break;
    }
  } catch {
    // What arrived is all there is.
  }
  if (size >= MAX_FAILURE_BODY_BYTES) body.destroy();
  return Buffer.concat(chunks).toString("utf8", 0, Math.min(size, MAX_FAILURE_BODY_BYTES));
}
