/**
 * The audit stage's CPU budget at 8 clients, from figures the bench already measured.
 *
 * Once the machine is saturated (the gateway, PostgreSQL and pgbench share it), TPS is the
 * machine's CPU divided by the CPU each statement costs it. "At most 10% fewer TPS with audit
 * on" then means audit may add at most 1/9 of the machine CPU per statement without audit. The
 * flush floor is what durability alone costs: flushes per statement times the process CPU of one
 * flush on this disk; group commit can at best share one flush among all 8 clients.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { row } from './markdown-row.js';

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/** The gateway's `phigate_audit_flushes_total` (NaN without an HTTP endpoint or audit). */
export async function auditFlushes(httpUrl: string | undefined): Promise<number> {
  if (!httpUrl) return Number.NaN;
  try {
    const text = await fetch(`${httpUrl}/metrics`).then((r) => r.text());
    const line = text.split('\n').find((l) => l.startsWith('phigate_audit_flushes_total '));
    return line ? Number(line.split(' ')[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * What one flush costs the process in CPU (every thread, user + system), done the way the file
 * sink does it: a positional write into zero-filled space, then fdatasync in the thread pool.
 * Median of five rounds: a neighbour's burst on a shared machine lands in one round, not all.
 */
export async function flushCpuUs(dir: string): Promise<number> {
  const fd = openSync(join(dir, 'flush-cpu'), 'w+');
  const record = Buffer.alloc(1600, 0x61); // about one statement's intent + outcome
  const n = 200;
  writeSync(fd, Buffer.alloc(n * record.length), 0, n * record.length, 0);
  fdatasyncSync(fd);
  const rounds: number[] = [];
  try {
    for (let r = 0; r < 5; r++) {
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        writeSync(fd, record, 0, record.length, i * record.length);
        await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
      }
      const cpu = process.cpuUsage(cpu0);
      rounds.push((cpu.user + cpu.system) / n);
    }
  } finally {
    closeSync(fd);
  }
  return rounds.sort((a, b) => a - b)[2] as number;
}

export interface AuditBudgetInput {
  /** Machine busy CPU per statement through the gateway, keyed `variant|mode|clients`. */
  readonly machine: ReadonlyMap<string, number>;
  /** Audit flushes per statement, same keys. */
  readonly flushes: ReadonlyMap<string, number>;
  /** Process CPU of one flush as the file sink does it (`flushCpuUs`). */
  readonly flushCpuUs: number;
}

export function printAuditBudget(print: (s: string) => void, i: AuditBudgetInput): void {
  const lines: string[] = [];
  for (const mode of ['simple', 'prepared'] as const) {
    const off = i.machine.get(`policy + masking|${mode}|8`);
    const on = i.machine.get(`full pipeline|${mode}|8`);
    const perStmt = i.flushes.get(`full pipeline|${mode}|8`);
    if (off === undefined || on === undefined || perStmt === undefined) continue;
    lines.push(
      row([
        mode,
        fmt(off),
        fmt(off / 9),
        fmt(on - off),
        fmt(perStmt, 3),
        fmt(perStmt * i.flushCpuUs),
        fmt(i.flushCpuUs / 8),
      ]),
    );
  }
  if (lines.length === 0) return;
  print('');
  print(
    `Audit budget at 8 clients (machine CPU, all processes; one flush costs ${fmt(i.flushCpuUs)} µs of CPU here)`,
  );
  print('');
  print(
    row([
      'mode',
      'machine CPU µs/stmt, audit off',
      '10% TPS budget µs/stmt',
      'added by audit µs/stmt',
      'flushes/stmt',
      'flush floor µs/stmt',
      'floor, 8 stmts per flush',
    ]),
  );
  print(row(Array(7).fill('---')));
  for (const l of lines) print(l);
}
