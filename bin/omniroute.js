#!/usr/bin/env node
// The `omniroute` command. Runs the bundled server; in a source checkout it first (re)builds whatever is
// missing or stale, with the build's own progress on the terminal.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  process.stderr.write(`omniroute needs Node.js 20.9 or newer; this is ${process.versions.node}.\n`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const serverEntry = join(root, "dist", "server", "cli.js");
const wantsOnlyInfo = process.argv.slice(2).some((arg) => ["-h", "--help", "-v", "--version"].includes(arg));
const isSourceCheckout = existsSync(join(root, "scripts", "build.mjs")) && existsSync(join(root, "src"));

if (isSourceCheckout && !(wantsOnlyInfo && existsSync(serverEntry))) {
  const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed"], { stdio: ["ignore", "inherit", "inherit"], cwd: root });
  if (build.status !== 0) {
    process.stderr.write("omniroute: the build failed (see above).\n");
    process.exit(build.status ?? 1);
  }
} else if (!existsSync(serverEntry)) {
  process.stderr.write(`omniroute: ${serverEntry} is missing; this installation is incomplete. Reinstall the package.\n`);
  process.exit(1);
}

await import(serverEntry);
