// Runs one real client process, bounded: a clean environment (nothing of the test runner's leaks in), its own
// process group so the whole tree (wrappers, relaunched children, strace) is killed on timeout, stdin closed,
// and — when strace is available — every network attempt recorded (egress-watch.ts).

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { egressWatchAvailable, parseEgress, watchedCommand } from "./egress-watch";
import type { EgressAttempt } from "./egress-watch";

export interface ClientProcessOptions {
  command: string;
  args: string[];
  /** The whole environment of the process (PATH is added when missing). */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export interface ClientProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Non-loopback connection attempts; null when they could not be watched (no strace). */
  egress: EgressAttempt[] | null;
}

/** Enough for a node-based CLI and the system tools the CLIs look for (git, rg are optional). */
export function minimalPath(): string {
  return [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":");
}

export async function runClientProcess(options: ClientProcessOptions): Promise<ClientProcessResult> {
  const watch = egressWatchAvailable();
  const logDir = watch ? mkdtempSync(path.join(tmpdir(), "omniroute-egress-")) : null;
  const logFile = logDir === null ? null : path.join(logDir, "strace.log");
  const { command, args } = logFile === null ? options : watchedCommand(options.command, options.args, logFile);
  const env: Record<string, string> = { PATH: minimalPath(), ...options.env };
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    // Exactly these variables (Next's typings make NODE_ENV required on ProcessEnv; a CLI must not get one).
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  // A test file killed by its own timeout must not leave a CLI running.
  process.once("exit", killGroup);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  clearTimeout(timer);
  // The CLI exited; anything it left behind in its group (a detached helper) goes too.
  killGroup();
  process.off("exit", killGroup);
  let egress: EgressAttempt[] | null = null;
  if (logFile !== null && logDir !== null) {
    egress = parseEgress(readFileSafe(logFile));
    rmSync(logDir, { recursive: true, force: true });
  }
  return { code, signal, stdout, stderr, timedOut, durationMs: performance.now() - started, egress };
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
