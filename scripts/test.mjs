// `npm test`: builds what is stale (integration tests run the real server), then runs every test file with
// Node's own test runner. `--unit` skips the build and the suites that start the server.
//   node scripts/test.mjs [--unit] [path-filter…]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const unitOnly = args.includes("--unit");
const filters = args.filter((arg) => !arg.startsWith("--"));

function findTests(directory) {
  if (!existsSync(directory)) return [];
  const found = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      found.push(...findTests(path));
    } else if (/\.test\.ts$/.test(entry.name)) {
      found.push(relative(root, path));
    }
  }
  return found;
}

// Suites that start a real server (and so need the build): skipped by --unit. tester/e2e also drives Chromium.
const integrationDirs = ["tester/integration", "tester/e2e", "tester/conformance/conformance.test.ts"];
let files = ["open-sse/src", "src", "tester"].flatMap((directory) => findTests(join(root, directory))).sort();
if (unitOnly) files = files.filter((file) => !integrationDirs.some((directory) => file.startsWith(directory)));
if (filters.length > 0) files = files.filter((file) => filters.some((filter) => file.includes(filter)));
if (files.length === 0) {
  console.error("test: no test files matched");
  process.exit(1);
}

if (!unitOnly && files.some((file) => integrationDirs.some((directory) => file.startsWith(directory)))) {
  const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Browser tests start a server and Chromium per file: one file at a time, and a file may take minutes.
const browserFiles = files.filter((file) => file.startsWith("tester/e2e"));
const otherFiles = files.filter((file) => !file.startsWith("tester/e2e"));
const runs = [
  { files: otherFiles, options: ["--test-timeout=120000"] },
  { files: browserFiles, options: ["--test-timeout=600000", "--test-concurrency=1"] },
];
let status = 0;
for (const run of runs) {
  if (run.files.length === 0) continue;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...run.options, ...run.files], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
