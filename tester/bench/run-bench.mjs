#!/usr/bin/env node
// `npm run bench` launcher: runs tester/bench/run-bench.ts under tsx, forwards arguments and signals,
// and exits with its code.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "run-bench.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: path.resolve(here, "../.."),
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
