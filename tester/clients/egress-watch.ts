// Proof that a client run talked to nothing but this machine. When strace is available, every client process
// (and every process it starts) runs under `strace -f`, recording each connect()/sendto()/sendmsg() with its
// target address; any address outside loopback — a DNS query to the resolver included — is an egress attempt.
// This sees attempts that fail too (run-client-tests.mjs also puts the suite in a network namespace with only
// loopback, where nothing can get out at all), so "no attempt" is asserted, not just "nothing got through".

import { spawnSync } from "node:child_process";

export interface EgressAttempt {
  syscall: string;
  family: "AF_INET" | "AF_INET6";
  address: string;
  port: number;
  /** The strace line, for the failure message. */
  line: string;
}

let straceWorks: boolean | undefined;

/** True when `strace -f --seccomp-bpf` can trace a child here (needs the binary and ptrace permission). */
export function egressWatchAvailable(): boolean {
  if (straceWorks === undefined) {
    if (process.env.OMNIROUTE_CLIENT_TESTS_NO_STRACE === "1") return (straceWorks = false);
    const probe = spawnSync("strace", ["-f", "--seccomp-bpf", "-qq", "-e", "trace=connect", "-o", "/dev/null", "--", "true"], { stdio: "ignore", timeout: 10_000 });
    straceWorks = probe.status === 0;
  }
  return straceWorks;
}

/** The command line that runs `command` under the watch, logging to `logFile`. */
export function watchedCommand(command: string, args: string[], logFile: string): { command: string; args: string[] } {
  return {
    command: "strace",
    args: ["-f", "--seccomp-bpf", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", logFile, "--", command, ...args],
  };
}

function isLoopback(family: "AF_INET" | "AF_INET6", address: string): boolean {
  if (family === "AF_INET") return address.startsWith("127.") || address === "0.0.0.0";
  const lower = address.toLowerCase();
  return lower === "::1" || lower === "::" || /^::ffff:127\./.test(lower);
}

const INET = /(\w+)\(\d+,.*?\{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}/;
const INET6 = /(\w+)\(\d+,.*?\{sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/;

/** Non-loopback targets in an strace log (AF_UNIX, netlink and AF_UNSPEC disconnects are local). */
export function parseEgress(log: string): EgressAttempt[] {
  const attempts: EgressAttempt[] = [];
  for (const line of log.split("\n")) {
    const inet = INET.exec(line);
    const inet6 = inet ? null : INET6.exec(line);
    const match = inet ?? inet6;
    if (!match) continue;
    const family = inet ? "AF_INET" : "AF_INET6";
    const address = match[3]!;
    if (isLoopback(family, address)) continue;
    attempts.push({ syscall: match[1]!, family, address, port: Number(match[2]), line: line.trim() });
  }
  return attempts;
}

/** One line per distinct target, e.g. `connect 10.255.255.53:53 (DNS)`. */
export function describeEgress(attempts: EgressAttempt[]): string[] {
  const seen = new Set<string>();
  for (const attempt of attempts) seen.add(`${attempt.syscall} ${attempt.address}:${attempt.port}${attempt.port === 53 ? " (DNS)" : ""}`);
  return [...seen];
}
