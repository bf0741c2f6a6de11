/**
 * Per-row CPU cost of masking `select * from patients` (the 1M-row benchmark's statement) in
 * process, through the same objects the gateway uses: a real catalog generation (the
 * production builder over an in-memory snapshot of the demo `patients` table), output lineage
 * from the real parser, the wire adapter's codecs, and a StatementMasker fed DataRow frames
 * packed into 64 KiB chunks as the socket delivers them. Rows are the demo generator's.
 *
 * Prints CPU µs per row (process.cpuUsage, user + system: robust to other load on a shared
 * machine, unlike wall time) for text and binary result formats, with the Safe Harbor
 * defaults and with every entity pseudonymized, plus a SHA-256 of every masked byte and the
 * masking counts (a change to the hot path must leave them identical).
 *
 * Run: `npx tsx test/unit/proxy/masking/engine/row-bench.ts [rows]` (default 100,000);
 * `ROW_BENCH_ONLY=<part of a label>` runs only the matching scenarios.
 */
import { createHash } from 'node:crypto';
import { StatementMasker } from '../../../../../proxy/masking/engine/statement-masker.js';
import type { MaskingRun } from '../../../../../proxy/pipeline/ports.js';
import { loadSqlParser } from '../../../../../proxy/sql/parser.js';
import { chunks, engineFor, PSEUDONYMIZE_ALL, TABLE_OID } from './patients-engine.js';
import { rowDescription } from './patients-frames.js';

const ROWS = Number(process.argv[2] ?? 100_000);
/** `ROW_BENCH_ONLY=defaults, text` runs the scenarios whose label contains it. */
const ONLY = process.env.ROW_BENCH_ONLY;

function run(name: string, input: Record<string, unknown>, format: 0 | 1): void {
  const { core, gen } = engineFor(input);
  const text = 'select * from patients';
  const data = chunks(ROWS, format);
  const pass = (hash?: ReturnType<typeof createHash>): MaskingRun => {
    const lineage = core.analyze('bench', text, ['$user', 'public'], {});
    const m = new StatementMasker(core, gen, lineage, text, undefined, undefined);
    const desc = m.rowDescription(rowDescription(TABLE_OID, format));
    hash?.update(desc);
    for (const { buf, frames } of data) {
      for (let i = 0; i < frames.length; i += 2) {
        const out = m.dataRow(buf, frames[i]!, frames[i + 1]!);
        hash?.update(out ?? buf.subarray(frames[i]!, frames[i + 1]!));
      }
    }
    return m;
  };
  const hash = createHash('sha256');
  const summary = pass(hash).summary();
  const counts = summary.masked.map((c) => `${c.column}:${c.entity}:${c.method}=${c.count}`).join(' ');
  pass(); // warm-up
  const perRow: number[] = [];
  for (let r = 0; r < 5; r++) {
    const before = process.cpuUsage();
    pass();
    const used = process.cpuUsage(before);
    perRow.push((used.user + used.system) / ROWS);
  }
  perRow.sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(2);
  process.stdout.write(
    `${name.padEnd(28)} CPU µs/row min ${fmt(perRow[0]!)} median ${fmt(perRow[2]!)}  sha256 ${hash.digest('hex').slice(0, 16)}\n    ${counts}\n`,
  );
}

await loadSqlParser();
process.stdout.write(`${ROWS.toLocaleString('en-US')} rows of patients, 64 KiB chunks\n`);
for (const [name, input] of [
  ['safe-harbor defaults', {}],
  ['pseudonymize', PSEUDONYMIZE_ALL],
] as const) {
  for (const format of [0, 1] as const) {
    const label = `${name}, ${format === 0 ? 'text' : 'binary'}`;
    if (!ONLY || label.includes(ONLY)) run(label, input, format);
  }
}
