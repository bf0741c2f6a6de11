/**
 * The README's quickstart, as a new user runs it: `phigate dev` (the production build, with its
 * own embedded PostgreSQL and demo data under a fresh data dir), then `. <data-dir>/dev/env &&
 * psql -c 'select count(*) from patients'`. A second start reuses the data dir.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevProcess } from '../helpers/dev-process.js';
import { run } from '../helpers/run.js';

const dataDir = mkdtempSync(join(tmpdir(), 'phigate-quickstart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs a shell line the way the README writes it (`. env && psql ...`). */
const shell = (line: string) => run('bash', ['-c', line], { timeoutMs: 60_000 });

describe('quickstart', () => {
  it('serves the demo database through the gateway, with health, metrics and the approvals console', async () => {
    const dev = await startDevProcess(['--pg-port', '0', '--http-port', '0', '--demo-rows', '300'], {
      dataDir,
      keepDataDir: true,
    });
    try {
      const env = join(dataDir, 'dev', 'env');
      const r = await shell(`. ${env} && psql -X -At -c 'select count(*) from patients'`);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('300');
      // TLS is on by default (PGSSLMODE=require in the env file).
      const tls = await shell(`. ${env} && psql -X -c '\\conninfo'`);
      expect(tls.stdout).toMatch(/SSL connection/);
      // PHI is masked; the upstream URL file gives operators the direct view.
      const masked = await shell(
        `. ${env} && psql -X -At -c 'select ssn from patients where patient_id = 1'`,
      );
      const direct = await run('psql', [
        '-X',
        '-At',
        readFileSync(join(dataDir, 'dev', 'upstream.url'), 'utf8').trim(),
        '-c',
        'select ssn from patients where patient_id = 1',
      ]);
      expect(direct.stdout.trim()).toMatch(/^\d{3}-\d{2}-\d{4}$/);
      expect(masked.stdout.trim()).not.toBe(direct.stdout.trim());
      expect(masked.stdout).not.toContain(direct.stdout.trim());
      for (const path of ['/healthz', '/readyz', '/approvals']) {
        const res = await fetch(`${dev.httpUrl}${path}`);
        expect(res.status, path).toBe(200);
      }
      const metrics = await (await fetch(`${dev.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/phigate_sessions_total \d+/);
      // The audit log's own counters: the psql sessions above were recorded in group-commit batches.
      const total = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? -1);
      expect(total('phigate_audit_records_total')).toBeGreaterThan(0);
      expect(total('phigate_audit_batches_total')).toBeGreaterThan(0);
      expect(total('phigate_audit_batches_total')).toBeLessThanOrEqual(total('phigate_audit_records_total'));
      expect(total('phigate_audit_rejected_intents_total')).toBe(0);
      expect(metrics).not.toMatch(/demo-agent/);
    } finally {
      expect(await dev.stop('SIGINT')).toBe(0);
    }
  }, 180_000);

  it('reuses the data dir on a second start', async () => {
    const dev = await startDevProcess(['--pg-port', '0', '--http-port', '0', '--demo-rows', '999'], {
      dataDir,
      keepDataDir: true,
    });
    try {
      const r = await shell(
        `. ${join(dataDir, 'dev', 'env')} && psql -X -At -c 'select count(*) from patients'`,
      );
      expect(r.stdout.trim()).toBe('300');
    } finally {
      await dev.stop();
    }
  }, 180_000);
});
