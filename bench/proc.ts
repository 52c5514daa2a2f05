/**
 * What Linux says about the Chromium a bench started: its processes of one
 * type (found by the bench's own --user-data-dir), their peak memory, and the
 * CPU time of their main threads. Elsewhere these come back empty or 0 and the
 * benches say so.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Processes of `type` ('renderer', 'gpu-process') of the browser using `profile`. */
export function chromiumProcesses(profile: string, type: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(profile) && cmdline.includes(`--type=${type}`)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Resets the peak resident set size (VmHWM) of each process ("5" > clear_refs, Linux ≥ 4.0). */
export function resetPeak(pids: number[]): void {
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // Not permitted: the peak then counts from the process start.
    }
  }
}

/** The largest VmHWM among the processes, in bytes. */
export function peakBytes(pids: number[]): number {
  let peak = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // Gone.
    }
  }
  return peak;
}

/** Nanoseconds each process's main thread (its thread id is its pid) has run on a CPU. */
export function mainThreadCpu(pids: number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    try {
      const schedstat = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8');
      times.set(pid, Number(schedstat.split(' ')[0]));
    } catch {
      // Gone, or no schedstat here.
    }
  }
  return times;
}

/**
 * Main-thread CPU milliseconds `work` cost the busiest of the processes:
 * the page's renderer, when the others idle. Undefined without /proc.
 */
export async function mainThreadMs<T>(
  pids: () => number[],
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number | undefined }> {
  const before = mainThreadCpu(pids());
  const result = await work();
  const after = mainThreadCpu(pids());
  let most: number | undefined;
  for (const [pid, ns] of after) {
    const start = before.get(pid);
    if (start !== undefined) most = Math.max(most ?? 0, (ns - start) / 1e6);
  }
  return { result, cpuMs: most };
}
