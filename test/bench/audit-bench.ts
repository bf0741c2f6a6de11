/**
 * Audit write path benchmark: what the statement path pays for write-ahead audit on this disk.
 * Each "statement" is what the gateway does per pgbench -S statement: a frontend frame, a
 * durable intent (awaited), backend frames, an outcome. Run alone with
 * `npx tsx test/bench/audit-bench.ts`, or call `benchAudit()` from the bench runner.
 */
import { closeSync, fdatasyncSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSchema } from '../../core/config/audit.js';
import { openAuditLog } from '../../proxy/audit/audit-log.js';
import type { AuditSession } from '../../proxy/audit/audit-session.js';

export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const SECONDS = Number(process.env.AUDIT_BENCH_SECONDS ?? 3);
const QUERY = (() => {
  const text = 'SELECT abalance FROM pgbench_accounts WHERE aid = 48213;';
  const b = Buffer.alloc(6 + text.length);
  b.write('Q', 0);
  b.writeInt32BE(b.length - 1, 1);
  b.write(text, 5);
  return { text, frame: b };
})();
// RowDescription + DataRow + CommandComplete + ReadyForQuery, roughly as PostgreSQL sends them.
const RESULT = Buffer.concat([
  Buffer.from('T\0\0\0\x21\0\x01abalance\0\0\0\0\0\0\0\0\0\0\x17\0\x04\xff\xff\xff\xff\0\0', 'latin1'),
  Buffer.from('D\0\0\0\x0f\0\x01\0\0\0\x05-2881', 'latin1'),
  Buffer.from('C\0\0\0\x0dSELECT 1\0Z\0\0\0\x05I', 'latin1'),
]);

function flushCost(kind: 'fsync' | 'fdatasync', dir: string): number {
  const path = join(dir, `flush-${kind}`);
  const fd = openSync(path, 'a');
  const buf = Buffer.alloc(512, 0x61);
  const n = 300;
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    writeSync(fd, buf);
    if (kind === 'fsync') fsyncSync(fd);
    else fdatasyncSync(fd);
  }
  const us = Number(process.hrtime.bigint() - t) / 1000 / n;
  closeSync(fd);
  return us;
}

async function statement(s: AuditSession, latencies: number[]): Promise<void> {
  const t0 = process.hrtime.bigint();
  s.frame('frontend', QUERY.frame);
  const t = await s.intent({
    text: QUERY.text,
    path: 'simple',
    fingerprint: 'a1b2c3d4e5f60718',
    decision: {
      action: 'allow',
      ruleId: 'hipaa-baseline/allow-read-with-where',
      reason: 'read with a WHERE clause',
    },
  });
  latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
  s.frame('backend', RESULT);
  s.outcome(t, {
    rows: 1,
    bytesOut: RESULT.length,
    tag: 'SELECT 1',
    columns: [{ name: 'abalance', typeOid: 23 }],
  });
}

async function run(writers: number, dir: string) {
  const log = await openAuditLog({
    config: auditSchema.parse({ parameters: 'hash' }),
    dataDir: join(dir, `w${writers}`),
  });
  const sessions = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      log.openSession({
        sessionId: `bench-${writers}-${i}`,
        principal: {
          agentId: 'bench-agent',
          subject: 'bench-agent',
          objectId: undefined,
          appId: undefined,
          tenantId: undefined,
          displayName: undefined,
          groups: [],
          tokenId: 'jti',
          issuer: 'https://issuer.example',
          expiresAt: Date.now() + 3_600_000,
        },
        resource: 'bench',
        client: { address: '127.0.0.1' },
      }),
    ),
  );
  const before = log.stats();
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  let n = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    sessions.map(async (s) => {
      while (Date.now() < end) {
        await statement(s, latencies);
        n++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const after = log.stats();
  for (const s of sessions) await s.end({ reason: 'bench done' });
  await log.close();
  latencies.sort((a, b) => a - b);
  const flushes = after.sink.flushes - before.sink.flushes;
  return {
    perSecond: n / seconds,
    flushesPer1000: (flushes / n) * 1000,
    cpuUsPerIntent: (cpu.user + cpu.system) / n,
    p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

/** Figures for the bench table. */
export async function benchAudit(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'phigate-audit-bench-'));
  try {
    const fsyncUs = flushCost('fsync', dir);
    const fdatasyncUs = flushCost('fdatasync', dir);
    const one = await run(1, dir);
    const eight = await run(8, dir);
    return [
      { name: 'disk: fsync after a 512 B append', value: fsyncUs, unit: 'µs' },
      { name: 'disk: fdatasync after a 512 B append', value: fdatasyncUs, unit: 'µs' },
      {
        name: 'audit statements/s, 1 writer (intent durable + frames + outcome)',
        value: one.perSecond,
        unit: '/s',
      },
      { name: 'audit statements/s, 8 concurrent writers', value: eight.perSecond, unit: '/s' },
      { name: 'flushes per 1000 intents, 1 writer', value: one.flushesPer1000, unit: '' },
      { name: 'flushes per 1000 intents, 8 writers (group commit)', value: eight.flushesPer1000, unit: '' },
      { name: 'intent latency p50, 1 writer', value: one.p50, unit: 'µs' },
      { name: 'intent latency p50, 8 writers', value: eight.p50, unit: 'µs' },
      { name: 'intent latency p99, 8 writers', value: eight.p99, unit: 'µs' },
      { name: 'CPU per statement on the event loop, 8 writers', value: eight.cpuUsPerIntent, unit: 'µs' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchAudit();
  for (const f of figures)
    process.stdout.write(`${f.name.padEnd(70)} ${f.value.toFixed(1).padStart(10)} ${f.unit}\n`);
}
