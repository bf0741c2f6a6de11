/**
 * A process's CPU time (user + system, every thread) from /proc, in microseconds. CPU per
 * statement is the benchmark figure that survives a shared, noisy machine: TPS depends on what
 * else runs, the work the gateway does per statement much less.
 */
import { readFileSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on Linux

export function processCpuUs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state is field 3, utime 14 and stime 15 (1-based).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_US;
  } catch {
    return Number.NaN;
  }
}
