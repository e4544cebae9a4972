import type { LookupObservation } from "../../../../../open-sse/src/security/guarded-lookup";
import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Agent } from "undici";
import { createGuardedTransport, guardedLookup, UpstreamUnreachableError, UpstreamUrlRefusedError, type UpstreamProbeRequest } from "./upstream-transport";

let server: Server;
let port: number;
const seen: { method: string; url: string; authorization: string | undefined }[] = [];

before(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization });
    if (request.url === "/redirect") {
      response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      response.end();
      return;
    }
    if (request.url === "/big") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("x".repeat(10_000));
      return;
    }
    if (request.url === "/stall") return; // never answers
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: [{ id: "m" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const probe = (path: string, extra: Partial<UpstreamProbeRequest> = {}): UpstreamProbeRequest => ({
  method: "GET",
  url: `http://127.0.0.1:${port}${path}`,
  headers: { authorization: "Bearer k" },
  timeoutMs: 2_000,
  maxBodyBytes: 1_000,
  ...extra,
});

describe("createGuardedTransport", () => {
  it("calls a local upstream when local upstreams are allowed, and marks it private", async () => {
    const response = await createGuardedTransport(() => true)(probe("/v1/models"));
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body.toString()), { data: [{ id: "m" }] });
    assert.equal(response.privateTarget, true);
    assert.deepEqual(seen.at(-1), { method: "GET", url: "/v1/models", authorization: "Bearer k" });
  });

  it("refuses local targets without the opt-in, and metadata always, before connecting", async () => {
    const before = seen.length;
    await assert.rejects(createGuardedTransport(() => false)(probe("/v1/models")), (error) => error instanceof UpstreamUrlRefusedError && error.reason === "local-address");
    for (const url of ["http://169.254.169.254/", "http://[::ffff:169.254.169.254]/", "http://2852039166/"]) {
      await assert.rejects(createGuardedTransport(() => true)(probe("/", { url })), (error) => error instanceof UpstreamUrlRefusedError && error.reason === "metadata-address");
    }
    assert.equal(seen.length, before);
  });

  it("refuses a host name that resolves to a refused address (checked at connect)", async () => {
    await assert.rejects(createGuardedTransport(() => false)(probe("/", { url: `http://localhost.:${port}/` })), UpstreamUrlRefusedError);
    const recorded = { refusal: undefined, sawPrivate: false } as LookupObservation;
    const outcome = await new Promise<{ error: NodeJS.ErrnoException | null }>((resolve) => {
      guardedLookup(() => false, recorded)("localhost", {}, (error) => resolve({ error }));
    });
    assert.equal(outcome.error?.code, "ERR_OMNIROUTE_GUARD_REFUSED");
    assert.equal(recorded.refusal, "local-address");
    const allowed = { refusal: undefined, sawPrivate: false } as LookupObservation;
    const ok = await new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => {
      guardedLookup(() => true, allowed)("localhost", {}, (error, address) => resolve({ error, address }));
    });
    assert.equal(ok.error, null);
    assert.equal(typeof ok.address, "string");
    assert.equal(allowed.sawPrivate, true);
  });

  it("refuses at connect time a public-looking name that resolves to a loopback address", async (context) => {
    // The machine's own name usually resolves to 127.0.x.x (/etc/hosts); where it does not, this proves nothing.
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (name.includes("localhost") || name.includes(".") || !addresses.some((entry) => entry.address.startsWith("127."))) {
      context.skip(`${name} does not resolve to a loopback address here`);
      return;
    }
    const before = seen.length;
    await assert.rejects(createGuardedTransport(() => false)(probe("/", { url: `http://${name}:${port}/` })), (error) => error instanceof UpstreamUrlRefusedError && error.reason === "local-address");
    assert.equal(seen.length, before, "no request reached the local server");
    const allowed = await createGuardedTransport(() => true)(probe("/", { url: `http://${name}:${port}/` }));
    assert.equal(allowed.privateTarget, true, "a name that resolved to a private address counts as private");
  });

  it("does not follow redirects, bounds the body and the time", async () => {
    const transport = createGuardedTransport(() => true);
    const redirect = await transport(probe("/redirect"));
    assert.equal(redirect.status, 302);
    assert.equal(seen.filter((request) => request.url.startsWith("/latest")).length, 0);
    assert.equal((await transport(probe("/big"))).body.length, 1_000);
    const started = Date.now();
    await assert.rejects(transport(probe("/stall", { timeoutMs: 300 })), (error) => error instanceof UpstreamUnreachableError && error.timedOut);
    assert.ok(Date.now() - started < 2_000);
  });

  it("sends a proxied probe only through the proxy dispatcher it is given, never directly", async () => {
    const before = seen.length;
    await assert.rejects(createGuardedTransport(() => true)(probe("/v1/models", { proxyUrl: "http://127.0.0.1:9" })), (error) => {
      assert.ok(error instanceof UpstreamUnreachableError);
      assert.equal(error.code, "PROXY_UNAVAILABLE");
      return true;
    });
    assert.equal(seen.length, before, "nothing was sent");
    // A stand-in for the proxy dispatcher (a plain agent): the transport uses what it is given for that proxy URL.
    const asked: string[] = [];
    const standIn = new Agent();
    const response = await createGuardedTransport(
      () => true,
      (proxyUrl) => (asked.push(proxyUrl), standIn),
    )(probe("/v1/models", { proxyUrl: "http://proxy.example:3128" }));
    assert.equal(response.status, 200);
    assert.deepEqual(asked, ["http://proxy.example:3128"]);
    await standIn.close();
  });

  it("reports a closed port as unreachable with its code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(createGuardedTransport(() => true)(probe("/", { url: `http://127.0.0.1:${closedPort}/` })), (error) => {
      assert.ok(error instanceof UpstreamUnreachableError);
      assert.equal(error.code, "ECONNREFUSED");
      assert.equal(error.timedOut, false);
      return true;
    });
  });
});
