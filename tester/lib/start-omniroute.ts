import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface OmnirouteProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Removes the temp dir too. */
  dispose(): Promise<void>;
}

export interface StartOptions {
  config?: unknown;
  args?: string[];
  env?: Record<string, string>;
  dataDir?: string;
  /** How long to wait for the startup banner. */
  timeoutMs?: number;
}

/** Starts the real `omniroute` command on a free port with a temp DATA_DIR and an optional config file. */
export async function startOmniroute(options: StartOptions = {}): Promise<OmnirouteProcess> {
  const workDir = mkdtempSync(join(tmpdir(), "omniroute-it-"));
  const dataDir = options.dataDir ?? join(workDir, "data");
  const args = [join(repoRoot, "bin", "omniroute.js"), "--no-open", "--port", "0", "--data-dir", dataDir, ...(options.args ?? [])];
  if (options.config !== undefined) {
    const configFile = join(workDir, "config.json");
    writeFileSync(configFile, JSON.stringify(options.config, null, 2));
    args.push("--config", configFile);
  }
  const child = spawn(process.execPath, args, {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", HOME: workDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...options.env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // A test file killed by its timeout must not leave its server running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`omniroute did not start in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    const onData = () => {
      const match = /API:\s+(http:\/\/[^\s]+)\/v1/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`omniroute exited with ${code} before listening.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return {
    url,
    dataDir,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    stop,
    async dispose() {
      await stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Runs omniroute expecting it to exit on its own (bad config, bad flags); resolves with its output. */
export async function runOmniroute(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000) {
  const workDir = mkdtempSync(join(tmpdir(), "omniroute-run-"));
  const child = spawn(process.execPath, [join(repoRoot, "bin", "omniroute.js"), "--no-open", ...args], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", HOME: workDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  rmSync(workDir, { recursive: true, force: true });
  return { code, stdout, stderr };
}

/** Polls until `check` returns a value (bounded), for effects that land asynchronously. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
