import assert from "node:assert/strict";
import { createServer, request as httpRequest, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { BodyCapture } from "./body-capture";

/** Serves one request with `respond`, on a real socket, and returns what the capture kept and what the client got. */
async function captured(maxBodyBytes: number, respond: (response: ServerResponse) => void): Promise<{ kept: ReturnType<BodyCapture["bodies"]>; received: Buffer }> {
  const capture = new BodyCapture(maxBodyBytes);
  const server = createServer((_request, response) => {
    capture.tap(response);
    respond(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<Buffer>((resolve, reject) => {
      httpRequest({ host: "127.0.0.1", port, path: "/" }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve(Buffer.concat(chunks)));
        response.on("error", reject);
      })
        .on("error", reject)
        .end();
    });
    return { kept: capture.bodies(), received };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("BodyCapture", () => {
  it("keeps a JSON answer written with end(), byte for byte", async () => {
    const body = Buffer.from(JSON.stringify({ id: "x", text: "héllo" }));
    const { kept, received } = await captured(1024, (response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
    });
    assert.deepEqual(received, body);
    assert.deepEqual(kept.response, body);
    assert.equal(kept.responseBytes, body.length);
  });

  it("keeps a stream's writes in order, strings and buffers, up to the cap, and counts every byte", async () => {
    const parts = ["data: {\"a\":1}\n\n", Buffer.from("data: {\"b\":2}\n\n"), "data: [DONE]\n\n"];
    const whole = Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
    const { kept, received } = await captured(20, (response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const part of parts) response.write(part);
      response.end();
    });
    assert.deepEqual(received, whole, "the client gets everything");
    assert.equal(kept.responseBytes, whole.length);
    assert.deepEqual(kept.response, whole.subarray(0, 20));
  });

  it("counts a string's bytes in its encoding, not its length", async () => {
    const text = "é".repeat(10);
    const { kept } = await captured(1024, (response) => response.end(text, "utf8"));
    assert.equal(kept.responseBytes, 20);
    assert.equal(kept.response?.toString("utf8"), text);
  });

  it("keeps the first request body it is given, cut at the cap, with its full size", () => {
    const capture = new BodyCapture(4);
    capture.request(Buffer.from("abcdefgh"));
    capture.request(Buffer.from("rewritten"));
    const { request, requestBytes, response } = capture.bodies();
    assert.equal(request?.toString(), "abcd");
    assert.equal(requestBytes, 8);
    assert.equal(response, null, "nothing was sent");
  });

  it("end() with only a callback is not a body", async () => {
    const { kept } = await captured(1024, (response) => {
      response.write("x");
      response.end(() => undefined);
    });
    assert.equal(kept.response?.toString(), "x");
    assert.equal(kept.responseBytes, 1);
  });
});
