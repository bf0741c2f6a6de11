import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoCommand } from '../../../../cli/demo-data/seed-command.js';
import { createTestDatabase, upstreamServer, upstreamUrl, withDirect } from '../../../helpers/upstream.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('phigate seed-demo', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads into --url, then refuses, skips or replaces on the next run', async () => {
    const db = await createTestDatabase('cmd_url');
    let c = capture();
    expect(await seedDemoCommand(['--url', upstreamUrl(db), '--patients', '40', '--seed', '9'], c.io)).toBe(
      0,
    );
    expect(c.out.join('')).toMatch(/^loaded 40 patients, \d+ encounters, \d+ lab results in \d+ ms\n$/);
    c = capture();
    expect(await seedDemoCommand(['--url', upstreamUrl(db), '--patients', '40'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/demo tables already exist in schema public/);
    expect(c.err.join('')).not.toContain(upstreamServer().password);
    c = capture();
    expect(await seedDemoCommand(['--url', upstreamUrl(db), '--skip-existing'], c.io)).toBe(0);
    expect(c.out.join('')).toMatch(/already exist \(40 patients/);
    c = capture();
    expect(
      await seedDemoCommand(
        ['--url', upstreamUrl(db), '--patients', '12', '--replace', '--only', 'patients'],
        c.io,
      ),
    ).toBe(1);
    expect(c.err.join('')).toMatch(/depend/);
    c = capture();
    expect(await seedDemoCommand(['--url', upstreamUrl(db), '--patients', '12', '--replace'], c.io)).toBe(0);
    await withDirect(db, async (client) => {
      expect((await client.query('select count(*)::int n from patients')).rows[0].n).toBe(12);
    });
  });

  it("uses the dev stack's upstream.url from --data-dir", async () => {
    const db = await createTestDatabase('cmd_dir');
    const dir = mkdtempSync(join(tmpdir(), 'phigate-seed-cmd-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'dev'));
    writeFileSync(join(dir, 'dev', 'upstream.url'), `${upstreamUrl(db)}\n`);
    const c = capture();
    expect(await seedDemoCommand(['--data-dir', dir, '--patients', '5', '--only', 'patients'], c.io)).toBe(0);
    expect(c.out.join('')).toMatch(/^loaded 5 patients, 0 encounters, 0 lab results/);
  });

  it('reports usage errors with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--patients', 'ten', '--url', 'postgres://x/y'], /--patients must be a non-negative integer/],
      [['--url', 'mysql://x/y'], /--url must be a postgres:\/\/ URL/],
      [['--url', 'postgres://x/y', '--data-dir', '/tmp'], /not both/],
      [['--data-dir', '/nonexistent-phigate'], /start `phigate dev` once, or pass --url/],
      [['--frobnicate'], /Unknown option/],
      [['--url', 'postgres://127.0.0.1:1/x', '--patients', '0'], /patients must be an integer between 1 and/],
      [['--url', 'postgres://127.0.0.1:1/x', '--replace', '--skip-existing'], /not both/],
    ];
    for (const [argv, message] of cases) {
      const c = capture();
      expect(await seedDemoCommand(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join('')).toMatch(message);
    }
    const help = capture();
    expect(await seedDemoCommand(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/^usage: phigate seed-demo/);
  });
});
