import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkUpstreamUrl, type UpstreamUrlRefusal } from "./upstream-url-guard";

type Expected = "ok" | UpstreamUrlRefusal;

/** [url, verdict without allowLocal, verdict with allowLocal] */
const table: readonly [string, Expected, Expected][] = [
  ["https://api.openai.com/v1", "ok", "ok"],
  ["http://example.com:8080/v1", "ok", "ok"],
  ["https://8.8.8.8/", "ok", "ok"],
  ["https://[2001:4860:4860::8888]/", "ok", "ok"],
  ["https://172.32.0.1/", "ok", "ok"],
  ["https://192.169.0.1/", "ok", "ok"],
  ["https://localhost.example.com/", "ok", "ok"],
  ["not a url", "invalid-url", "invalid-url"],
  ["", "invalid-url", "invalid-url"],
  ["ftp://example.com/", "unsupported-scheme", "unsupported-scheme"],
  ["file:///etc/passwd", "unsupported-scheme", "unsupported-scheme"],
  ["gopher://127.0.0.1:6379/", "unsupported-scheme", "unsupported-scheme"],
  ["https://user:pass@example.com/", "credentials-in-url", "credentials-in-url"],
  ["https://user@example.com/", "credentials-in-url", "credentials-in-url"],
  ["http://localhost:9001/v1", "local-address", "ok"],
  ["http://LOCALHOST./", "local-address", "ok"],
  ["http://api.localhost/", "local-address", "ok"],
  ["http://127.0.0.1:9001/v1", "local-address", "ok"],
  ["http://127.255.255.254/", "local-address", "ok"],
  ["http://2130706433/", "local-address", "ok"],
  ["http://0x7f.1/", "local-address", "ok"],
  ["http://127.1/", "local-address", "ok"],
  ["http://017700000001/", "local-address", "ok"],
  ["http://0.0.0.0/", "local-address", "ok"],
  ["http://0/", "local-address", "ok"],
  ["http://[::1]/", "local-address", "ok"],
  ["http://[0:0:0:0:0:0:0:1]/", "local-address", "ok"],
  ["http://[::]/", "local-address", "ok"],
  ["http://10.1.2.3/", "local-address", "ok"],
  ["http://172.16.0.1/", "local-address", "ok"],
  ["http://172.31.255.255/", "local-address", "ok"],
  ["http://192.168.1.10/", "local-address", "ok"],
  ["http://169.254.1.1/", "local-address", "ok"],
  ["http://[fc00::1]/", "local-address", "ok"],
  ["http://[fdab:1234::1]/", "local-address", "ok"],
  ["http://[fe80::1]/", "local-address", "ok"],
  ["http://[febf::1]/", "local-address", "ok"],
  ["http://[::ffff:127.0.0.1]/", "local-address", "ok"],
  ["http://[::ffff:7f00:1]/", "local-address", "ok"],
  ["http://[::ffff:192.168.0.1]/", "local-address", "ok"],
  ["http://[::127.0.0.1]/", "local-address", "ok"],
  ["http://[64:ff9b::10.0.0.1]/", "local-address", "ok"],
  ["http://169.254.169.254/latest/meta-data/", "metadata-address", "metadata-address"],
  ["http://2852039166/", "metadata-address", "metadata-address"],
  ["http://0xa9.0xfe.0xa9.0xfe/", "metadata-address", "metadata-address"],
  ["http://[::ffff:169.254.169.254]/", "metadata-address", "metadata-address"],
  ["http://metadata.google.internal/computeMetadata/v1/", "metadata-address", "metadata-address"],
  ["http://METADATA.google.internal./", "metadata-address", "metadata-address"],
  ["http://metadata/", "metadata-address", "metadata-address"],
  ["http://[fd00:ec2::254]/", "metadata-address", "metadata-address"],
  ["http://100.100.100.200/", "metadata-address", "metadata-address"],
];

describe("checkUpstreamUrl", () => {
  for (const [url, withoutAllowLocal, withAllowLocal] of table) {
    it(`${JSON.stringify(url)} → ${withoutAllowLocal} / allowLocal: ${withAllowLocal}`, () => {
      assert.equal(verdict(url, false), withoutAllowLocal);
      assert.equal(verdict(url, true), withAllowLocal);
    });
  }

  it("returns the parsed URL when accepted", () => {
    const result = checkUpstreamUrl("https://api.openai.com/v1", { allowLocal: false });
    assert.ok(result.ok);
    assert.equal(result.url.pathname, "/v1");
  });
});

function verdict(url: string, allowLocal: boolean): Expected {
  const result = checkUpstreamUrl(url, { allowLocal });
  return result.ok ? "ok" : result.reason;
}
