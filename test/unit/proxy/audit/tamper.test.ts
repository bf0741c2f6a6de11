import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../../../cli/commands/verify.js';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import { listSegments } from '../../../../proxy/audit/file/layout.js';
import { readLog } from '../../../../proxy/audit/file/log-reader.js';
import { allow, auditConfig, removeTempDirs, sessionStart, tempDataDir } from './fixtures.js';

afterAll(removeTempDirs);

/** A closed log of several files: three sessions with statements, recordings, one session wholly inside one file. */
let pristine: string;
let shortSession: string;

beforeAll(async () => {
  pristine = tempDataDir('phigate-tamper-');
  const log = await openAuditLog({
    config: auditConfig({ segmentMaxBytes: 8192, parameters: 'omit', recording: { flushMs: 0 } }),
    dataDir: pristine,
  });
  const long = await Promise.all([1, 2].map((i) => log.openSession(sessionStart(`agent-${i}`))));
  for (let i = 0; i < 25; i++) {
    for (const s of long) {
      s.frame('frontend', query(`select ${i} from patients where id = ${i}`));
      const t = await s.intent({
        text: `select ${i} from patients where id = ${i}`,
        path: 'simple',
        decision: allow,
      });
      s.frame('backend', Buffer.from('C\0\0\0\x0dSELECT 1\0Z\0\0\0\x05I'));
      s.outcome(t, { rows: 1, bytesOut: 19, tag: 'SELECT 1' });
    }
    if (i === 12) {
      const s = await log.openSession(sessionStart('agent-short'));
      shortSession = s.id;
      const t = await s.intent({ text: 'select 42', path: 'simple', decision: allow });
      s.outcome(t, { rows: 1, bytesOut: 10 });
      await s.end({ reason: 'client terminated' });
    }
  }
  for (const s of long) await s.end({ reason: 'client terminated' });
  await log.close();
  expect((await readLog(join(pristine, 'audit'))).report.ok).toBe(true);
});

function query(text: string): Buffer {
  const b = Buffer.alloc(6 + Buffer.byteLength(text));
  b.write('Q', 0);
  b.writeInt32BE(b.length - 1, 1);
  b.write(text, 5);
  return b;
}

/** A fresh copy of the pristine log to tamper with. */
function copy(): { dataDir: string; dir: string } {
  const dataDir = tempDataDir('phigate-tampered-');
  cpSync(pristine, dataDir, { recursive: true });
  return { dataDir, dir: join(dataDir, 'audit') };
}

async function verify(dataDir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await verifyCommand(['--data-dir', dataDir], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    now: Date.now,
  });
  return { code, out };
}

async function files(dir: string) {
  return listSegments(dir);
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

function write(path: string, ls: string[]): void {
  writeFileSync(path, ls.map((l) => `${l}\n`).join(''));
}

describe('phigate verify detects tampering and names the place', () => {
  it('passes on the untouched log', async () => {
    const { dataDir } = copy();
    const r = await verify(dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: \d+ records in \d+ log file\(s\), 3 sessions/);
  });

  it('change one byte of a statement', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir))[1]!;
    const ls = lines(f.path);
    const i = ls.findIndex((l) => l.includes('"type":"statement.intent"'));
    ls[i] = ls[i]!.replace('from patients', 'from patientz');
    write(f.path, ls);
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first broken link: ${f.name}:${i + 1} (lseq`);
    expect(r.out).toMatch(/hash-mismatch: content does not match its hash/);
  });

  it('delete an event', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir))[1]!;
    const ls = lines(f.path);
    const i = ls.findIndex((l) => l.includes('"type":"statement.outcome"'));
    const lseq = JSON.parse(ls[i]!).lseq;
    ls.splice(i, 1);
    write(f.path, ls);
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first broken link: ${f.name}:${i + 1} (lseq ${lseq + 1}`);
    expect(r.out).toContain(`log-gap: records lseq ${lseq}..${lseq} are missing before this record`);
  });

  it('reorder two events', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir))[1]!;
    const ls = lines(f.path);
    [ls[3], ls[4]] = [ls[4]!, ls[3]!];
    write(f.path, ls);
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first broken link: ${f.name}:4 `);
    expect(r.out).toMatch(/log-gap|log-reorder/);
    expect(r.out).toMatch(/log-reorder: lseq \d+ after lseq \d+/);
  });

  it('truncate a log file in the middle of the log', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir))[1]!;
    const buf = readFileSync(f.path);
    writeFileSync(f.path, buf.subarray(0, buf.length - 50));
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first broken link: ${f.name}: torn-line: incomplete line of`);
  });

  it('truncate the last log file at a record boundary (the head catches it)', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir)).at(-1)!;
    const ls = lines(f.path);
    write(f.path, ls.slice(0, -2));
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /truncated: log ends at lseq (\d+) but records up to lseq \d+ \(segment \d+\) were acknowledged/,
    );
  });

  it('delete a whole session', async () => {
    const { dataDir, dir } = copy();
    const removed: number[] = [];
    for (const f of await files(dir)) {
      const ls = lines(f.path);
      const kept = ls.filter((l) => !l.includes(`"chain":"${shortSession}"`));
      for (const l of ls) if (!kept.includes(l)) removed.push(JSON.parse(l).lseq);
      if (kept.length !== ls.length) write(f.path, kept);
    }
    expect(removed.length).toBe(4); // start, intent, outcome, end
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    // The gap is reported at the record that follows it (in this file or the next one).
    expect(r.out).toMatch(
      new RegExp(
        `first broken link: segment-\\d+\\.jsonl:\\d+ \\(lseq \\d+\\): log-gap: records lseq ${removed[0]}\\.\\.`,
      ),
    );
  });

  it('delete a recording segment', async () => {
    const { dataDir, dir } = copy();
    const f = (await files(dir))[2]!;
    const ls = lines(f.path);
    const i = ls.findIndex((l) => l.includes('"type":"recording.segment"'));
    const rec = JSON.parse(ls[i]!);
    ls.splice(i, 1);
    write(f.path, ls);
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first broken link: ${f.name}:${i + 1}`);
    expect(r.out).toContain(
      `chain ${rec.chain}: expected seq ${rec.seq}, found ${rec.seq + 1} (records ${rec.seq}..${rec.seq} are missing)`,
    );
    expect(r.out).toContain(
      `session ${rec.chain}: expected recording segment ${rec.data.index}, found ${rec.data.index + 1}`,
    );
  });

  it('delete a log file in the middle, the first one, or the last one', async () => {
    const a = copy();
    const fa = await files(a.dir);
    unlinkSync(fa[2]!.path);
    const ra = await verify(a.dataDir);
    expect(ra.code).toBe(1);
    expect(ra.out).toContain(
      `first broken link: ${fa[3]!.name}: segment-structure: log file for segment 3 is missing`,
    );

    const b = copy();
    const fb = await files(b.dir);
    unlinkSync(fb[0]!.path);
    const rb = await verify(b.dataDir);
    expect(rb.code).toBe(1);
    expect(rb.out).toMatch(
      /missing-start: log starts at lseq \d+ \(segment 2\) and no retention.applied record names this boundary/,
    );

    const c = copy();
    const fc = await files(c.dir);
    unlinkSync(fc.at(-1)!.path);
    const rc = await verify(c.dataDir);
    expect(rc.code).toBe(1);
    expect(rc.out).toMatch(/truncated: log ends at lseq \d+ but records up to lseq \d+/);
  });

  it('delete the head file', async () => {
    const { dataDir, dir } = copy();
    rmSync(join(dir, 'head.json'));
    const r = await verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('head file is missing');
  });

  it('every single-byte change anywhere in the log files is detected (300 seeded positions)', async () => {
    const { dir } = copy();
    const all = await files(dir);
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      const f = all[Math.floor(rand() * all.length)]!;
      const buf = readFileSync(f.path);
      const pos = Math.floor(rand() * buf.length);
      const orig = buf[pos]!;
      let b = 0x20 + Math.floor(rand() * 95);
      if (b === orig) b = orig === 0x41 ? 0x42 : 0x41;
      buf[pos] = b;
      writeFileSync(f.path, buf);
      const { report } = await readLog(dir, { maxProblems: 1 });
      expect(
        report.ok,
        `${f.name} byte ${pos}: ${String.fromCharCode(orig)} -> ${String.fromCharCode(b)}`,
      ).toBe(false);
      buf[pos] = orig;
      writeFileSync(f.path, buf);
      checked++;
    }
    expect(checked).toBe(300);
    expect((await readLog(dir)).report.ok).toBe(true);
  });
});
