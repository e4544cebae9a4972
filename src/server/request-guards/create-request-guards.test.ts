import assert from "node:assert/strict";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { emptyConfigDocument, type ConfigDocument } from "../../lib/server/config-db/config-db-schema";
import { CLIENT_ADDRESS_HEADER, createRequestGuards, PEER_ADDRESS_HEADER } from "./create-request-guards";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (incoming) => {
      let body = "";
      incoming.on("data", (chunk: Buffer) => (body += chunk.toString()));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("createRequestGuards (loopback bind)", () => {
  let server: Server;
  let port: number;
  let document: ConfigDocument = emptyConfigDocument();
  const setSettings = (settings: Partial<ConfigDocument["settings"]>) => {
    document = { ...document, settings: { ...emptyConfigDocument().settings, ...settings } };
  };

  before(async () => {
    const guards = createRequestGuards({
      bindHost: "127.0.0.1",
      allowedHostsEnv: "omni.lan",
      dev: false,
      readDocument: () => document,
      isGatewayPath: (url) => url.startsWith("/v1"),
    });
    server = createServer((request, response) => {
      if (guards.handle(request, response)) return;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ peer: request.headers[PEER_ADDRESS_HEADER], client: request.headers[CLIENT_ADDRESS_HEADER] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a foreign Host with 421 on the dashboard, /api and /v1", async () => {
    for (const path of ["/dashboard", "/api/health", "/v1/models"]) {
      const answer = await send(port, path, { headers: { host: "evil.example" } });
      assert.equal(answer.status, 421, path);
      assert.equal(JSON.parse(answer.body).error.code, "host_not_allowed");
      assert.equal(answer.headers.location, undefined);
    }
    assert.equal((await send(port, "/dashboard", { headers: { host: "omni.lan:8080" } })).status, 200);
  });

  it("sets security headers on Next responses, not on /v1", async () => {
    const page = await send(port, "/dashboard");
    assert.match(String(page.headers["content-security-policy"]), /frame-ancestors 'none'/);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    const gateway = await send(port, "/v1/models");
    assert.equal(gateway.headers["content-security-policy"], undefined);
  });

  it("stamps the peer address and drops a forged one", async () => {
    const answer = await send(port, "/dashboard", { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "6.6.6.6" } });
    assert.deepEqual(JSON.parse(answer.body), { peer: "127.0.0.1", client: "127.0.0.1" });
  });

  it("refuses a cross-origin POST to /api with 403 and no CORS header", async () => {
    const refused = await send(port, "/api/settings/ip-filter", { method: "PUT", headers: { origin: "http://evil.example" } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers["access-control-allow-origin"], undefined);
    assert.equal((await send(port, "/api/x", { method: "POST" })).status, 403);
    assert.equal((await send(port, "/api/x", { method: "POST", headers: { origin: `http://127.0.0.1:${port}` } })).status, 200);
    assert.equal((await send(port, "/api/x", { method: "DELETE", headers: { "sec-fetch-site": "same-origin" } })).status, 200);
  });

  it("answers /v1 preflights from configured origins only", async () => {
    setSettings({});
    const preflight = { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } };
    const none = await send(port, "/v1/chat/completions", preflight);
    assert.equal(none.status, 403);
    assert.equal(none.headers["access-control-allow-origin"], undefined);

    setSettings({ cors: { origins: ["https://app.example"] } });
    const allowed = await send(port, "/v1/chat/completions", preflight);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers["access-control-allow-origin"], "https://app.example");
    const actual = await send(port, "/v1/models", { headers: { origin: "https://app.example" } });
    assert.equal(actual.headers["access-control-allow-origin"], "https://app.example");
    // /api never gets CORS, whatever /v1 allows.
    const api = await send(port, "/api/health", { headers: { origin: "https://app.example" } });
    assert.equal(api.headers["access-control-allow-origin"], undefined);
    setSettings({});
  });

  it("applies the IP filter to /v1 and the dashboard but not /api/health, re-read per config document", async () => {
    setSettings({ ipFilter: { mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: [] } });
    assert.equal((await send(port, "/v1/models")).status, 403);
    assert.equal((await send(port, "/dashboard")).status, 403);
    assert.equal((await send(port, "/api/health")).status, 200);
    // X-Forwarded-For from an untrusted peer is ignored.
    assert.equal((await send(port, "/v1/models", { headers: { "x-forwarded-for": "10.1.1.1" } })).status, 403);

    setSettings({ ipFilter: { mode: "allow", cidrs: ["10.0.0.0/8"], trustedProxies: ["127.0.0.1"] } });
    assert.equal((await send(port, "/v1/models", { headers: { "x-forwarded-for": "10.1.1.1" } })).status, 200);

    setSettings({ ipFilter: { mode: "block", cidrs: ["127.0.0.0/8"], trustedProxies: [] } });
    assert.equal((await send(port, "/dashboard")).status, 403);
    setSettings({});
    assert.equal((await send(port, "/dashboard")).status, 200);
  });
});
