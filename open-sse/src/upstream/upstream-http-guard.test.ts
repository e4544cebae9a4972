// The SSRF guard at connect time on the gateway's own upstream calls: an upstream name is checked by the addresses it
// resolves to (here `localhost`, which resolves to loopback), following the live allowLocalUpstreams setting.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { ClientAbort } from "../http/client-abort";
import { GUARD_REFUSAL_CODE } from "../security/guarded-lookup";
import { callUpstream, transportFailure, UpstreamPools } from "./upstream-http";

let server: Server;
let port: number;
let answered = 0;

before(async () => {
  server = createServer((_request, response) => {
    answered += 1;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function call(pools: UpstreamPools) {
  return callUpstream({
    pools,
    baseUrl: `http://localhost:${port}/v1`,
    path: "/chat/completions",
    headers: { "content-type": "application/json" },
    body: Buffer.from("{}"),
    abort: new ClientAbort(),
    firstByteTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
  });
}

describe("upstream calls: the SSRF guard at connect time", () => {
  it("refuses a name that resolves to a local address while local upstreams are not allowed, before anything is sent", async () => {
    let allowLocal = false;
    const pools = new UpstreamPools({ env: {}, allowLocalUpstreams: () => allowLocal });
    try {
      const before = answered;
      const error = await call(pools).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.equal((error as { code?: string }).code, GUARD_REFUSAL_CODE);
      assert.equal(answered, before, "nothing reached the server");
      const failure = transportFailure(error, "lan-box");
      assert.equal(failure.status, 502);
      assert.match(failure.publicMessage, /resolves to an address this gateway refuses/);
      assert.doesNotMatch(failure.publicMessage, /localhost|127\.0\.0\.1/, "the address is not echoed");

      // The setting is read at each new connection: turned on, the same pool connects.
      allowLocal = true;
      const response = await call(pools);
      assert.equal(response.statusCode, 200);
      await response.body.dump();
    } finally {
      await pools.close();
    }
  });

  it("without the setting (an embedder that does not pass it) local names connect as before", async () => {
    const pools = new UpstreamPools({ env: {} });
    try {
      const response = await call(pools);
      assert.equal(response.statusCode, 200);
      await response.body.dump();
    } finally {
      await pools.close();
    }
  });
});
