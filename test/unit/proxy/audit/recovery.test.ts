import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import { listSegments, segmentPath } from '../../../../proxy/audit/file/layout.js';
import { readLog } from '../../../../proxy/audit/file/log-reader.js';
import { allow, auditConfig, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

afterAll(removeTempDirs);

async function closedLog() {
  const dataDir = tempDataDir();
  const log = await openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir });
  const s = await log.openSession(sessionStart());
  await s.intent({ text: 'select 1', path: 'simple', decision: allow });
  await s.end({ reason: 'done' });
  await log.close();
  return { dataDir, dir: log.dir };
}

const recordsOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });

describe('recovery of the file sink at start', () => {
  it('an incomplete final write is a warning for verify, then cut at the next start and recorded', async () => {
    const { dataDir, dir } = await closedLog();
    const [file] = await listSegments(dir);
    const lastLine = readFileSync(file!.path, 'utf8').trimEnd().split('\n').at(-1)!;
    const torn = lastLine.slice(0, 100);
    appendFileSync(file!.path, torn);

    const before = await readLog(dir);
    expect(before.report.ok).toBe(true);
    expect(before.report.warnings[0]).toMatch(/incomplete final write of 100 bytes \(never acknowledged/);

    const log = await openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir });
    await log.close();
    const recs = recordsOf(file!.path);
    const rec = recs.find((r) => r.type === 'log.recovered');
    expect(rec?.data).toMatchObject({ tornBytes: 100, openSessions: 0 });
    expect(rec?.data.tornSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file!.path, 'utf8')).not.toContain(`${torn}{`);
    const after = await readLog(dir);
    expect(after.report.problems).toEqual([]);
    expect(after.report.warnings).toEqual([]);
  });

  it('an unreadable line followed by readable ones is corruption: the log refuses to open and names the line', async () => {
    const { dataDir, dir } = await closedLog();
    const [file] = await listSegments(dir);
    const lines = readFileSync(file!.path, 'utf8').split('\n');
    lines[2] = `${lines[2]!.slice(0, 40)}`;
    writeFileSync(file!.path, lines.join('\n'));
    await expect(
      openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir }),
    ).rejects.toMatchObject({
      code: 'AUDIT_CORRUPT',
      message: expect.stringContaining(`${file!.name} has an unreadable line 3`),
    });
  });

  it('a newest file left empty by a batch that never completed is removed; the chain continues', async () => {
    const { dataDir, dir } = await closedLog();
    writeFileSync(segmentPath(dir, 2), '{"partial');
    const log = await openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir });
    await log.close();
    expect((await listSegments(dir)).map((f) => f.segment)).toEqual([1]);
    const { report } = await readLog(dir);
    expect(report.problems).toEqual([]);
    const recs = recordsOf(join(dir, 'log', 'segment-000001.jsonl'));
    expect(recs.filter((r) => r.type === 'log.recovered').at(-1)?.data).toMatchObject({ tornBytes: 9 });
  });
});

describe('recovery after a session with a recording', () => {
  it('continues the recording chain of a session left open (payloads are not needed to recover)', async () => {
    const dataDir = tempDataDir();
    const config = auditConfig({ parameters: 'omit' });
    const first = await openAuditLog({ config, dataDir });
    const s = await first.openSession(sessionStart());
    const t = await s.intent({ text: 'select 1', path: 'simple', decision: allow });
    const row = Buffer.from([0x44, 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, 0x31]);
    for (let i = 0; i < 12000; i++) s.frame('backend', row);
    s.outcome(t, { rows: 12000, bytesOut: row.length * 12000 });
    // Closed without ending the session, and the `log.close` record cut off as a crash would
    // leave it: the next start finds the session open.
    await first.close();
    const [file] = await listSegments(first.dir);
    const lines = readFileSync(file!.path, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!).type).toBe('log.close');
    writeFileSync(file!.path, `${lines.slice(0, -1).join('\n')}\n`);
    const collect = async (dir: string) => {
      const records: { type: string; chain: string; data: Record<string, unknown> }[] = [];
      const r = await readLog(dir, { onRecord: (rec) => records.push(rec as never) });
      return { report: r.report, records };
    };
    const { records } = await collect(first.dir);
    const segments = records.filter((r) => r.type === 'recording.segment');
    expect(segments.length).toBeGreaterThan(0);

    const second = await openAuditLog({ config, dataDir });
    await second.close();
    const after = await collect(second.dir);
    expect(after.report.problems).toEqual([]);
    // The recovered session is ended by the recovery, on its own chain, after its last segment.
    const end = after.records.filter((r) => r.chain === segments[0]!.chain).at(-1);
    expect(end?.type).toBe('session.end');
    expect(end?.data).toMatchObject({ recovered: true });
  });
});
