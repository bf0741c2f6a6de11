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
import { DemoRecords } from '../../../../../cli/demo-data/records/demo-records.js';
import { type MaskingConfig, maskingSchema } from '../../../../../core/config/masking.js';
import { createColumnClassifier } from '../../../../../proxy/masking/classify/index.js';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { createEngineCore } from '../../../../../proxy/masking/engine/engine-core.js';
import { ResourceCatalog } from '../../../../../proxy/masking/engine/resource-catalog.js';
import { StatementMasker } from '../../../../../proxy/masking/engine/statement-masker.js';
import { wireMasking } from '../../../../../proxy/masking/engine/wire-adapter.js';
import type { CatalogSnapshot } from '../../../../../proxy/masking/lineage/index.js';
import { methodResolver, pseudonymKeyFrom } from '../../../../../proxy/masking/methods/index.js';
import type { MaskingRun } from '../../../../../proxy/pipeline/ports.js';
import { loadSqlParser } from '../../../../../proxy/sql/parser.js';
import { binaryCell, PATIENT_COLUMNS, patientCells, rowDescription } from './patients-frames.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const CHUNK = 64 * 1024;
/** `ROW_BENCH_ONLY=defaults, text` runs the scenarios whose label contains it. */
const ONLY = process.env.ROW_BENCH_ONLY;
const TABLE_OID = 16_400;

const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as never;

const snapshot: CatalogSnapshot = {
  currentUser: 'postgres',
  relations: [
    {
      oid: TABLE_OID,
      schema: 'public',
      name: 'patients',
      kind: 'table',
      columns: PATIENT_COLUMNS.map((c, i) => ({ name: c.name, attnum: i + 1, typeOid: c.typeOid })),
    },
  ],
  functions: [],
};

function engineFor(input: Record<string, unknown>) {
  const config = maskingSchema.parse(input) as MaskingConfig;
  const resource = new ResourceCatalog(
    { name: 'bench' } as never,
    {} as never,
    createColumnClassifier(config),
    silent,
  );
  // The production builder (private) over the in-memory snapshot, installed as the current one.
  const gen = (resource as unknown as { build(s: CatalogSnapshot, g: number): unknown }).build(snapshot, 1);
  (resource as unknown as { current: unknown }).current = gen;
  const detector = createDetector(config.detectors as never);
  const methodFor = methodResolver(config.methods as never);
  const pseudonymKey = input.pseudonymKey
    ? pseudonymKeyFrom('bench-pseudonym-key-0123456789abcdef')
    : undefined;
  const core = createEngineCore({
    config,
    catalogs: new Map([['bench', resource]]),
    detector,
    methodFor,
    maskContext: { ...(pseudonymKey ? { pseudonymKey } : {}), dateGranularity: config.dateGranularity },
    logger: silent,
    ...wireMasking({ detector, methodFor, pseudonymKey, dateGranularity: config.dateGranularity }),
  });
  return { core, gen: core.catalog('bench')! };
}

/** DataRow frames packed into socket-sized chunks, with each frame's [start, end). */
function chunks(format: 0 | 1): { buf: Buffer; frames: number[] }[] {
  const out: { buf: Buffer; frames: number[] }[] = [];
  let parts: Buffer[] = [];
  let frames: number[] = [];
  let size = 0;
  const flush = () => {
    out.push({ buf: Buffer.concat(parts), frames });
    parts = [];
    frames = [];
    size = 0;
  };
  for (const p of new DemoRecords().patients(ROWS)) {
    const cells = patientCells(p).map((v, i) =>
      v === null ? null : format === 0 ? Buffer.from(v, 'utf8') : binaryCell(v, PATIENT_COLUMNS[i]!.typeOid),
    );
    let len = 6;
    for (const c of cells) len += 4 + (c?.length ?? 0);
    const f = Buffer.allocUnsafe(len + 1);
    f[0] = 0x44;
    f.writeInt32BE(len, 1);
    f.writeInt16BE(cells.length, 5);
    let at = 7;
    for (const c of cells) {
      f.writeInt32BE(c === null ? -1 : c.length, at);
      at += 4;
      if (c) at += c.copy(f, at);
    }
    if (size + f.length > CHUNK) flush();
    frames.push(size, size + f.length);
    parts.push(f);
    size += f.length;
  }
  flush();
  return out;
}

function run(name: string, input: Record<string, unknown>, format: 0 | 1): void {
  const { core, gen } = engineFor(input);
  const text = 'select * from patients';
  const data = chunks(format);
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
const pseudo = {
  pseudonymKey: { source: 'literal', value: 'bench-pseudonym-key-0123456789abcdef' },
  methods: Object.fromEntries(
    [
      'PERSON_NAME',
      'SSN',
      'MRN',
      'PHONE',
      'EMAIL',
      'STREET_ADDRESS',
      'CITY',
      'STATE',
      'HEALTH_PLAN_ID',
      'ZIP',
    ].map((e) => [e, 'pseudonymize']),
  ),
};
for (const [name, input] of [
  ['safe-harbor defaults', {}],
  ['pseudonymize', pseudo],
] as const) {
  for (const format of [0, 1] as const) {
    const label = `${name}, ${format === 0 ? 'text' : 'binary'}`;
    if (!ONLY || label.includes(ONLY)) run(label, input, format);
  }
}
