/**
 * Issue 5's first acceptance, end to end with real parts: a real gateway (the proxy runtime with
 * its audit log under the data dir, approvals in defer mode), real drivers (node-postgres with a
 * named prepared statement, psql), a scripted agent session with allowed, denied, masked,
 * failing, prepared, approved and approval-denied statements; then `phigate evidence` writes a
 * package and this test reads it back and checks, for every statement, the answers to the five
 * questions against what really happened (the client's own clock and results, the token the
 * client presented, the upstream database read directly).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../core/audit/schema/record.js';
import {
  evidenceCli,
  leaked,
  ofType,
  recordedBytes,
  replayCli,
  sessionsCli,
  sessionsEnded,
  verifiedRecords,
  verifyCli,
} from '../helpers/audit-log.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { approvalsCli } from '../helpers/gateway-approvals.js';
import { run } from '../helpers/run.js';
import { withDirect } from '../helpers/upstream.js';

const AGENT = 'claude-code';
const PG001 = /approval (apr-[0-9a-f]{32}) is pending/;

/** One statement as the client saw it: its own clock around the call, and what came back. */
interface Sent {
  readonly text: string;
  readonly before: number;
  readonly after: number;
  readonly rows?: Record<string, string | null>[];
  readonly fields?: string[];
  readonly code?: string;
  readonly message?: string;
}

let gw: TestGateway;
let token: string;
let claims: { jti: string; iss: string; sub: string };
let pkg: string;
let evidenceOut: { code: number; out: string; err: string };
const sent: Sent[] = [];
let approved: string;
let denied: string;
let windowed: string;
let pgSession: string;
let psqlSession: string;
let psqlOut: string;
/** Raw upstream values of the cells the client received masked (they must appear nowhere). */
const rawMasked = new Set<string>();
let from: string;

// Every value as the wire carries it (text), so what the client got can be compared byte for byte.
const asText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

async function send(c: pg.Client, q: string | pg.QueryConfig): Promise<Sent> {
  const text = typeof q === 'string' ? q : q.text;
  const before = Date.now();
  try {
    const r = await c.query(q as pg.QueryConfig);
    const s = { text, before, after: Date.now(), rows: r.rows, fields: r.fields.map((f) => f.name) };
    sent.push(s);
    return s;
  } catch (e) {
    const s = {
      text,
      before,
      after: Date.now(),
      code: (e as pg.DatabaseError).code,
      message: (e as Error).message,
    };
    sent.push(s);
    return s;
  }
}

/** The upstream rows of `patients` by id, read directly (bypassing phigate), as text. */
const upstreamPatients = (ids: number[]) =>
  withDirect(gw.database, async (c) => {
    const r = await c.query({
      text: 'select * from patients where patient_id = any($1) order by patient_id',
      values: [ids],
      types: asText,
    });
    return new Map(r.rows.map((row) => [String(row.patient_id), row as Record<string, string | null>]));
  });

/** Notes the raw value of every cell the client received changed (masked); returns the masked columns. */
async function noteMasked(s: Sent): Promise<Set<string>> {
  const up = await upstreamPatients(s.rows!.map((r) => Number(r.patient_id)));
  const masked = new Set<string>();
  for (const row of s.rows!) {
    const raw = up.get(String(row.patient_id))!;
    for (const [col, v] of Object.entries(row)) {
      if (raw[col] !== v) {
        masked.add(col);
        if (raw[col]) rawMasked.add(raw[col]!);
      }
    }
  }
  return masked;
}
const maskedBy = new Map<string, Set<string>>();

beforeAll(async () => {
  from = new Date(Date.now() - 1000).toISOString();
  gw = await startTestGateway({ template: 'ehr_template', config: { approvals: { mode: 'defer' } } });
  token = await gw.token(AGENT);
  claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

  // Session 1: node-postgres.
  const c = new pg.Client({ ...gw.clientConfig(token), application_name: 'evidence-pg', types: asText });
  await c.connect();
  await send(c, 'select code, name from departments order by code limit 3');
  await send(c, 'drop table departments');
  const masked = await send(
    c,
    'select patient_id, mrn, first_name, last_name, birth_date, ssn, phone, email from patients where patient_id between 1 and 5 order by patient_id',
  );
  maskedBy.set(masked.text, await noteMasked(masked));
  await send(c, 'select 1/0');
  await send(c, "insert into departments (code, name) values ('AUDX', 'Audit evidence ward')");
  for (const id of [11, 12, 13]) {
    const s = await send(c, {
      name: 'patient_by_id',
      text: 'select patient_id, ssn, email, first_name from patients where patient_id = $1',
      values: [id],
    });
    maskedBy.set(`${s.text}#${id}`, await noteMasked(s));
  }
  const approve = "update patients set city = 'Springfield' where patient_id = 21";
  const first = await send(c, approve);
  approved = PG001.exec(first.message ?? '')?.[1] ?? '';
  expect(approved, first.message).toMatch(/^apr-/);
  expect(await approvalsCli(gw, 'approve', approved, '--as', 'alice')).toMatchObject({ code: 0 });
  const rerun = await send(c, approve);
  expect(rerun.code, rerun.message).toBeUndefined();
  const deny = "update patients set city = 'Shelbyville' where patient_id = 22";
  const refused = await send(c, deny);
  denied = PG001.exec(refused.message ?? '')?.[1] ?? '';
  expect(denied, refused.message).toMatch(/^apr-/);
  expect(await approvalsCli(gw, 'deny', denied, '--as', 'alice')).toMatchObject({ code: 0 });
  // A window for a batch: the approver grants 30 minutes for this statement shape.
  const batch = (id: number) => `update patients set phone = '555-01${id}' where patient_id = ${id}`;
  const asked = await send(c, batch(31));
  windowed = PG001.exec(asked.message ?? '')?.[1] ?? '';
  expect(windowed, asked.message).toMatch(/^apr-/);
  expect(await approvalsCli(gw, 'approve', windowed, '--as', 'alice', '--window', '30m')).toMatchObject({
    code: 0,
  });
  for (const id of [31, 32]) expect((await send(c, batch(id))).code).toBeUndefined();
  await c.end();

  // Session 2: psql (simple protocol), one masked read and one denied write.
  const psql = await run(
    'psql',
    [
      '-X',
      '-A',
      '-v',
      'VERBOSITY=verbose',
      '-c',
      'select patient_id, mrn, first_name, last_name from patients where patient_id = 7',
      '-c',
      'delete from departments',
    ],
    { env: { ...gw.psqlEnv(token), PGAPPNAME: 'evidence-psql' }, timeoutMs: 30_000 },
  );
  psqlOut = psql.stdout + psql.stderr;
  expect(psql.stderr).toContain('ERROR:  42501');
  const p7 = (await upstreamPatients([7])).get('7')!;
  for (const col of ['mrn', 'first_name', 'last_name']) rawMasked.add(p7[col]!);

  const records = await sessionsEnded(gw.dataDir, 2);
  [pgSession, psqlSession] = ofType(records, 'session.start').map((r) => r.chain) as [string, string];

  pkg = join(mkdtempSync(join(tmpdir(), 'phigate-evidence-')), 'package');
  evidenceOut = await evidenceCli(gw.dataDir, { from, to: 'now', out: pkg });
}, 120_000);

afterAll(async () => {
  await gw?.close();
  if (pkg) rmSync(join(pkg, '..'), { recursive: true, force: true });
});

type Row = Record<string, string | number | boolean | null>;
const json = () => JSON.parse(readFileSync(join(pkg, 'statements.json'), 'utf8'));
const statements = (): Row[] => json().statements;

/** RFC 4180 read by an independent reader: Python's csv module. */
function csv(file: string): Record<string, string>[] {
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
}

/** Every file of the package as text, by relative path. */
function packageFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(pkg, '');
  return out;
}

describe('the scripted session reached upstream as the client saw it', () => {
  it('the approved update ran once, the denied one did not; the allowed insert landed', async () => {
    await withDirect(gw.database, async (c) => {
      const r = await c.query(
        'select patient_id, city from patients where patient_id in (21, 22) order by 1',
      );
      expect(r.rows[0].city).toBe('Springfield');
      expect(r.rows[1].city).not.toBe('Shelbyville');
      expect((await c.query("select name from departments where code = 'AUDX'")).rows).toHaveLength(1);
      expect((await c.query('select count(*)::int as n from departments')).rows[0].n).toBeGreaterThan(1);
    });
  });
});

describe('phigate evidence: the package answers the five questions for every statement', () => {
  it('is written and the log verifies (exit 0)', () => {
    expect(evidenceOut.err).toBe('');
    expect(evidenceOut.out).toMatch(/: 16 statements, 2 sessions, 3 approvals, 7 files/);
    expect(evidenceOut.out).toMatch(/chain verification: OK \(\d+ records, last hash [0-9a-f]{64}\)/);
    expect(evidenceOut.code).toBe(0);
  });

  it('has one row per statement sent, in order, in statements.json and statements.csv alike', () => {
    const rows = statements();
    const viaPg = rows.filter((r) => r.session === pgSession);
    const viaPsql = rows.filter((r) => r.session === psqlSession);
    expect(viaPg.map((r) => r.text)).toEqual(sent.map((s) => s.text));
    expect(viaPg.map((r) => r.stmt)).toEqual(sent.map((_, i) => i + 1));
    expect(viaPsql.map((r) => r.text)).toEqual([
      'select patient_id, mrn, first_name, last_name from patients where patient_id = 7',
      'delete from departments',
    ]);
    const fromCsv = csv(join(pkg, 'statements.csv'));
    expect(fromCsv).toHaveLength(rows.length);
    for (const [i, r] of rows.entries()) {
      const c = fromCsv[i]!;
      expect(c).toMatchObject({
        session: r.session,
        stmt: String(r.stmt),
        agent_id: r.agentId,
        issuer: r.issuer,
        statement: r.text,
        decision: r.decision,
        rule_id: r.ruleId,
        approval_id: r.approvalId,
        approval_state: r.approvalState,
        approver: r.approver,
        started_at: r.startedAt,
        finished_at: r.finishedAt,
        status: r.status,
        rows: String(r.rows),
        columns_returned: r.columns,
        masked: r.masked,
        sqlstate: r.sqlstate,
        recorded: 'yes',
        intent_hash: r.intentHash,
        lseq: String(r.lseq),
      });
    }
  });

  it('1. which agent: the identity of the token the client presented, for every statement', () => {
    const sessions: Row[] = json().sessions;
    expect(sessions.map((s) => s.id).sort()).toEqual([pgSession, psqlSession].sort());
    for (const s of sessions) {
      expect(s).toMatchObject({ agentId: AGENT, tokenId: claims.jti, resource: gw.database });
      expect(s.client).toMatch(/^127\.0\.0\.1:\d+$/);
    }
    expect(sessions.find((s) => s.id === pgSession)?.applicationName).toBe('evidence-pg');
    expect(sessions.find((s) => s.id === psqlSession)?.applicationName).toBe('evidence-psql');
    for (const r of statements()) {
      expect(r).toMatchObject({
        agentId: AGENT,
        subject: claims.sub,
        issuer: claims.iss,
        tenant: 'dev',
        resource: gw.database,
      });
      expect(r.client).toBe(sessions.find((s) => s.id === r.session)?.client);
    }
  });

  it('2. when: started and finished within the client’s own clock around each call', () => {
    const rows = statements().filter((r) => r.session === pgSession);
    for (const [i, s] of sent.entries()) {
      const r = rows[i]!;
      const started = Date.parse(String(r.startedAt));
      const finished = Date.parse(String(r.finishedAt));
      expect(started, r.text as string).toBeGreaterThanOrEqual(s.before);
      expect(finished, r.text as string).toBeGreaterThanOrEqual(started);
      expect(finished, r.text as string).toBeLessThanOrEqual(s.after);
      expect(r.durationMs as number).toBeGreaterThanOrEqual(0);
      expect(r.durationMs as number).toBeLessThanOrEqual(s.after - s.before + 1);
    }
    for (const r of statements()) expect(r.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('3. which fields were returned and which PHI was masked, with entity and method', () => {
    const rows = statements().filter((r) => r.session === pgSession);
    for (const [i, s] of sent.entries()) {
      const r = rows[i]!;
      if (s.fields) {
        // Every field the client received, in order, with its type.
        expect(
          String(r.columns)
            .split('; ')
            .map((c) => c.split(':')[0]),
        ).toEqual(s.fields.length ? s.fields : ['']);
        expect(r.rows).toBe(
          s.rows!.length || (s.text.startsWith('insert') || s.text.startsWith('update') ? 1 : 0),
        );
        expect(r.status).toBe('ok');
      } else {
        expect(r.rows).toBe(0);
        expect(r.columns).toBe('');
        expect(r.sqlstate).toBe(s.code);
      }
      // The masked columns are exactly those whose values the client got changed.
      const key = s.text.includes('$1') ? `${s.text}#${s.rows?.[0]?.patient_id}` : s.text;
      const changed = maskedBy.get(key);
      const entries = String(r.masked)
        .split('; ')
        .filter(Boolean)
        .map((m) => /^(\w+)=([A-Z_]+)\/([a-z_-]+)x(\d+)$/.exec(m)!);
      expect(entries.every(Boolean), String(r.masked)).toBe(true);
      expect(new Set(entries.map((m) => m[1]))).toEqual(changed ?? new Set());
      for (const m of entries) expect(Number(m[4])).toBe(s.rows!.length);
    }
    const masked = rows[2]!;
    expect(masked.masked).toBe(
      'mrn=MRN/redactx5; first_name=PERSON_NAME/redactx5; last_name=PERSON_NAME/redactx5; birth_date=BIRTH_DATE/generalizex5; ssn=SSN/redactx5; phone=PHONE/redactx5; email=EMAIL/redactx5',
    );
    expect(masked.columns).toBe(
      'patient_id:23; mrn:25; first_name:25; last_name:25; birth_date:1082; ssn:25; phone:25; email:25',
    );
    expect(masked.maskedValues).toBe(35);
    const psqlMasked = statements().find((r) => r.session === psqlSession && r.stmt === 1)!;
    expect(psqlMasked.masked).toBe(
      'mrn=MRN/redactx1; first_name=PERSON_NAME/redactx1; last_name=PERSON_NAME/redactx1',
    );
  });

  it('3. no raw PHI value read from upstream appears anywhere in the package or the audit log', async () => {
    expect(rawMasked.size).toBeGreaterThan(40);
    for (const [path, content] of packageFiles()) expect(leaked(content, rawMasked), path).toEqual([]);
    // The log itself, including the recorded frames decoded from base64.
    const { records } = await verifiedRecords(gw.dataDir);
    const log = JSON.stringify(records);
    expect(leaked(log, rawMasked)).toEqual([]);
    const frames = recordedBytes(records).toString('latin1');
    expect(leaked(frames, rawMasked)).toEqual([]);
    // ...and what psql printed is what was recorded: masked.
    expect(psqlOut).toContain('[MRN]|[PERSON_NAME]|[PERSON_NAME]');
    // The bearer token (the password message) is stored nowhere.
    const signature = token.split('.')[2]!;
    expect(log).not.toContain(signature);
    expect(frames).not.toContain(signature);
    for (const [path, content] of packageFiles()) expect(content, path).not.toContain(signature);
  });

  it('4. approval: needed or not, and who granted or denied it, linked to approvals.csv', () => {
    const rows = statements();
    const approvals = csv(join(pkg, 'approvals.csv'));
    expect(approvals.map((a) => a.approval_id).sort()).toEqual([approved, denied, windowed].sort());
    const a = approvals.find((x) => x.approval_id === approved)!;
    expect(a).toMatchObject({
      agent_id: AGENT,
      resource: gw.database,
      rule_id: 'phi-write',
      scope: 'once',
      state: 'approved',
      approver_id: 'dev:alice',
      approver_name: 'alice',
      session: pgSession,
    });
    expect(Date.parse(a.decided_at!)).toBeGreaterThanOrEqual(Date.parse(a.requested_at!));
    expect(approvals.find((x) => x.approval_id === denied)).toMatchObject({
      state: 'denied',
      approver_id: 'dev:alice',
      approver_name: 'alice',
      rule_id: 'phi-write',
    });
    const w = approvals.find((x) => x.approval_id === windowed)!;
    expect(w).toMatchObject({ state: 'approved', approver_name: 'alice', session: pgSession });
    // The scope the approver granted, not the one requested.
    expect(w.scope).toMatch(
      /^window update patients set phone = \* where patient_id = \* until \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(rows.filter((r) => r.approvalId === windowed).map((r) => [r.status, r.sqlstate])).toEqual([
      ['refused', 'PG001'],
      ['ok', ''],
      ['ok', ''],
    ]);
    for (const r of rows) {
      const writesPhi = /^update patients/.test(String(r.text));
      if (!writesPhi) {
        expect(r, String(r.text)).toMatchObject({ approvalId: '', approvalState: '', approver: '' });
        expect(['allow', 'deny']).toContain(r.decision);
        continue;
      }
      expect(r).toMatchObject({ decision: 'approve', ruleId: 'phi-write' });
      const link = approvals.find((x) => x.approval_id === r.approvalId);
      expect(link, `approval of ${r.text} #${r.stmt}`).toBeDefined();
      expect(r.approvalState).toBe(link!.state);
      expect(r.approver).toBe('alice (dev:alice)');
      expect(r.approvedAt).toBe(link!.decided_at);
    }
    const forApproved = rows.filter((r) => r.approvalId === approved);
    expect(forApproved.map((r) => [r.status, r.sqlstate])).toEqual([
      ['refused', 'PG001'],
      ['ok', ''],
    ]);
    expect(rows.filter((r) => r.approvalId === denied).map((r) => [r.status, r.sqlstate])).toEqual([
      ['refused', 'PG001'],
    ]);
    const decisions = rows.map((r) => `${r.decision}/${r.status}`);
    expect(decisions.filter((d) => d === 'deny/refused')).toHaveLength(2);
  });

  it('5. replay: each transcript shows the statements and the results as the agent got them', async () => {
    for (const r of statements()) expect(r.recorded).toBe(true);
    const replay = await replayCli(gw.dataDir, pgSession);
    expect(replay.code, replay.err).toBe(0);
    const t = replay.out;
    // The evidence transcript is the same rendering as `phigate replay`.
    expect(readFileSync(join(pkg, 'sessions', `${pgSession}.txt`), 'utf8')).toBe(t);
    expect(t).toContain(`token_id=${claims.jti}`);
    let at = 0;
    for (const [i, s] of sent.entries()) {
      const head = `=> ${s.text}`;
      const found = t.indexOf(head, at);
      expect(found, `statement ${i + 1} in order: ${s.text}`).toBeGreaterThan(at - 1);
      at = found + head.length;
      const block = t.slice(found, t.indexOf('-- time:', found));
      expect(block).toContain(`-- #${i + 1} `);
      for (const row of s.rows ?? []) {
        const cells = Object.values(row).map((v) => (v ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        expect(block, `${s.text}: row ${JSON.stringify(row)}`).toMatch(
          new RegExp(`^ *${cells.join(' *\\| *')} *$`, 'm'),
        );
      }
      if (s.code) expect(block).toContain(`(SQLSTATE ${s.code})`);
    }
    expect(t).toContain(`-- approval ${approved}: approved by alice (dev:alice) at `);
    expect(t).toContain(`-- approval ${denied}: denied by alice (dev:alice) at `);
    expect(t).toMatch(/UPDATE 1\n/);
    const p = await replayCli(gw.dataDir, psqlSession);
    expect(p.out).toMatch(
      /=> select patient_id, mrn, first_name, last_name from patients where patient_id = 7\n/,
    );
    expect(p.out).toMatch(/^ *7 *\| *\[MRN\] *\| *\[PERSON_NAME\] *\| *\[PERSON_NAME\] *$/m);
    expect(p.out).toContain('(SQLSTATE 42501)');
    expect(readFileSync(join(pkg, 'sessions', `${psqlSession}.txt`), 'utf8')).toBe(p.out);
  });

  it('manifest.json: every file with its size and SHA-256, and a passed verification of the whole log', async () => {
    const m = JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8'));
    const files = packageFiles();
    files.delete('manifest.json');
    expect(m.files.map((f: { path: string }) => f.path).sort()).toEqual([...files.keys()].sort());
    for (const f of m.files as { path: string; bytes: number; sha256: string }[]) {
      const bytes = readFileSync(join(pkg, f.path));
      expect(f.bytes, f.path).toBe(bytes.length);
      expect(f.sha256, f.path).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(m.counts).toEqual({ sessions: 2, statements: 16, approvals: 3 });
    expect(m.verification).toMatchObject({ ok: true, problemCount: 0, sessions: 2 });
    // The hash it anchors is the hash of that record in the log.
    const { records } = await verifiedRecords(gw.dataDir);
    const last = records.find((r: AuditRecord) => r.lseq === m.verification.lastLseq);
    expect(last?.hash).toBe(m.verification.lastHash);
    // And sha256sum agrees (an auditor's own tool).
    const check = spawnSync('sha256sum', ['-c', '--strict', '-'], {
      cwd: pkg,
      input: m.files.map((f: { sha256: string; path: string }) => `${f.sha256}  ${f.path}\n`).join(''),
      encoding: 'utf8',
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('report.html is self-contained and shows every statement and the passed verification', () => {
    const html = readFileSync(join(pkg, 'report.html'), 'utf8');
    expect(html).toContain('Chain verification passed.');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
    const esc = (s: string) =>
      s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&#39;');
    for (const r of statements()) {
      const text = String(r.text);
      expect(html.includes(esc(text)) || html.includes(esc(text).replaceAll('&#39;', '&#x27;')), text).toBe(
        true,
      );
    }
    expect(html).toContain(approved);
    expect(html).toContain(denied);
  });

  it('phigate verify exits 0 on the log the gateway wrote, and sessions lists both', async () => {
    const v = await verifyCli(gw.dataDir);
    expect(v.out).toMatch(/^OK: \d+ records in 1 log file\(s\), 2 sessions;/);
    expect(v.code).toBe(0);
    const s = await sessionsCli(gw.dataDir, '--agent', AGENT, '--json');
    expect(s.code).toBe(0);
    expect(
      JSON.parse(s.out)
        .map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual([pgSession, psqlSession].sort());
    expect(existsSync(join(pkg, 'sessions', `${pgSession}.txt`))).toBe(true);
  });
});
