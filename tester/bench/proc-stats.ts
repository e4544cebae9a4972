// Cross-process CPU and memory readings from /proc (Linux only), summed over a process and its descendants
// so that a target which forks helpers is measured whole.

import { readFileSync, readdirSync } from "node:fs";

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The pid and every live descendant (via /proc/<pid>/task/<tid>/children). */
export function processTree(rootPid: number): number[] {
  const result: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0 && result.length < 1_000) {
    const pid = pending.pop()!;
    if (readText(`/proc/${pid}/stat`) === null) continue;
    result.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      tasks = [];
    }
    for (const tid of tasks) {
      const children = readText(`/proc/${pid}/task/${tid}/children`);
      if (!children) continue;
      for (const child of children.trim().split(/\s+/)) if (child) pending.push(Number(child));
    }
  }
  return result;
}

/**
 * CPU time used so far, in nanoseconds. Prefers the sum of /proc/<pid>/task/<tid>/schedstat (ns resolution,
 * every thread: main loop, libuv pool, GC helpers); falls back to utime+stime from /proc/<pid>/stat
 * (clock ticks, 10 ms resolution), which also counts threads that have exited.
 */
export function cpuTimeNs(rootPid: number): { ns: number; source: "schedstat" | "stat" } {
  let schedTotal = 0;
  let schedOk = true;
  let statTotal = 0;
  for (const pid of processTree(rootPid)) {
    const stat = readText(`/proc/${pid}/stat`);
    if (stat) {
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the comm field: state is fields[0], utime is field 14 overall → index 11 here, stime index 12.
      statTotal += (Number(fields[11]) + Number(fields[12])) * (1e9 / 100);
    }
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      schedOk = false;
    }
    for (const tid of tasks) {
      const sched = readText(`/proc/${pid}/task/${tid}/schedstat`);
      if (!sched) {
        schedOk = false;
        continue;
      }
      schedTotal += Number(sched.split(" ")[0]);
    }
  }
  return schedOk && schedTotal > 0 ? { ns: schedTotal, source: "schedstat" } : { ns: statTotal, source: "stat" };
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return 0;
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : 0;
}

/** Resident set size in MB, summed over the tree. */
export function rssMb(rootPid: number): number {
  let total = 0;
  for (const pid of processTree(rootPid)) total += statusKb(pid, "VmRSS");
  return total / 1024;
}

/** Peak resident set size (VmHWM) in MB, summed over the tree (an upper bound when several processes). */
export function peakRssMb(rootPid: number): number {
  let total = 0;
  for (const pid of processTree(rootPid)) total += statusKb(pid, "VmHWM");
  return total / 1024;
}

export function machineDescription(): { cpus: number; model: string } {
  const cpuinfo = readText("/proc/cpuinfo") ?? "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown";
  const cpus = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  return { cpus, model };
}
