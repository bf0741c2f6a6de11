/**
 * Wire codec benchmark (in process): ns per DataRow of a 14-column patients row with 0, 1 and 6
 * masked columns, and ns per COPY row (one row per CopyData, as PostgreSQL sends them) in text,
 * CSV and binary. "codec" uses a transform that returns a prepared token (the codec's own cost);
 * "redact" uses maskCell with a redact plan (what the stage runs). Each figure is the fastest and
 * the median of many rounds: on a shared, loaded machine the fastest round is the closer estimate
 * of the code's own cost. Run: `npx tsx test/unit/proxy/masking/wire/wire-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { methodResolver } from '../../../../../proxy/masking/methods/index.js';
import {
  type CellMaskContext,
  maskCell,
  planMaskedColumn,
} from '../../../../../proxy/masking/values/index.js';
import { type CellTransform, createCopyMasker, mapDataRow } from '../../../../../proxy/masking/wire/index.js';
import { copyData, dataRow } from './frames.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly median: number;
  readonly unit: string;
}

const PATIENT = [
  '1042',
  'MRN00001042',
  'Maria',
  'Lopez',
  '1984-03-15',
  'F',
  '219-45-6789',
  '(617) 555-0134',
  'maria.lopez@example.com',
  '42 Maple Street Apt 3B',
  'Springfield',
  'IL',
  '62704',
  'ABC123456789',
];
/** Columns masked in the 1- and 6-column cases: ssn; then mrn, names, ssn, phone, email. */
const ONE = [6];
const SIX = [1, 2, 3, 6, 7, 8];

const ctx: CellMaskContext = { detector: createDetector(), methodFor: methodResolver() };
const redactPlan = planMaskedColumn(25, -1, 'OTHER_ID', 'redact');
const TOKEN = Buffer.from('[OTHER_ID]');
const codecFn: CellTransform = () => TOKEN;
const redactFn: CellTransform = (cell) => maskCell(cell, 0, redactPlan, ctx);

const columnsFor = (masked: readonly number[], fn: CellTransform) =>
  PATIENT.map((_, i) => (masked.includes(i) ? fn : undefined));

function timeNs(iterations: number, fn: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}
function measure(rounds: number, iterations: number, fn: () => void): { value: number; median: number } {
  timeNs(iterations, fn);
  const r: number[] = [];
  for (let k = 0; k < rounds; k++) r.push(timeNs(iterations, fn));
  r.sort((a, b) => a - b);
  return { value: r[0] ?? 0, median: r[Math.floor(r.length / 2)] ?? 0 };
}

function binaryTuple(cells: readonly string[]): Buffer {
  const parts = [Buffer.from([0, cells.length])];
  for (const c of cells) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(Buffer.byteLength(c));
    parts.push(len, Buffer.from(c));
  }
  return Buffer.concat(parts);
}
const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

export function benchWire(options: { rounds?: number; iterations?: number } = {}): BenchRow[] {
  const rounds = options.rounds ?? 25;
  const iterations = options.iterations ?? 50_000;
  const rows: BenchRow[] = [];
  const row = dataRow(PATIENT);
  for (const [label, masked] of [
    ['0', []],
    ['1', ONE],
    ['6', SIX],
  ] as const) {
    for (const [kind, fn] of [
      ['codec', codecFn],
      ['redact', redactFn],
    ] as const) {
      if (label === '0' && kind === 'redact') continue;
      const cols = columnsFor(masked, fn);
      rows.push({
        name: `DataRow, 14 columns, ${label} masked (${kind})`,
        ...measure(rounds, iterations, () => mapDataRow(row, cols)),
        unit: 'ns/row',
      });
    }
  }
  const text = copyData(`${PATIENT.join('\t')}\n`);
  const csv = copyData(`${PATIENT.map((v, i) => (i === 9 ? `"${v}"` : v)).join(',')}\n`);
  const binary = copyData(binaryTuple(PATIENT));
  for (const [format, frame] of [
    ['text', text],
    ['csv', csv],
    ['binary', binary],
  ] as const) {
    for (const [label, masked] of [
      ['0', []],
      ['1', ONE],
      ['6', SIX],
    ] as const) {
      const m = createCopyMasker({ format, columns: columnsFor(masked, codecFn) });
      if (format === 'binary') m.copyData(copyData(BINARY_HEADER));
      rows.push({
        name: `COPY ${format} row, 14 columns, ${label} masked (codec)`,
        ...measure(rounds, iterations, () => m.copyData(frame)),
        unit: 'ns/row',
      });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`${'case'.padEnd(52)} ${'fastest'.padStart(8)} ${'median'.padStart(8)}`);
  for (const r of benchWire()) {
    console.log(
      `${r.name.padEnd(52)} ${r.value.toFixed(0).padStart(8)} ${r.median.toFixed(0).padStart(8)} ${r.unit}`,
    );
  }
}
