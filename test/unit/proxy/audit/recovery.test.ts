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
