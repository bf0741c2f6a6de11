/**
 * A process's CPU time (user + system, every thread) from /proc, in microseconds. CPU per
 * statement is the benchmark figure that survives a shared, noisy machine: TPS depends on what
 * else runs, the work the gateway does per statement much less.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** A /proc `stat` line: the name between the parentheses, user and system CPU in µs. */
function parseStat(stat: string): { name: string; userUs: number; systemUs: number } {
  // Fields after "(comm) ": state is field 3, utime 14 and stime 15 (1-based).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    userUs: Number(f[11]) * TICK_US,
    systemUs: Number(f[12]) * TICK_US,
  };
}

export function processCpuUs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const s = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return s.userUs + s.systemUs;
  } catch {
    return Number.NaN;
  }
}

/** Each thread of a process with its CPU so far (main thread, V8 workers, libuv pool...). */
export function threadCpu(
  pid: number | undefined,
): { tid: string; name: string; userUs: number; systemUs: number }[] {
  if (pid === undefined) return [];
  return readdirSync(`/proc/${pid}/task`).map((tid) => ({
    tid,
    ...parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')),
  }));
}

/**
 * Busy CPU time of the whole machine so far (every core: user, nice, system, irq, softirq,
 * steal), in microseconds. On a machine the gateway shares with PostgreSQL and pgbench, a stage
 * that adds X µs of machine CPU per statement costs X / (machine CPU per statement) of the TPS
 * once the machine is saturated: the figure that turns a TPS target into a CPU budget.
 */
export function machineBusyUs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest is in user).
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((s, i) => s + (f[i] ?? 0), 0);
  return busy * TICK_US;
}
