/**
 * A masking engine over the demo `patients` table for in-process tests and benchmarks, built
 * from the production parts: the catalog generation from ResourceCatalog's own builder over an
 * in-memory snapshot, the classifier, detectors and methods from a masking config, the engine
 * core and the wire adapter; and the table's rows as DataRow frames packed into socket-sized
 * chunks.
 */
import { DemoRecords } from '../../../../../cli/demo-data/records/demo-records.js';
import { type MaskingConfig, maskingSchema } from '../../../../../core/config/masking.js';
import { createColumnClassifier } from '../../../../../proxy/masking/classify/index.js';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { createEngineCore } from '../../../../../proxy/masking/engine/engine-core.js';
import { ResourceCatalog } from '../../../../../proxy/masking/engine/resource-catalog.js';
import { wireMasking } from '../../../../../proxy/masking/engine/wire-adapter.js';
import type { CatalogSnapshot } from '../../../../../proxy/masking/lineage/index.js';
import { methodResolver, pseudonymKeyFrom } from '../../../../../proxy/masking/methods/index.js';
import { binaryCell, PATIENT_COLUMNS, patientCells } from './patients-frames.js';

export const TABLE_OID = 16_400;
const CHUNK = 64 * 1024;

/** Every entity of the table pseudonymized (dates stay generalized), with a dev key. */
export const PSEUDONYMIZE_ALL = {
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

export function engineFor(input: Record<string, unknown>) {
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
export function chunks(rows: number, format: 0 | 1): { buf: Buffer; frames: number[] }[] {
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
  for (const p of new DemoRecords().patients(rows)) {
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
