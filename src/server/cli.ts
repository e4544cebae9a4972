import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HELP_TEXT, parseCliArgs } from "./parse-cli-args";
import { startServer } from "./start-server";

/** Exit code 2 means "your input is wrong" (bad flag, bad config file); 1 means the server failed. */
function exitCodeOf(error: unknown): number {
  const code = typeof error === "object" && error !== null ? (error as { exitCode?: unknown }).exitCode : undefined;
  return typeof code === "number" ? code : 1;
}

function findPackageRoot(): string {
  // Bundled: dist/server/cli.js; from source: src/server/cli.ts. Both are two levels below the root.
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/**
 * When whoever reads our output goes away (a closed terminal, `omniroute | head`, a killed parent), writes to
 * stdout/stderr fail with EPIPE. Unhandled, each failure becomes an uncaught exception whose report is itself
 * written to stderr, and the process spins at full CPU; handled here, the server keeps serving and keeps
 * logging to DATA_DIR/logs.
 */
function surviveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
      throw error;
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  surviveClosedOutput();
  const packageRoot = findPackageRoot();
  const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };
  let running;
  try {
    const cli = parseCliArgs(argv);
    if (cli.help) {
      process.stdout.write(`${HELP_TEXT}\n`);
      return;
    }
    if (cli.version) {
      process.stdout.write(`${version}\n`);
      return;
    }
    const dev = process.env.OMNIROUTE_DEV === "1";
    // Next reads NODE_ENV to pick its mode; a production server must not inherit a stray "development".
    (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
    // Local-first: the dashboard framework does not report usage anywhere unless the user opts in.
    process.env.NEXT_TELEMETRY_DISABLED ??= "1";
    running = await startServer({ cli, env: process.env, packageRoot, version, dev });
  } catch (error) {
    process.stderr.write(`omniroute: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodeOf(error);
    return;
  }
  const server = running;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      process.stderr.write("omniroute: second signal, exiting now\n");
      process.exit(1);
    }
    server.stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`omniroute: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

await main(process.argv.slice(2));
