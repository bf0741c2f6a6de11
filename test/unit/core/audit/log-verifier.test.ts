import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LogVerifier, type VerifyReport } from '../../../../core/audit/verify/log-verifier.js';
import { GENESIS_HASH } from '../../../../core/audit/version.js';
import { agent, intentData, LogBuilder, outcomeData, startData } from './log-builder.js';

function verify(lines: readonly string[], head?: { lseq: number; hash: string }): VerifyReport {
  const v = new LogVerifier({
    head: head ? { segment: 1, at: '2026-03-01T10:00:00.000Z', ...head } : undefined,
    writerLive: false,
  });
  v.beginSegment(1, 'segment-000001.jsonl');
  for (const l of lines) v.line(l);
  v.endSegment(0);
  return v.finish();
}

function base(): LogBuilder {
  const b = new LogBuilder();
  b.add('log', 'log.segment', { segment: 1, heads: [] });
  b.add('log', 'log.open', { pid: 1, writer: 'test', flush: 'fdatasync' });
  return b;
}

const headOf = (b: LogBuilder) => ({ lseq: b.lines.length, hash: b.hashes.at(-1) as string });
const kinds = (r: VerifyReport) => r.problems.map((p) => p.kind);

describe('log verifier on records sealed by the real sealing code', () => {
  it('accepts an intact log and counts sessions', () => {
    const b = base();
    b.add('s1', 'session.start', startData);
    b.add('s1', 'statement.intent', intentData(1));
    b.add('s1', 'statement.outcome', outcomeData(1));
    b.add('s1', 'session.end', { reason: 'client terminated' });
    const r = verify(b.lines, headOf(b));
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, records: 6, sessions: 1, firstLseq: 1, lastLseq: 6 });
  });

  it('a re-sealed edit (hash recomputed by the editor) still breaks the next link', () => {
    const b = base();
    b.add('s1', 'session.start', startData);
    b.add('s1', 'statement.intent', intentData(1));
    const forged = new LogBuilder();
    forged.add('log', 'log.segment', { segment: 1, heads: [] });
    forged.add('log', 'log.open', { pid: 1, writer: 'test', flush: 'fdatasync' });
    forged.add('s1', 'session.start', { ...startData, agent: { ...agent, agentId: 'someone-else' } });
    const lines = [...b.lines.slice(0, 2), forged.lines[2] as string, b.lines[3] as string];
    const r = verify(lines, headOf(b));
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ kind: 'log-link', line: 4 });
  });

  it('detects statement numbers that skip and outcomes without an intent', () => {
    const b = base();
    b.add('s1', 'session.start', startData);
    b.add('s1', 'statement.intent', intentData(2));
    b.add('s1', 'statement.outcome', outcomeData(5));
    const r = verify(b.lines, headOf(b));
    expect(kinds(r)).toEqual(['statement-order', 'statement-order']);
    expect(r.problems[1]?.message).toMatch(/outcome of statement 5 without an open intent/);
  });

  it('detects a session that starts without session.start, records after session.end, and records on the wrong chain', () => {
    const b = base();
    b.add('s1', 'statement.intent', intentData(1));
    b.add('s2', 'session.start', startData);
    b.add('s2', 'session.end', { reason: 'x' });
    b.add('s2', 'statement.intent', intentData(1));
    b.add('log', 'statement.intent', intentData(1));
    const r = verify(b.lines, headOf(b));
    expect(kinds(r)).toEqual(['chain-state', 'chain-state', 'chain-state']);
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(
      /without session.start[\s\S]*after its session.end[\s\S]*does not belong on chain log/,
    );
  });

  it('detects a chain whose seq skips although the log chain is intact (records re-sealed by a forger)', () => {
    const b = base();
    b.add('s1', 'session.start', startData);
    b.add('s1', 'statement.intent', intentData(1), { seq: 3 });
    const r = verify(b.lines, headOf(b));
    expect(r.problems[0]).toMatchObject({ kind: 'chain-break', chain: 's1', seq: 3 });
  });

  it('checks the recording segments chain and payload digest', () => {
    const b = base();
    b.add('s1', 'session.start', { ...startData, recording: true });
    const seg = (index: number, prevSegment: string, payload: Buffer, digestOf = payload) => ({
      index,
      prevSegment,
      originUs: 1,
      firstAt: '2026-03-01T10:00:00.000Z',
      lastAt: '2026-03-01T10:00:00.000Z',
      frames: 0,
      bytes: 0,
      payloadSha256: createHash('sha256').update(digestOf).digest('hex'),
      payload: payload.toString('base64'),
    });
    const h1 = b.add('s1', 'recording.segment', seg(1, GENESIS_HASH, Buffer.from('a')));
    b.add('s1', 'recording.segment', seg(3, h1, Buffer.from('b')));
    b.add('s1', 'recording.segment', seg(4, GENESIS_HASH, Buffer.from('c')));
    b.add('s1', 'recording.segment', seg(5, GENESIS_HASH, Buffer.from('d'), Buffer.from('x')));
    const r = verify(b.lines, headOf(b));
    expect(r.problems.map((p) => p.message)).toEqual([
      'session s1: expected recording segment 2, found 3',
      'session s1: recording segment 4 does not link to segment 3',
      'session s1: recording segment 5 does not link to segment 4',
      'recording segment 5: payload digest mismatch',
    ]);
  });

  it('detects a log that starts after lseq 1 without a retention record, and a head beyond the end', () => {
    const b = base();
    b.add('s1', 'session.start', startData);
    const r = verify(b.lines.slice(1), { lseq: 5, hash: 'f'.repeat(64) });
    expect(kinds(r)).toContain('missing-start');
    expect(kinds(r)).toContain('truncated');
    expect(r.problems.find((p) => p.kind === 'truncated')?.message).toMatch(
      /log ends at lseq 3 but records up to lseq 5/,
    );
  });

  it('flags a missing head file when there are records', () => {
    const b = base();
    expect(kinds(verify(b.lines))).toEqual(['truncated']);
  });
});
