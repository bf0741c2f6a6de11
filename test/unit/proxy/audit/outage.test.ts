import { execFileSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRecordSchema } from '../../../../core/audit/schema/record.js';
import { isPhigateError } from '../../../../core/errors.js';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import type { AuditSession } from '../../../../proxy/audit/audit-session.js';
import { listSegments } from '../../../../proxy/audit/file/layout.js';
import { readLog } from '../../../../proxy/audit/file/log-reader.js';
import { readSegment } from '../../../../proxy/audit/file/segment-file.js';
import { allow, auditConfig, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

const until = async (cond: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function allRecords(dir: string) {
  const out = [];
  for (const f of await listSegments(dir)) {
    for (const l of (await readSegment(f.path)).lines) out.push(auditRecordSchema.parse(JSON.parse(l)));
  }
  return out;
}

/** Runs intents until one is refused; returns how many were acknowledged and the refusal. */
async function intentsUntilRefused(s: AuditSession, frame: Buffer, limit = 2_000) {
  let acked = 0;
  for (let i = 0; i < limit; i++) {
    try {
      const t = await s.intent({ text: `insert into t values (${i})`, path: 'simple', decision: allow });
      acked = t.stmt;
      s.frame('backend', frame);
      s.outcome(t, { rows: 1, bytesOut: frame.length, tag: 'INSERT 0 1' });
    } catch (e) {
      return { acked, error: e };
    }
  }
  throw new Error('the sink never failed');
}

describe('sink outage: fail closed, then continue without a gap', () => {
  it('the log directory replaced by a file: intents refused with PG010, recovery continues the chain', async () => {
    const dataDir = tempDataDir();
    const log = await openAuditLog({
      config: auditConfig({ segmentMaxBytes: 4096, retryMs: 20, parameters: 'omit' }),
      dataDir,
    });
    const s = await log.openSession(sessionStart());
    const logDir = join(log.dir, 'log');
    // The disk "goes away": the directory is moved and a file takes its place. The open file
    // still takes writes; the next log file cannot be created (ENOTDIR).
    renameSync(logDir, `${logDir}.away`);
    writeFileSync(logDir, 'not a directory');
    const { acked, error } = await intentsUntilRefused(s, Buffer.alloc(200, 0x42));
    expect(isPhigateError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'AUDIT_UNAVAILABLE', sqlstate: 'PG010', status: 503 });
    expect((error as Error).message).toMatch(
      /audit log unavailable \(write failed: ENOTDIR\): the statement was not run/,
    );
    expect(log.health()).toEqual({
      ok: false,
      reason: expect.stringMatching(/writes failing since .* \(ENOTDIR\)/),
    });
    // Every further intent is refused while the sink is down.
    for (let i = 0; i < 3; i++) {
      await expect(s.intent({ text: 'select 1', path: 'simple', decision: allow })).rejects.toMatchObject({
        sqlstate: 'PG010',
      });
    }
    // Recovery: the directory comes back; the retry timer writes what was kept.
    rmSync(logDir);
    renameSync(`${logDir}.away`, logDir);
    await until(() => log.health().ok);
    const t = await s.intent({ text: 'select 2', path: 'simple', decision: allow });
    expect(t.stmt).toBe(acked + 1);
    await s.end({ reason: 'done' });
    await log.close();

    const recs = await allRecords(log.dir);
    const outage = recs.filter((r) => r.type === 'log.outage');
    expect(outage).toHaveLength(1);
    expect(outage[0]?.data).toMatchObject({ error: 'ENOTDIR', rejectedIntents: 4 });
    // No gap: statement numbers of the session run 1..n; every outcome kept during the outage was written.
    const stmts = recs.flatMap((r) =>
      r.chain === s.id && r.type === 'statement.intent' ? [r.data.stmt] : [],
    );
    expect(stmts).toEqual(Array.from({ length: acked + 1 }, (_, i) => i + 1));
    const outcomes = recs.flatMap((r) =>
      r.chain === s.id && r.type === 'statement.outcome' ? [r.data.stmt] : [],
    );
    expect(outcomes).toEqual(Array.from({ length: acked }, (_, i) => i + 1));
    const { report } = await readLog(log.dir);
    expect(report.problems).toEqual([]);
  });

  it('health recovers by itself (probe) when nothing is queued', async () => {
    const dataDir = tempDataDir();
    const log = await openAuditLog({
      config: auditConfig({ segmentMaxBytes: 4096, retryMs: 20, parameters: 'omit' }),
      dataDir,
    });
    const s = await log.openSession(sessionStart());
    const logDir = join(log.dir, 'log');
    renameSync(logDir, `${logDir}.away`);
    writeFileSync(logDir, '');
    await intentsUntilRefused(s, Buffer.alloc(10));
    await s.end({ reason: 'done' }).catch(() => undefined);
    rmSync(logDir);
    renameSync(`${logDir}.away`, logDir);
    await until(() => log.health().ok);
    await log.close();
    expect((await readLog(log.dir)).report.ok).toBe(true);
  });
});

/** A real full disk: a 256 KiB tmpfs (needs mount permission; skipped with the reason otherwise). */
const mountPoint = tempDataDir('phigate-tmpfs-');
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  removeTempDirs();
});

describe.skipIf(!mounted)('sink outage: disk full (tmpfs, ENOSPC)', () => {
  it('partial writes are cut back, intents are refused, and after space is freed the chain continues', async () => {
    const dataDir = join(mountPoint, 'data');
    // Recording segments are kept small so what waits during the outage fits once space is freed.
    // The filler first: the log's preallocation then takes what is left, and appends run out of it.
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(150 * 1024));
    const config = auditConfig({ retryMs: 20, parameters: 'omit', recording: { segmentBytes: 16 * 1024 } });
    const log = await openAuditLog({ config, dataDir });
    const s = await log.openSession(sessionStart());
    const { acked, error } = await intentsUntilRefused(s, Buffer.alloc(3000, 0x44));
    expect(error).toMatchObject({ code: 'AUDIT_UNAVAILABLE', sqlstate: 'PG010' });
    expect((error as Error).message).toContain('ENOSPC');
    expect(log.health().ok).toBe(false);
    rmSync(join(mountPoint, 'filler'));
    await until(() => log.health().ok);
    const t = await s.intent({ text: 'select 1', path: 'simple', decision: allow });
    expect(t.stmt).toBe(acked + 1);
    await s.end({ reason: 'done' });
    await log.close();
    const recs = await allRecords(log.dir);
    expect(recs.find((r) => r.type === 'log.outage')?.data).toMatchObject({ error: 'ENOSPC' });
    expect((await readLog(log.dir)).report.problems).toEqual([]);
  });
});
