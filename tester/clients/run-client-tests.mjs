// `npm run test:clients`: real clients end to end. Builds omniroute if stale, installs (or reuses) the pinned CLIs
// (install-clients.mjs), then runs tester/clients/*.test.ts with OMNIROUTE_CLIENT_TESTS=1.
//
// No traffic leaves the machine: where the kernel allows it (root, or unprivileged user namespaces), the test
// run is put in a network namespace of its own that has only a loopback interface, so nothing can get out even
// if a client ignored its telemetry switches; on top of that each CLI runs under strace and a test fails on any
// connection attempt (a DNS query included) to an address outside loopback (egress-watch.ts).
//   node tester/clients/run-client-tests.mjs [path-filter…]
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { installClients } from "./install-clients.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const filters = process.argv.slice(2);

const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(installClients());

const files = readdirSync(here)
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => relative(root, join(here, name)))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error("test:clients: no test files matched");
  process.exit(1);
}

/** A command that runs its arguments in a fresh network namespace with loopback up, when this machine allows it. */
function isolation() {
  if (process.env.OMNIROUTE_CLIENT_TESTS_NO_NETNS === "1") return null;
  const prefixes = [
    ["unshare", "--net"],
    ["unshare", "--net", "--map-root-user"],
  ];
  for (const prefix of prefixes) {
    const probe = spawnSync(prefix[0], [...prefix.slice(1), "--", "ip", "link", "set", "lo", "up"], { stdio: "ignore", timeout: 10_000 });
    if (probe.status === 0) return prefix;
  }
  return null;
}

const testCommand = [process.execPath, "--import", "tsx", "--test", "--test-reporter=spec", "--test-timeout=300000", ...files];
const prefix = isolation();
const command = prefix === null ? testCommand : [...prefix, "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...testCommand];
console.log(prefix === null ? "network: host network (no network namespace available here)" : "network: isolated (own network namespace, loopback only)");
const strace = spawnSync("strace", ["-f", "--seccomp-bpf", "-qq", "-e", "trace=connect", "-o", "/dev/null", "--", "true"], { stdio: "ignore", timeout: 10_000 });
console.log(strace.status === 0 ? "egress watch: every CLI runs under strace; any non-loopback connection attempt fails its test" : "egress watch: strace unavailable here, connection attempts are not checked (apt-get install strace)");

const result = spawnSync(command[0], command.slice(1), {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, OMNIROUTE_CLIENT_TESTS: "1", NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
