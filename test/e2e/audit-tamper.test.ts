/**
 * Issue 5's tamper acceptance on a log the gateway itself wrote (not a synthetic one): a real
 * gateway with small log files (so the log spans several), real clients (node-postgres, psql),
 * then the gateway is stopped cleanly and copies of its audit directory are tampered with. Each
 * time `phigate verify` (the command, in-process) exits non-zero and names the place: the file,
 * the line, the log position.
 */
import { readFileSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSegments, type SegmentFile } from '../../proxy/audit/file/layout.js';
import {
  auditDirOf,
  copyAuditLog,
  evidenceCli,
  fileLines,
  sessionsEnded,
  verifyCli,
  writeLines,
} from '../helpers/audit-log.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { run } from '../helpers/run.js';

let gw: TestGateway | undefined;
let pristine: string;
let files: SegmentFile[];
const copies: (() => void)[] = [];

beforeAll(async () => {
  gw = await startTestGateway({
    template: 'ehr_template',
    config: { audit: { segmentMaxBytes: 16 * 1024 } },
  });
  pristine = gw.dataDir;
  const token = await gw.token('tamper-agent');
  const c = new pg.Client(gw.clientConfig(token));
  await c.connect();
  for (let i = 0; i < 6; i++) {
    await c.query(
      `select patient_id, first_name, ssn, city from patients where patient_id between ${i * 40 + 1} and ${i * 40 + 40}`,
    );
    await c.query({ name: 'dept', text: 'select name from departments where code = $1', values: ['CARD'] });
    await c.query('drop table departments').catch(() => undefined);
    await c.query('select 1/0').catch(() => undefined);
  }
  await c.end();
  const p = await run(
    'psql',
    [
      '-X',
      '-v',
      'VERBOSITY=verbose',
      '-c',
      'select code, name from departments order by code',
      '-c',
      'truncate departments',
    ],
    { env: gw.psqlEnv(token), timeoutMs: 20_000 },
  );
  expect(p.stderr).toContain('42501');
  await sessionsEnded(pristine, 2);
  // A clean stop (log.close), keeping the data dir to tamper with copies of it.
  await gw.runtime.close();
  gw = undefined;
  files = await listSegments(auditDirOf(pristine));
  expect(files.length).toBeGreaterThanOrEqual(4);
}, 120_000);

afterAll(async () => {
  await gw?.runtime.close();
  for (const remove of copies) remove();
  if (pristine) rmSync(pristine, { recursive: true, force: true });
});

function tampered() {
  const c = copyAuditLog(pristine);
  copies.push(c.remove);
  return {
    ...c,
    file: (i: number) => join(c.dir, 'log', files.at(i)!.name),
    name: (i: number) => files.at(i)!.name,
  };
}

const lseqOf = (line: string) => (JSON.parse(line) as { lseq: number }).lseq;

describe('phigate verify on a gateway-written log', () => {
  it('passes on the untouched log', async () => {
    const v = await verifyCli(pristine);
    expect(v.out).toMatch(new RegExp(`^OK: \\d+ records in ${files.length} log file\\(s\\), 2 sessions;`));
    expect(v.code).toBe(0);
  });

  it('one byte changed in a statement', async () => {
    const t = tampered();
    const ls = fileLines(t.file(1));
    const i = ls.findIndex((l) => l.includes('"type":"statement.intent"') && l.includes('from patients'));
    expect(i).toBeGreaterThan(0);
    ls[i] = ls[i]!.replace('from patients', 'from patientz');
    writeLines(t.file(1), ls);
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(
      `first broken link: ${t.name(1)}:${i + 1} (lseq ${lseqOf(ls[i]!)}): hash-mismatch: content does not match its hash`,
    );
  });

  it('one byte changed in a recorded result (the masked rows the agent got)', async () => {
    const t = tampered();
    const ls = fileLines(t.file(2));
    const i = ls.findIndex((l) => l.includes('"type":"recording.segment"'));
    expect(i).toBeGreaterThan(0);
    const rec = JSON.parse(ls[i]!);
    const payload: string = rec.data.payload;
    const at = Math.floor(payload.length / 2);
    const swapped = payload[at] === 'A' ? 'B' : 'A';
    ls[i] = ls[i]!.replace(payload, payload.slice(0, at) + swapped + payload.slice(at + 1));
    writeLines(t.file(2), ls);
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`first broken link: ${t.name(2)}:${i + 1} (lseq ${rec.lseq}): hash-mismatch`);
    expect(v.out).toContain(
      `${t.name(2)}:${i + 1} (lseq ${rec.lseq}, chain ${rec.chain} seq ${rec.seq}): recording: recording segment ${rec.data.index}: payload digest mismatch`,
    );
  });

  it('an event deleted', async () => {
    const t = tampered();
    const ls = fileLines(t.file(1));
    const i = ls.findIndex((l) => l.includes('"type":"statement.outcome"'));
    const lseq = lseqOf(ls[i]!);
    ls.splice(i, 1);
    writeLines(t.file(1), ls);
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`first broken link: ${t.name(1)}:${i + 1} (lseq ${lseq + 1}`);
    expect(v.out).toContain(`log-gap: records lseq ${lseq}..${lseq} are missing before this record`);
  });

  it('a denied statement taken out (its intent and outcome)', async () => {
    const t = tampered();
    let found = false;
    for (let f = 0; f < files.length && !found; f++) {
      const ls = fileLines(t.file(f));
      const i = ls.findIndex((l) => l.includes('"type":"statement.intent"') && l.includes('drop table'));
      if (i < 0) continue;
      const stmt = JSON.parse(ls[i]!).data.stmt;
      const j = ls.findIndex(
        (l, k) => k > i && l.includes('"type":"statement.outcome"') && l.includes(`"stmt":${stmt},`),
      );
      const first = lseqOf(ls[i]!);
      writeLines(
        t.file(f),
        ls.filter((_, k) => k !== i && k !== j),
      );
      const v = await verifyCli(t.dataDir);
      expect(v.code).toBe(1);
      expect(v.out).toMatch(new RegExp(`first broken link: ${t.name(f)}:${i + 1} \\(lseq ${first + 1}`));
      expect(v.out).toContain(`log-gap: records lseq ${first}..${first} are missing`);
      found = true;
    }
    expect(found).toBe(true);
  });

  it('two events reordered', async () => {
    const t = tampered();
    const ls = fileLines(t.file(1));
    const i = ls.findIndex((l) => l.includes('"type":"statement.intent"'));
    [ls[i], ls[i + 1]] = [ls[i + 1]!, ls[i]!];
    writeLines(t.file(1), ls);
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`first broken link: ${t.name(1)}:${i + 1} `);
    expect(v.out).toMatch(/log-reorder: lseq \d+ after lseq \d+/);
  });

  it('a log file truncated in the middle of the log', async () => {
    const t = tampered();
    const size = readFileSync(t.file(1)).length;
    truncateSync(t.file(1), size - 40);
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`first broken link: ${t.name(1)}: torn-line: incomplete line of`);
  });

  it('the last log file truncated at a record boundary (the head catches it)', async () => {
    const t = tampered();
    const ls = fileLines(t.file(-1));
    writeLines(t.file(-1), ls.slice(0, -3));
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(
      /truncated: log ends at lseq \d+ but records up to lseq \d+ \(segment \d+\) were acknowledged/,
    );
  });

  it('a whole log file deleted', async () => {
    const t = tampered();
    unlinkSync(t.file(1));
    const v = await verifyCli(t.dataDir);
    expect(v.code).toBe(1);
    expect(v.out).toContain(
      `first broken link: ${t.name(2)}: segment-structure: log file for segment 2 is missing`,
    );
  });

  it('evidence on a tampered log: exit 1, the package is written and says verification FAILED', async () => {
    const t = tampered();
    const ls = fileLines(t.file(1));
    const i = ls.findIndex((l) => l.includes('"type":"statement.outcome"'));
    ls[i] = ls[i]!.replace(/"rows":(\d+)/, (_, n) => `"rows":${Number(n) + 1}`);
    writeLines(t.file(1), ls);
    const out = join(t.dataDir, 'package');
    const e = await evidenceCli(t.dataDir, { from: '1h', to: 'now', out });
    expect(e.code).toBe(1);
    expect(e.out).toMatch(
      new RegExp(`the audit log does NOT verify: 1 problem\\(s\\); first: ${t.name(1)}:${i + 1} `),
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Chain verification FAILED');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.verification).toMatchObject({ ok: false, problemCount: 1 });
    expect(manifest.verification.firstProblem).toContain(`${t.name(1)}:${i + 1}`);
  });
});
