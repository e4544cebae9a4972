// Spawns the bench's child processes in their own process groups and guarantees they die with the bench
// (normal exit, error, SIGINT, SIGTERM). Only processes started here are ever signalled.

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  spawnedAt: number;
  /** Last lines of stdout+stderr, for error messages. */
  tail(): string;
  alive(): boolean;
  /** Resolves with the URL of the first `listening <url>` stdout line, or rejects on exit/timeout. */
  listening(timeoutMs: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal), or "timeout". */
  waitExit(timeoutMs: number): Promise<number | null | "timeout">;
  stop(): Promise<void>;
}

const children = new Set<Child>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function spawnChild(name: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Child {
  const spawnedAt = performance.now();
  const childProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (childProcess.pid === undefined) throw new Error(`${name}: spawn failed`);
  const lines: string[] = [];
  let exited = false;
  let exitCode: number | null = null;
  let listeningUrl: string | undefined;
  const listeners: Array<() => void> = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  createInterface({ input: childProcess.stdout! }).on("line", (line) => {
    remember(line);
    if (listeningUrl === undefined && line.startsWith("listening ")) {
      listeningUrl = line.slice("listening ".length).trim();
      for (const listener of listeners.splice(0)) listener();
    }
  });
  createInterface({ input: childProcess.stderr! }).on("line", remember);
  const exitPromise = new Promise<void>((resolve) => {
    childProcess.once("exit", (code, signal) => {
      exited = true;
      exitCode = code;
      remember(`[exited code=${code} signal=${signal}]`);
      for (const listener of listeners.splice(0)) listener();
      resolve();
    });
  });

  const child: Child = {
    name,
    process: childProcess,
    pid: childProcess.pid,
    spawnedAt,
    tail: () => lines.join("\n"),
    alive: () => !exited,
    listening(timeoutMs) {
      return new Promise((resolve, reject) => {
        const settle = () => {
          clearTimeout(timer);
          if (listeningUrl !== undefined) resolve(listeningUrl);
          else reject(new Error(`${name} exited before listening:\n${child.tail()}`));
        };
        const timer = setTimeout(() => reject(new Error(`${name} did not print "listening" within ${timeoutMs} ms:\n${child.tail()}`)), timeoutMs);
        if (listeningUrl !== undefined || exited) settle();
        else listeners.push(settle);
      });
    },
    async waitExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const outcome = await Promise.race([exitPromise.then(() => exitCode), timeout]);
      clearTimeout(timer);
      return outcome;
    },
    async stop() {
      if (!exited) {
        signalGroup(child.pid, "SIGTERM");
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref());
        await Promise.race([exitPromise, timeout]);
        if (!exited) {
          signalGroup(child.pid, "SIGKILL");
          await Promise.race([exitPromise, new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref())]);
        }
      }
      children.delete(child);
    },
  };
  children.add(child);
  return child;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop()));
}

let installed = false;

/** Kill every child on exit and on SIGINT/SIGTERM. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const child of children) if (child.alive()) signalGroup(child.pid, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping child processes`);
      void stopAll().finally(() => process.exit(130));
      setTimeout(() => process.exit(130), 5_000).unref();
    });
  }
}
