import { readFileSync, unlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { retentionCommand } from '../../../../cli/commands/retention.js';
import { sessionsCommand } from '../../../../cli/commands/sessions.js';
import { verifyCommand } from '../../../../cli/commands/verify.js';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import type { CommandIo } from '../../../../proxy/audit/command-support.js';
import { listSegments } from '../../../../proxy/audit/file/layout.js';
import { allow, auditConfig, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

afterAll(removeTempDirs);

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T09:00:00.000Z');

function io(now: number) {
  const out = { text: '' };
  const cmdIo: CommandIo = {
    stdout: (t) => void (out.text += t),
    stderr: (t) => void (out.text += t),
    now: () => now,
  };
  return { out, io: cmdIo };
}

/** Ten days of traffic, one session per day, plus one session that stays open from day 2 to day 8. */
async function tenDays() {
  const dataDir = tempDataDir('phigate-retention-');
  let now = T0;
  const log = await openAuditLog({
    config: auditConfig({ parameters: 'omit' }),
    dataDir,
    clock: { now: () => now },
  });
  const ids: string[] = [];
  let long: Awaited<ReturnType<typeof log.openSession>> | undefined;
  for (let d = 0; d < 10; d++) {
    now = T0 + d * DAY;
    const s = await log.openSession(sessionStart(`agent-${d % 3}`));
    ids.push(s.id);
    const t = await s.intent({ text: `select ${d}`, path: 'simple', decision: allow });
    s.outcome(t, { rows: 1, bytesOut: 1 });
    await s.end({ reason: 'done' });
    if (d === 2) long = await log.openSession(sessionStart('agent-long'));
    if (long && d >= 2 && d <= 8) {
      const t2 = await long.intent({ text: `select 'long' /* day ${d} */`, path: 'simple', decision: allow });
      long.outcome(t2, { rows: 1, bytesOut: 1 });
    }
    if (d === 8) await long?.end({ reason: 'done' });
  }
  await log.close();
  return { dataDir, dir: log.dir, ids, long: long!.id };
}

describe('retention: deletion only by the retention command, recorded, and accepted by verify', () => {
  it('removes whole old files after a durable retention.applied; verify accepts exactly that boundary', async () => {
    const { dataDir, dir, ids, long } = await tenDays();
    const before = await listSegments(dir);
    expect(before.length).toBe(10); // one file per UTC day
    const now = T0 + 12 * DAY;
    const r = io(now);
    expect(await retentionCommand(['apply', '--older-than', '5', '--data-dir', dataDir], r.io)).toBe(0);
    expect(r.out.text).toMatch(/removed 7 log file\(s\) older than 2026-01-08T09:00:00.000Z/);
    const after = await listSegments(dir);
    expect(after.map((f) => f.segment)).toEqual([8, 9, 10, 11]);

    const v = io(now);
    expect(await verifyCommand(['--data-dir', dataDir], v.io)).toBe(0);
    expect(v.out.text).toMatch(/OK: .*\(retention boundary at lseq \d+\)/);

    const rec = readFileSync(after.at(-1)!.path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((x) => x.type === 'retention.applied');
    expect(rec.data.olderThanDays).toBe(5);
    expect(rec.data.removed.map((x: { segment: number }) => x.segment)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rec.data.removed[0]).toMatchObject({
      name: 'segment-000001.jsonl',
      firstLseq: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(rec.data.sessionsRemoved).toEqual([...ids.slice(0, 7)].sort());
    expect(rec.data.sessionsTruncated).toEqual([long]);
    expect(rec.data.boundary).toMatchObject({ segment: 8 });

    // The long session, cut by the boundary, is still listed with its remaining statements.
    const s = io(now);
    expect(await sessionsCommand(['--data-dir', dataDir, '--json'], s.io)).toBe(0);
    const listed = JSON.parse(s.out.text) as { id: string; start?: string; statements: number }[];
    const cut = listed.find((x) => x.id === long);
    expect(cut?.start).toBeUndefined(); // its session.start went with day 2's file
    expect(cut?.statements).toBe(2); // days 7 and 8 remain
  });

  it('after retention, any other deletion is still detected', async () => {
    const { dataDir, dir } = await tenDays();
    const now = T0 + 12 * DAY;
    expect(await retentionCommand(['apply', '--older-than', '5', '--data-dir', dataDir], io(now).io)).toBe(0);
    const files = await listSegments(dir);
    unlinkSync(files[0]!.path);
    const v = io(now);
    expect(await verifyCommand(['--data-dir', dataDir], v.io)).toBe(1);
    expect(v.out.text).toMatch(
      /missing-start: log starts at lseq \d+ \(segment 9\) and no retention.applied record names this boundary/,
    );
  });

  it('refuses while a gateway writes the log, and refuses a log that does not verify', async () => {
    const { dataDir, dir } = await tenDays();
    const now = T0 + 12 * DAY;
    const log = await openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir });
    const a = io(now);
    expect(await retentionCommand(['apply', '--older-than', '5', '--data-dir', dataDir], a.io)).toBe(1);
    expect(a.out.text).toMatch(
      new RegExp(`being written by process ${process.pid}; stop that gateway first`),
    );
    await log.close();
    unlinkSync((await listSegments(dir))[4]!.path);
    const b = io(now);
    expect(await retentionCommand(['apply', '--older-than', '5', '--data-dir', dataDir], b.io)).toBe(1);
    expect(b.out.text).toMatch(/retention refused: the audit log does not verify .*segment 5 is missing/);
    expect((await listSegments(dir)).length).toBe(10);
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const argv of [
      [],
      ['purge'],
      ['apply', '--older-than', '0'],
      ['apply', '--older-than', 'x'],
      ['apply', '--bogus'],
    ]) {
      const u = io(T0);
      expect(await retentionCommand(argv, u.io), argv.join(' ')).toBe(2);
      expect(u.out.text).toContain('usage: phigate retention apply');
    }
  });
});
