import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { auditRecordSchema } from '../../../../core/audit/schema/record.js';
import { type AuditLog, openAuditLog } from '../../../../proxy/audit/audit-log.js';
import { listSegments } from '../../../../proxy/audit/file/layout.js';
import { readLog } from '../../../../proxy/audit/file/log-reader.js';
import { readSegment } from '../../../../proxy/audit/file/segment-file.js';
import { allow, auditConfig, deny, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

afterAll(removeTempDirs);

const open: AuditLog[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

async function openLog(dataDir: string, overrides: Record<string, unknown> = {}) {
  const log = await openAuditLog({ config: auditConfig(overrides), dataDir });
  open.push(log);
  return log;
}

/** Every record, parsed against the v1 schema (an open log file has zero padding after its data). */
async function records(dir: string) {
  const out = [];
  for (const f of await listSegments(dir)) {
    for (const l of (await readSegment(f.path)).lines) out.push(auditRecordSchema.parse(JSON.parse(l)));
  }
  return out;
}

describe('audit log (embedded file sink)', () => {
  it('writes a session as v1 records that verify, with statement numbers, links and no token', async () => {
    const dataDir = tempDataDir();
    const log = await openLog(dataDir, { recording: { flushMs: 0 } });
    const secretToken = 'eyJhbGciOiJSUzI1NiJ9.secret-token-payload.signature';
    const s = await log.openSession(sessionStart('agent-7'));
    // The client's password message carries the token; the recorder must drop it.
    const pw = Buffer.concat([Buffer.from('p'), Buffer.alloc(4), Buffer.from(`${secretToken}\0`)]);
    pw.writeInt32BE(pw.length - 1, 1);
    s.frame('frontend', pw);
    const t1 = await s.intent({
      text: 'select * from patients where id = $1',
      path: 'extended',
      params: ['42'],
      decision: allow,
    });
    s.outcome(t1, {
      rows: 1,
      bytesOut: 120,
      tag: 'SELECT 1',
      columns: [{ name: 'ssn', typeOid: 25, typeName: 'text' }],
      masked: [{ column: 'ssn', entity: 'SSN', method: 'redact', count: 1 }],
    });
    s.refused(
      { text: 'drop table patients', path: 'simple', decision: deny },
      { rows: 0, bytesOut: 0, sqlstate: '42501', errorCode: 'POLICY_DENIED' },
    );
    const t3 = await s.intent({ text: 'select 1/0', path: 'simple', decision: allow });
    s.outcome(t3, { rows: 0, bytesOut: 80, sqlstate: '22012' });
    await s.end({ reason: 'client terminated' });
    expect([t1.stmt, t3.stmt]).toEqual([1, 3]);

    const all = await records(log.dir);
    const mine = all.filter((r) => r.chain === s.id);
    expect(mine.map((r) => r.type)).toEqual([
      'session.start',
      'statement.intent',
      'recording.segment',
      'statement.outcome',
      'statement.intent',
      'statement.outcome',
      'statement.intent',
      'statement.outcome',
      'session.end',
    ]);
    expect(mine.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < mine.length; i++) expect(mine[i]?.prev).toBe(mine[i - 1]?.hash);
    const outcomes = mine.filter((r) => r.type === 'statement.outcome');
    expect(outcomes.map((r) => [r.data.stmt, r.data.status, r.data.sqlstate])).toEqual([
      [1, 'ok', undefined],
      [2, 'refused', '42501'],
      [3, 'error', '22012'],
    ]);
    const end = mine.at(-1);
    expect(end?.type === 'session.end' && end.data.counts).toMatchObject({
      statements: 3,
      allowed: 2,
      denied: 1,
      errors: 1,
      maskedValues: 1,
      rows: 1,
    });
    const seg = mine.find((r) => r.type === 'recording.segment');
    expect(seg?.type === 'recording.segment' && seg.data.droppedPasswordMessages).toBe(1);

    const raw = (await listSegments(log.dir)).map((f) => readFileSync(f.path, 'utf8')).join('');
    expect(raw).not.toContain('secret-token-payload');
    expect(raw).not.toContain(Buffer.from('secret-token-payload').toString('base64').slice(0, 16));

    // Parameters are HMAC-SHA-256 under the data dir's key: verifiable by a key holder, not readable.
    const key = Buffer.from(readFileSync(join(dataDir, 'keys', 'audit-param.key'), 'utf8').trim(), 'base64');
    const intent = mine[1];
    expect(intent?.type === 'statement.intent' && intent.data.parameters).toEqual({
      mode: 'hash',
      keyId: expect.stringMatching(/^hmac-sha256:[0-9a-f]{16}$/),
      values: [createHmac('sha256', key).update('42').digest('hex')],
    });
    await log.close();
    open.length = 0;
    const { report } = await readLog(log.dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('cuts the recording at a statement boundary once the segment is flushMs old, or by timer', async () => {
    const log = await openLog(tempDataDir(), { recording: { flushMs: 40 } });
    const s = await log.openSession(sessionStart());
    const frame = Buffer.from('C\0\0\0\x0dSELECT 1\0');
    for (let i = 0; i < 5; i++) {
      const t = await s.intent({ text: `select ${i}`, path: 'simple', decision: allow });
      s.frame('backend', frame);
      s.outcome(t, { rows: 1, bytesOut: frame.length });
    }
    const segments = async () => (await records(log.dir)).filter((r) => r.type === 'recording.segment');
    // Five quick statements share one open segment; the timer cuts it without a further boundary.
    await new Promise((r) => setTimeout(r, 120));
    const s1 = await segments();
    expect(s1).toHaveLength(1);
    expect(s1[0]?.type === 'recording.segment' && s1[0].data.frames).toBe(5);
    await new Promise((r) => setTimeout(r, 50));
    const t = await s.intent({ text: 'select 9', path: 'simple', decision: allow });
    s.frame('backend', frame);
    await new Promise((r) => setTimeout(r, 50));
    s.outcome(t, { rows: 1, bytesOut: frame.length }); // the open segment is 50 ms old: cut now
    await s.intent({ text: 'select 10', path: 'simple', decision: allow });
    expect(await segments()).toHaveLength(2);
  });

  it('records a masking entity or method outside the vocabulary as OTHER_ID / other, and the log still verifies', async () => {
    const log = await openLog(tempDataDir());
    const s = await log.openSession(sessionStart());
    const t = await s.intent({
      text: 'select notes from encounters where id = 1',
      path: 'simple',
      decision: allow,
    });
    s.outcome(t, {
      rows: 1,
      bytesOut: 10,
      masked: [
        { column: 'notes', entity: 'NOT_AN_ENTITY' as never, method: 'Detect Redact', count: 2 },
        { column: 'notes', entity: 'PHONE', method: 'text-fallback', count: 1 },
      ],
    });
    await s.end({ reason: 'done' });
    await log.close();
    open.length = 0;
    const out = (await records(log.dir)).find((r) => r.type === 'statement.outcome');
    expect(out?.type === 'statement.outcome' && out.data.masked).toEqual([
      { column: 'notes', count: 2, entity: 'OTHER_ID', method: 'other' },
      { column: 'notes', count: 1, entity: 'PHONE', method: 'text-fallback' },
    ]);
    expect((await readLog(log.dir)).report.problems).toEqual([]);
  });

  it('records parameters as values only when configured, and never in omit mode', async () => {
    const log = await openLog(tempDataDir(), { parameters: 'record' });
    const s = await log.openSession(sessionStart());
    await s.intent({
      text: 'select $1, $2, $3',
      path: 'extended',
      params: ['x', Buffer.from([1, 2]), null],
      paramFormats: [0, 1, 0],
      decision: allow,
    });
    const log2 = await openLog(tempDataDir(), { parameters: 'omit' });
    const s2 = await log2.openSession(sessionStart());
    await s2.intent({ text: 'select $1', path: 'extended', params: ['secret'], decision: allow });
    const [a] = (await records(log.dir)).filter((r) => r.type === 'statement.intent');
    const [b] = (await records(log2.dir)).filter((r) => r.type === 'statement.intent');
    expect(a?.type === 'statement.intent' && a.data.parameters).toEqual({
      mode: 'record',
      values: [{ text: 'x' }, { base64: 'AQI=' }, null],
    });
    expect(b?.type === 'statement.intent' && b.data.parameters).toEqual({ mode: 'omit', count: 1 });
  });

  it('refuses a session id that is not a valid chain id, or a system chain name', async () => {
    const log = await openLog(tempDataDir());
    await expect(log.openSession(sessionStart('a', { sessionId: 'log' }))).rejects.toMatchObject({
      code: 'AUDIT_INVALID_INPUT',
    });
    await expect(log.openSession(sessionStart('a', { sessionId: 'a/b' }))).rejects.toMatchObject({
      code: 'AUDIT_INVALID_INPUT',
    });
  });

  it('records approval events on the approvals chain and on a session', async () => {
    const log = await openLog(tempDataDir());
    const s = await log.openSession(sessionStart());
    await s.approval({
      type: 'approval.requested',
      approvalId: 'ap-1',
      at: '2026-03-01T10:00:00.000Z',
      agentId: 'agent-1',
      resource: 'ehr',
      fingerprint: 'abc',
      ruleId: 'approve-phi-write',
      scope: { kind: 'once', validForMs: 600_000 },
      expiresAt: '2026-03-01T10:15:00.000Z',
      sessionId: s.id,
    });
    await log.approval({
      type: 'approval.approved',
      approvalId: 'ap-1',
      at: '2026-03-01T10:01:00.000Z',
      agentId: 'agent-1',
      resource: 'ehr',
      approver: { id: 'alice@example.org', name: 'Alice' },
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    await s.end({ reason: 'done' });
    // After the session's end its chain is closed: a late event goes on the approvals chain.
    await s.approval({
      type: 'approval.expired',
      approvalId: 'ap-2',
      at: '2026-03-01T10:20:00.000Z',
      agentId: 'agent-1',
      resource: 'ehr',
      requestedAt: '2026-03-01T10:05:00.000Z',
    });
    const all = await records(log.dir);
    expect(all.filter((r) => r.type.startsWith('approval.')).map((r) => [r.type, r.chain])).toEqual([
      ['approval.requested', s.id],
      ['approval.approved', 'approvals'],
      ['approval.expired', 'approvals'],
    ]);
    await log.close();
    open.length = 0;
    expect((await readLog(log.dir)).report.problems).toEqual([]);
  });

  it('a second writer on the same directory is refused while the first runs', async () => {
    const dataDir = tempDataDir();
    await openLog(dataDir);
    await expect(openAuditLog({ config: auditConfig(), dataDir })).rejects.toMatchObject({
      code: 'AUDIT_LOCKED',
    });
  });

  it('rotates log files at the size bound with a checkpoint, and the result verifies', async () => {
    const log = await openLog(tempDataDir(), { segmentMaxBytes: 4096 });
    const sessions = await Promise.all([1, 2, 3].map((i) => log.openSession(sessionStart(`agent-${i}`))));
    for (let i = 0; i < 30; i++) {
      for (const s of sessions) {
        const t = await s.intent({
          text: `select ${i} /* ${'x'.repeat(100)} */`,
          path: 'simple',
          decision: allow,
        });
        s.frame('backend', Buffer.from('C\0\0\0\x0dSELECT 1\0'));
        s.outcome(t, { rows: 1, bytesOut: 14 });
      }
    }
    await sessions[0]?.end({ reason: 'done' });
    await log.close();
    open.length = 0;
    const files = await listSegments(log.dir);
    expect(files.length).toBeGreaterThan(5);
    const first = JSON.parse(readFileSync(files[3]!.path, 'utf8').split('\n')[0] as string);
    expect(first.type).toBe('log.segment');
    expect(first.data.heads.map((h: { chain: string }) => h.chain)).toEqual(
      expect.arrayContaining(['log', ...sessions.map((s) => s.id)]),
    );
    const { report } = await readLog(log.dir);
    expect(report.problems).toEqual([]);
    expect(report.segments).toBe(files.length);
  });
});
