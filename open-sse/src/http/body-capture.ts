import type { ServerResponse } from "node:http";
import type { CapturedBodies } from "../ports";

type WriteFunction = (chunk: unknown, ...rest: unknown[]) => boolean;
type EndFunction = (chunk?: unknown, ...rest: unknown[]) => ServerResponse;

/**
 * Copies one request's bodies for the request log (`GatewayPorts.requestCapture`), each up to a byte cap: the
 * client's body as read, and every byte written back to it — a JSON answer, an error, a whole stream — by
 * wrapping this response's `write` and `end`. Only requests whose bodies the log wants get one; every other
 * request pays nothing. Buffers are kept by reference (the gateway never reuses a buffer it wrote), strings are
 * copied, and nothing past the cap is kept.
 */
export class BodyCapture {
  private requestBody: Buffer | null = null;
  private requestBytes = 0;
  private readonly responseChunks: Buffer[] = [];
  private responseKept = 0;
  private responseBytes = 0;
  private responded = false;

  constructor(private readonly maxBodyBytes: number) {}

  /** The client's body, as first read (a per-provider route re-reads its own rewrite: the client's is the one kept). */
  request(bytes: Buffer): void {
    if (this.requestBody !== null) return;
    this.requestBytes = bytes.length;
    this.requestBody = bytes.length <= this.maxBodyBytes ? bytes : bytes.subarray(0, this.maxBodyBytes);
  }

  /** Wraps the response so each byte written to the client is counted and, up to the cap, kept. */
  tap(response: ServerResponse): void {
    const write = response.write as unknown as WriteFunction;
    const end = response.end as unknown as EndFunction;
    const keep = (chunk: unknown, encoding: unknown) => this.keepResponse(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    (response as unknown as { write: WriteFunction }).write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]): boolean {
      keep(chunk, rest[0]);
      return write.call(this, chunk, ...rest);
    };
    (response as unknown as { end: EndFunction }).end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]): ServerResponse {
      if (typeof chunk !== "function") keep(chunk, rest[0]);
      return end.call(this, chunk, ...rest);
    };
  }

  bodies(): CapturedBodies {
    return {
      request: this.requestBody,
      requestBytes: this.requestBytes,
      response: this.responded ? (this.responseChunks.length === 1 ? this.responseChunks[0]! : Buffer.concat(this.responseChunks, this.responseKept)) : null,
      responseBytes: this.responseBytes,
    };
  }

  private keepResponse(chunk: unknown, encoding: BufferEncoding): void {
    if (chunk === undefined || chunk === null) return;
    this.responded = true;
    if (typeof chunk === "string") {
      const bytes = Buffer.byteLength(chunk, encoding);
      this.responseBytes += bytes;
      const room = this.maxBodyBytes - this.responseKept;
      if (room <= 0 || bytes === 0) return;
      // At most `room` characters can hold `room` bytes: copying a prefix bounds the work for a huge string.
      const copied = Buffer.from(chunk.length > room ? chunk.slice(0, room) : chunk, encoding);
      this.keepBytes(copied, room);
      return;
    }
    if (chunk instanceof Uint8Array) {
      this.responseBytes += chunk.length;
      const room = this.maxBodyBytes - this.responseKept;
      if (room <= 0 || chunk.length === 0) return;
      this.keepBytes(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), room);
    }
  }

  private keepBytes(bytes: Buffer, room: number): void {
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room);
    this.responseChunks.push(kept);
    this.responseKept += kept.length;
  }
}
