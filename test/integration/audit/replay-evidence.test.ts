import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCommand } from '../../../cli/commands/evidence.js';
import { replayCommand } from '../../../cli/commands/replay.js';
import { sessionsCommand } from '../../../cli/commands/sessions.js';
import { verifyCommand } from '../../../cli/commands/verify.js';
import { type AuditLog, openAuditLog } from '../../../proxy/audit/audit-log.js';
import type { CommandIo } from '../../../proxy/audit/command-support.js';
import { run } from '../../helpers/run.js';
import { createTestDatabase, upstreamServer, withDirect } from '../../helpers/upstream.js';
import { auditConfig, removeTempDirs, tempDataDir } from '../../unit/proxy/audit/fixtures.js';
import { type Relay, startRelay } from './recording-relay.js';

afterAll(removeTempDirs);

let dataDir: string;
let audit: AuditLog;
let relay: Relay;
let database: string;
let rawSsns: string[];
let pgSession: string;
let psqlSession: string;

function io() {
  const out = { text: '', err: '' };
  const cmd: CommandIo = {
    stdout: (t) => void (out.text += t),
    stderr: (t) => void (out.err += t),
    now: Date.now,
  };
  return { out, io: cmd };
}

beforeAll(async () => {
  database = await createTestDatabase('audit_replay', 'ehr_template');
  rawSsns = await withDirect(database, async (c) =>
    (await c.query('select ssn from patients where patient_id <= 6')).rows.map((r) => r.ssn),
  );
  dataDir = tempDataDir('phigate-replay-');
  audit = await openAuditLog({ config: auditConfig(), dataDir });
  const up = upstreamServer();
  relay = await startRelay({
    audit,
    upstream: { host: up.host, port: up.port },
    agentId: 'claude-code',
    deny: /^\s*drop\b/i,
    approve: /^\s*update\b/i,
  });
  const client = new pg.Client({
    host: '127.0.0.1',
    port: relay.port,
    user: up.user,
    password: up.password,
    database,
    ssl: false,
  });
  await client.connect();
  await client.query(
    'select patient_id, first_name, ssn from patients where patient_id <= 3 order by patient_id',
  );
  await expect(client.query('drop table patients')).rejects.toMatchObject({ code: '42501' });
  await expect(client.query('select 1/0')).rejects.toMatchObject({ code: '22012' });
  for (const id of [5, 6])
    await client.query({
      name: 'by_id',
      text: 'select patient_id, ssn from patients where patient_id = $1',
      values: [id],
    });
  await client.query('-- count them\nselect count(*) from encounters');
  await client.query('update patients set city = city where patient_id = 1');
  await client.end();
  // Async: the relay runs in this process.
  const psql = await run(
    'psql',
    ['-X', '-c', 'copy (select code, name from departments order by code limit 3) to stdout'],
    {
      env: {
        ...process.env,
        PGHOST: '127.0.0.1',
        PGPORT: String(relay.port),
        PGUSER: up.user,
        PGPASSWORD: up.password,
        PGDATABASE: database,
        PGSSLMODE: 'disable',
      },
      timeoutMs: 20_000,
    },
  );
  expect(psql.code, psql.stderr).toBe(0);
  [pgSession, psqlSession] = relay.sessions as [string, string];
  for (let i = 0; i < 100 && (audit.stats().pendingRecords > 0 || !(await ended(2))); i++)
    await new Promise((r) => setTimeout(r, 20));
  await relay.close();
  await audit.close();
}, 60_000);

afterAll(async () => {
  await relay?.close().catch(() => undefined);
});

async function ended(n: number): Promise<boolean> {
  const r = io();
  await sessionsCommand(['--data-dir', dataDir, '--json'], r.io).catch(() => 1);
  try {
    return (JSON.parse(r.out.text) as { end?: string }[]).filter((s) => s.end).length >= n;
  } catch {
    return false;
  }
}

describe('replay: the session as the agent received it', () => {
  it('prints statements, decisions, masked results, errors, approvals and timing', async () => {
    const r = io();
    expect(await replayCommand([pgSession, '--data-dir', dataDir], r.io)).toBe(0);
    const t = r.out.text;
    expect(t).toContain(`-- phigate session ${pgSession}`);
    expect(t).toContain('-- agent: claude-code (Agent claude-code)');
    expect(t).toMatch(
      /\[\+\d+\.\d{3}s\] ehr=> select patient_id, first_name, ssn from patients where patient_id <= 3 order by patient_id\n-- #1 allow \(rule default-allow: read allowed\)\n patient_id \| first_name +\| ssn/,
    );
    expect(t).toMatch(/\*\*\*-\*\*-\d{4}/);
    expect(t).toContain('(3 rows)');
    expect(t).toMatch(/-- #1 ok, 3 rows, \d+ bytes, [\d.]+ ms; masked: ssn SSN partial ×3/);
    expect(t).toContain(
      'ehr=> drop table patients\n-- #2 deny (rule deny-ddl: DDL is not allowed)\nERROR:  denied by rule deny-ddl: DDL is not allowed (SQLSTATE 42501)',
    );
    expect(t).toContain('ERROR:  division by zero (SQLSTATE 22012)');
    expect(t).toMatch(/-- #3 error 22012/);
    expect(
      t.match(/ehr=> select patient_id, ssn from patients where patient_id = \$1 {3}-- extended protocol/g),
    ).toHaveLength(2);
    expect(t).toMatch(
      /-- #7 approve \(rule approve-phi-write: writes to a PHI table need approval\)\n-- approval ap-[\w-]+: approved by Alice \(alice@example.org\) at /,
    );
    expect(t).toContain('UPDATE 1');
    expect(t).toMatch(/-- time: [\d.]+ ms/);
    expect(t).toMatch(
      /-- session ended .*: client terminated \(7 statements, 1 denied, 1 errors, \d+ rows, 5 masked values\)/,
    );
    for (const ssn of rawSsns) expect(t).not.toContain(ssn);
  });

  it('replays a psql COPY TO STDOUT session', async () => {
    const r = io();
    expect(await replayCommand([psqlSession, '--data-dir', dataDir], r.io)).toBe(0);
    expect(r.out.text).toContain(
      'ehr=> copy (select code, name from departments order by code limit 3) to stdout',
    );
    expect(r.out.text).toContain('-- COPY data to the client:');
    expect(r.out.text).toMatch(/COPY 3/);
    const lines = r.out.text.split('\n');
    const i = lines.indexOf('-- COPY data to the client:');
    expect(lines.slice(i + 1, i + 4).every((l) => l.split('\t').length === 2)).toBe(true);
  });

  it('an unknown session is an error that says so; a missing argument is a usage error', async () => {
    const a = io();
    expect(await replayCommand(['nope', '--data-dir', dataDir], a.io)).toBe(1);
    expect(a.out.err).toContain('no session "nope" in the audit log');
    const b = io();
    expect(await replayCommand(['--data-dir', dataDir], b.io)).toBe(2);
    expect(b.out.err).toContain('SESSION is required');
  });

  it('sessions lists both, with agent, counts and masking', async () => {
    const r = io();
    expect(await sessionsCommand(['--data-dir', dataDir, '--agent', 'claude-code'], r.io)).toBe(0);
    const row = r.out.text.split('\n').find((l) => l.startsWith(pgSession));
    expect(row).toMatch(new RegExp(`^${pgSession}\\s+claude-code\\s+ehr\\s+\\S+Z\\s+\\S+Z\\s+7\\s+1\\s+5$`));
    expect(r.out.text).toContain('(2 sessions)');
    const none = io();
    expect(await sessionsCommand(['--data-dir', dataDir, '--agent', 'someone-else'], none.io)).toBe(0);
    expect(none.out.text).toBe('no sessions\n');
  });

  it('the log verifies', async () => {
    const r = io();
    expect(await verifyCommand(['--data-dir', dataDir], r.io)).toBe(0);
  });
});

describe('evidence package', () => {
  let out: string;
  beforeAll(async () => {
    out = join(tempDataDir('phigate-evidence-'), 'pkg');
    const r = io();
    expect(
      await evidenceCommand(['--from', '1h', '--to', 'now', '--out', out, '--data-dir', dataDir], r.io),
    ).toBe(0);
    expect(r.out.text).toMatch(/evidence package written to .*: 8 statements, 2 sessions, 1 approvals/);
  });

  const csv = (file: string): Record<string, string>[] => {
    // An independent RFC 4180 reader: Python's csv module.
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import csv,json,sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    return JSON.parse(py.stdout);
  };

  it('statements.csv answers the five questions for every statement', () => {
    const rows = csv(join(out, 'statements.csv'));
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      expect(r.agent_id, 'which agent').toBe('claude-code');
      expect(r.subject).toBe('sub-claude-code');
      expect(r.started_at, 'when').toMatch(/Z$/);
      expect(r.finished_at).toMatch(/Z$/);
      expect(['allow', 'deny', 'approve']).toContain(r.decision);
      expect(r.recorded, 'replayable').toBe('yes');
      expect(existsSync(join(out, 'sessions', `${r.session}.txt`))).toBe(true);
    }
    const bySql = (s: string) => rows.find((r) => (r.statement ?? '').includes(s))!;
    expect(bySql('patient_id <= 3')).toMatchObject({
      columns_returned: 'patient_id:23; first_name:25; ssn:25',
      masked: 'ssn=SSN/partialx3',
      rows: '3',
      status: 'ok',
    });
    expect(bySql('drop table')).toMatchObject({
      decision: 'deny',
      rule_id: 'deny-ddl',
      status: 'refused',
      sqlstate: '42501',
    });
    expect(bySql('1/0')).toMatchObject({ status: 'error', sqlstate: '22012' });
    expect(rows.filter((r) => r.path === 'extended')).toHaveLength(2);
    expect(bySql('update patients')).toMatchObject({
      decision: 'approve',
      approval_state: 'approved',
      approver: 'Alice (alice@example.org)',
    });
    // Formula-injection guard: the text starting with "-" is prefixed with a quote.
    expect(bySql('count them').statement).toBe("'-- count them\nselect count(*) from encounters");
  });

  it('statements.json, approvals.csv and the transcripts agree', () => {
    const json = JSON.parse(readFileSync(join(out, 'statements.json'), 'utf8'));
    expect(json.schema).toBe('phigate.evidence/v1');
    expect(json.statements).toHaveLength(8);
    expect(json.sessions.map((s: { id: string }) => s.id).sort()).toEqual([pgSession, psqlSession].sort());
    const approvals = csv(join(out, 'approvals.csv'));
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      state: 'approved',
      approver_name: 'Alice',
      approver_id: 'alice@example.org',
      rule_id: 'approve-phi-write',
    });
    expect(readFileSync(join(out, 'sessions', `${pgSession}.txt`), 'utf8')).toContain('(3 rows)');
  });

  it('manifest.json has the SHA-256 of every file and the verification result', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.verification).toMatchObject({ ok: true, problemCount: 0 });
    expect(m.files.map((f: { path: string }) => f.path).sort()).toEqual(
      [
        'approvals.csv',
        'report.html',
        'statements.csv',
        'statements.json',
        `sessions/${pgSession}.txt`,
        `sessions/${psqlSession}.txt`,
      ].sort(),
    );
    for (const f of m.files) {
      const buf = readFileSync(join(out, f.path));
      expect(createHash('sha256').update(buf).digest('hex'), f.path).toBe(f.sha256);
      expect(buf.length).toBe(f.bytes);
    }
  });

  it('report.html is self-contained and answers the five questions', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const q of [
      '1. Which agent performed the operation?',
      '2. When did it start and finish?',
      '3. Which fields were returned, and which PHI was masked before leaving?',
      '4. Did it need approval, and who granted it?',
      '5. Can the session be replayed?',
    ]) {
      expect(html).toContain(q);
    }
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('Chain verification passed.');
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\(/i);
    expect(html).toContain('Alice (alice@example.org)');
    expect(html).toContain('ssn=SSN/partialx3');
    expect(html).toContain('select patient_id, first_name, ssn from patients where patient_id &lt;= 3');
  });

  it('no raw value of the masked column appears anywhere in the package', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of m.files) {
      const text = readFileSync(join(out, f.path), 'utf8');
      for (const ssn of rawSsns) expect(text, f.path).not.toContain(ssn);
    }
  });

  it('refuses a non-empty output directory and a missing period', async () => {
    const a = io();
    expect(
      await evidenceCommand(['--from', '1h', '--to', 'now', '--out', out, '--data-dir', dataDir], a.io),
    ).toBe(2);
    expect(a.out.err).toContain('is not empty');
    const b = io();
    expect(await evidenceCommand(['--out', join(out, 'x'), '--data-dir', dataDir], b.io)).toBe(2);
    expect(b.out.err).toContain('--from and --to are required');
  });
});
