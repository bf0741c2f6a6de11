import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import { readLog } from '../../../../proxy/audit/file/log-reader.js';
import { allow, auditConfig, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

afterAll(removeTempDirs);

const ROOT = resolve(import.meta.dirname, '../../../..');

let strace = false;
try {
  execFileSync('strace', ['-V'], { stdio: 'ignore' });
  strace = true;
} catch {
  strace = false;
}

describe('group commit', () => {
  it('64 concurrent sessions: one write and one fdatasync per batch, far fewer than intents', async () => {
    const log = await openAuditLog({ config: auditConfig({ parameters: 'omit' }), dataDir: tempDataDir() });
    const sessions = await Promise.all(
      Array.from({ length: 64 }, (_, i) => log.openSession(sessionStart(`a${i}`))),
    );
    const before = log.stats();
    await Promise.all(
      sessions.map(async (s) => {
        for (let i = 0; i < 20; i++) {
          const t = await s.intent({ text: `select ${i}`, path: 'simple', decision: allow });
          s.outcome(t, { rows: 1, bytesOut: 10 });
        }
      }),
    );
    const after = log.stats();
    const intents = 64 * 20;
    const batches = after.batches - before.batches;
    const flushes = after.sink.flushes - before.sink.flushes;
    expect(after.sink.appends - before.sink.appends).toBe(batches);
    // No rotation here: one flush per batch, plus the background extensions of preallocated space.
    expect(flushes).toBe(batches + (after.sink.preallocations ?? 0) - (before.sink.preallocations ?? 0));
    expect(batches).toBeLessThan(intents / 8);
    expect(after.records - before.records).toBeGreaterThanOrEqual(intents);
    await log.close();
    expect((await readLog(log.dir)).report.ok).toBe(true);
  });

  it.skipIf(!strace)(
    'the kernel agrees: fdatasync calls counted by strace equal the batches, far below the intents',
    () => {
      const dataDir = tempDataDir();
      const r = spawnSync(
        'strace',
        [
          '-f',
          '-c',
          '-e',
          'trace=fdatasync,fsync',
          process.execPath,
          '--import',
          'tsx',
          join(ROOT, 'test/unit/proxy/audit/group-commit-child.ts'),
          dataDir,
          '32',
          '25',
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const child = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
      const count = (name: string) => {
        const m = new RegExp(`^\\s*[\\d.]+\\s+[\\d.]+\\s+\\d+\\s+(\\d+)\\s+(?:\\d+\\s+)?${name}$`, 'm').exec(
          r.stderr,
        );
        return m ? Number(m[1]) : 0;
      };
      const fdatasync = count('fdatasync');
      expect(child.intents).toBe(800);
      // fdatasync: one per batch, one per extension of preallocated space, one when the file is
      // sealed at close; directories and the lock file use fsync.
      expect(fdatasync, JSON.stringify(child.final)).toBe(
        child.final.appends + child.final.preallocations + 1,
      );
      expect(fdatasync).toBeLessThan(child.intents / 4);
    },
  );
});
