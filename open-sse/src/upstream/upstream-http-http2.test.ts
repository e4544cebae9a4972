// An upstream that answers only over HTTP/2 (Cursor's API answers HTTP/1.1 with 464): a call marked `http2` goes
// on a pool that negotiates h2 by ALPN, and the same origin without the mark still gets HTTP/1.1.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ClientAbort } from "../http/client-abort";
import { callUpstream, UpstreamPools } from "./upstream-http";

let server: Http2SecureServer;
let baseUrl: string;
let certificate: string;
const seenVersions: string[] = [];

before(async () => {
  // A throwaway self-signed certificate for 127.0.0.1, made here so that no key material lives in the repository.
  const directory = mkdtempSync(join(tmpdir(), "omniroute-h2-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", join(directory, "key.pem"), "-out", join(directory, "cert.pem"),
    ], { stdio: "ignore" });
    certificate = readFileSync(join(directory, "cert.pem"), "utf8");
    const key = readFileSync(join(directory, "key.pem"), "utf8");
    // Like Cursor: HTTP/2 or nothing (a client that offers only HTTP/1.1 fails the TLS handshake's ALPN).
    server = createSecureServer({ cert: certificate, key, allowHTTP1: false }, (request, response) => {
      seenVersions.push(request.httpVersion);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ path: request.url, method: request.method }));
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("callUpstream over HTTP/2", () => {
  it("a call marked http2 is answered over HTTP/2, on a pool reused by the next call", async () => {
    const pools = new UpstreamPools({ env: {}, trustedCertificates: certificate });
    try {
      for (let index = 0; index < 2; index++) {
        const response = await callUpstream({
          pools,
          baseUrl,
          path: "/chat",
          headers: { "content-type": "application/json" },
          body: Buffer.from("{}"),
          abort: new ClientAbort(),
          firstByteTimeoutMs: 5_000,
          idleTimeoutMs: 5_000,
          http2: true,
        });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(await response.body.json(), { path: "/v1/chat", method: "POST" });
      }
      assert.deepEqual(seenVersions, ["2.0", "2.0"]);
      assert.equal(pools.target(baseUrl, true).pool, pools.target(baseUrl, true).pool);
      assert.notEqual(pools.target(baseUrl, true).pool, pools.target(baseUrl).pool, "HTTP/1.1 calls keep their own pool");
    } finally {
      await pools.close();
    }
  });

  it("the same origin without the mark speaks HTTP/1.1, which this server refuses", async () => {
    const pools = new UpstreamPools({ env: {}, trustedCertificates: certificate });
    try {
      await assert.rejects(
        callUpstream({
          pools,
          baseUrl,
          path: "/chat",
          headers: { "content-type": "application/json" },
          body: Buffer.from("{}"),
          abort: new ClientAbort(),
          firstByteTimeoutMs: 5_000,
          idleTimeoutMs: 5_000,
        }),
      );
    } finally {
      await pools.close();
    }
  });
});
