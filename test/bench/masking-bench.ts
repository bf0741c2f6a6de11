/**
 * Masking building blocks benchmark (in process): value detectors on a 600-character clinical
 * note and on short non-PHI strings (the quick-reject path every unclassified text cell of a
 * PHI-bearing result may take), and maskCell per strategy in text and binary formats.
 * `benchMasking()` returns rows for `npm run bench`; run this file directly
 * (`npx tsx test/bench/masking-bench.ts`) to print them alone. Medians of rounds on a shared,
 * noisy machine.
 */
import { pathToFileURL } from 'node:url';
import { createDetector } from '../../proxy/masking/detectors/index.js';
import { methodResolver, pseudonymKeyFrom } from '../../proxy/masking/methods/index.js';
import { type CellMaskContext, maskCell, OID, planMaskedColumn } from '../../proxy/masking/values/index.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const NOTE_SOURCE =
  'Cardiology Clinic Progress Note -- 03/14/2024. Patient: Maria Lopez (MRN12345678), DOB 03/15/1984, ' +
  'seen with her daughter Keisha for follow-up of heart failure with reduced ejection fraction. ' +
  'She reports improved exercise tolerance since starting sacubitril-valsartan; denies orthopnea, PND or ' +
  'edema. Weight 71.2 kg, BP 118/72, HR 68. Labs from 02/28/2024: Na 138, K 4.4, Cr 0.9. Echo showed EF ' +
  '35%. Continue current regimen, titrate carvedilol to 12.5 mg BID. Daughter can be reached at ' +
  '(617) 555-0134 or keisha.lopez@example.com. Address on file: 42 Maple Street Apt 3B, Springfield, IL ' +
  '62704. Attending Dr. Nathan Walters (NPI 1234567893). Return in 3 months or sooner if symptoms worsen.';
export const NOTE_600 = NOTE_SOURCE.slice(0, 600);

const SHORT_CLEAN = [
  'Cardiology',
  'active',
  'follow-up visit',
  'E11.9',
  'mg/dL',
  'Discharged home in stable condition',
];

function timeUs(iterations: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(rounds: number, iterations: number, fn: (i: number) => void): number {
  timeUs(Math.max(iterations, 2000), fn); // warm-up: JIT and regex compilation
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(timeUs(iterations, fn));
  return median(results);
}

export function benchMasking(options: { rounds?: number; iterations?: number } = {}): BenchRow[] {
  const rounds = options.rounds ?? 5;
  const iterations = options.iterations ?? 2000;
  const detector = createDetector();
  const ctx: CellMaskContext = {
    pseudonymKey: pseudonymKeyFrom('bench-pseudonym-key-0123456789abcdef'),
    detector,
    methodFor: methodResolver(),
  };
  const rows: BenchRow[] = [];
  const add = (name: string, value: number) =>
    rows.push({ name, value: Math.round(value * 100) / 100, unit: 'µs' });

  add(
    `detect: ${NOTE_600.length}-char clinical note`,
    measure(rounds, iterations / 4, () => detector.detect(NOTE_600)),
  );
  for (const s of SHORT_CLEAN) {
    add(
      `detect: short non-PHI string "${s}"`,
      measure(rounds, iterations * 10, () => detector.detect(s)),
    );
  }
  add(
    'detect: short PHI string "(617) 555-0134"',
    measure(rounds, iterations * 5, () => detector.detect('(617) 555-0134')),
  );

  const note = Buffer.from(NOTE_600);
  const freeText = planMaskedColumn(OID.text, -1, 'FREE_TEXT', undefined);
  add(
    'maskCell: free-text note (text format)',
    measure(rounds, iterations / 4, () => maskCell(note, 0, freeText, ctx)),
  );
  const redact = planMaskedColumn(OID.text, -1, 'SSN', 'redact');
  const ssn = Buffer.from('219-45-6781');
  add(
    'maskCell: redact text',
    measure(rounds, iterations * 10, () => maskCell(ssn, 0, redact, ctx)),
  );
  const pseudo = planMaskedColumn(OID.text, -1, 'MRN', 'pseudonymize');
  const mrn = Buffer.from('MRN12345678');
  add(
    'maskCell: pseudonymize text (HMAC-SHA256)',
    measure(rounds, iterations * 5, () => maskCell(mrn, 0, pseudo, ctx)),
  );
  const dob = planMaskedColumn(OID.date, -1, 'BIRTH_DATE', 'generalize');
  const dateBin = Buffer.from([0xff, 0xff, 0xf0, 0x35]);
  add(
    'maskCell: generalize date (binary)',
    measure(rounds, iterations * 5, () => maskCell(dateBin, 1, dob, ctx)),
  );
  const dateText = Buffer.from('1984-03-15');
  add(
    'maskCell: generalize date (text)',
    measure(rounds, iterations * 5, () => maskCell(dateText, 0, dob, ctx)),
  );
  const num = planMaskedColumn(OID.int4, -1, 'ACCOUNT_NUMBER', 'pseudonymize');
  const intBin = Buffer.from([0x02, 0xdf, 0xdc, 0x1c]);
  add(
    'maskCell: pseudonymize int4 (binary)',
    measure(rounds, iterations * 5, () => maskCell(intBin, 1, num, ctx)),
  );
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of benchMasking()) process.stdout.write(`| ${r.name} | ${r.value} ${r.unit} |\n`);
}
