// Reading strace logs: loopback and local sockets are not egress; a DNS query to the resolver and a connection
// to a public address (IPv4 or IPv6) are.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { describeEgress, egressWatchAvailable, parseEgress } from "./egress-watch";
import { runClientProcess } from "./run-client-process";

const LOG = [
  '101 connect(18, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
  '101 connect(19, {sa_family=AF_INET, sin_port=htons(40123), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
  '102 connect(20, {sa_family=AF_INET6, sin6_port=htons(40123), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
  '102 connect(21, {sa_family=AF_UNSPEC, sa_data="\\0\\0\\0\\0"}, 16) = 0',
].join("\n");

describe("parseEgress", () => {
  it("finds nothing in loopback-only and local-socket traffic", () => {
    assert.deepEqual(parseEgress(LOG), []);
  });

  it("reports a DNS query and public IPv4 / IPv6 connections", () => {
    const log = [
      LOG,
      '103 connect(22, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
      '103 sendto(23, "\\x12\\x34", 34, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 34',
      '104 connect(24, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2606:4700::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)',
    ].join("\n");
    const attempts = parseEgress(log);
    assert.equal(attempts.length, 3);
    assert.deepEqual(describeEgress(attempts), ["connect 10.255.255.53:53 (DNS)", "sendto 10.255.255.53:53 (DNS)", "connect 2606:4700::1:443"]);
  });
});

/** Only a loopback interface: a connection attempt here cannot leave the machine (run-client-tests.mjs's namespace). */
function loopbackOnly(): boolean {
  try {
    // /proc/net/dev is this process's network namespace (/sys/class/net is the one sysfs was mounted in).
    const names = readFileSync("/proc/net/dev", "utf8").split("\n").slice(2).map((line) => line.split(":")[0]!.trim()).filter((name) => name !== "");
    return names.length > 0 && names.every((name) => name === "lo");
  } catch {
    return false;
  }
}

describe("the live watch", () => {
  const skip = !egressWatchAvailable() ? "strace is not available here" : !loopbackOnly() ? "only inside the loopback-only network namespace of npm run test:clients" : false;
  it("records a process's attempt to reach a non-loopback address (negative control)", { skip }, async () => {
    // 192.0.2.1 is TEST-NET-1 (documentation only); with no route out of this namespace the attempt fails at once.
    const script = "require('net').connect(9, '192.0.2.1').on('error', () => {})";
    const run = await runClientProcess({ command: process.execPath, args: ["-e", script], env: {}, cwd: "/", timeoutMs: 10_000 });
    assert.deepEqual(describeEgress(run.egress ?? []), ["connect 192.0.2.1:9"]);
  });
});
