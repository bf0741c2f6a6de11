/**
 * The statement masker's compiled row path (range-based DataRow codec, constant, keyed and
 * memoized cell ops) against the generic path it replaces (mapDataRow with maskCell per masked
 * cell), on demo `patients` rows arriving packed in chunks: the same bytes for every row and the
 * same counts in the statement's summary, with the Safe Harbor defaults and with pseudonyms, in
 * text and binary format.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PhiEntity } from '../../../../../core/phi/entities.js';
import type { ResultPlan } from '../../../../../proxy/masking/engine/column-plan.js';
import { StatementMasker } from '../../../../../proxy/masking/engine/statement-masker.js';
import { type CellMaskContext, maskCell } from '../../../../../proxy/masking/values/index.js';
import { mapDataRow } from '../../../../../proxy/masking/wire/index.js';
import { loadSqlParser } from '../../../../../proxy/sql/parser.js';
import { chunks, engineFor, PSEUDONYMIZE_ALL, TABLE_OID } from './patients-engine.js';
import { rowDescription } from './patients-frames.js';

const ROWS = 3000;
const TEXT = 'select * from patients';

beforeAll(async () => {
  await loadSqlParser();
});

describe('StatementMasker rows', () => {
  for (const [name, input] of [
    ['safe-harbor defaults', {}],
    ['pseudonymize', PSEUDONYMIZE_ALL],
    [
      'month granularity, partial',
      { dateGranularity: 'month', methods: { SSN: 'partial', PHONE: 'partial' } },
    ],
  ] as const) {
    for (const format of [0, 1] as const) {
      it(`${name}, ${format === 0 ? 'text' : 'binary'}: same bytes and counts as maskCell per cell`, () => {
        const { core, gen } = engineFor(input);
        const lineage = core.analyze('bench', TEXT, ['$user', 'public'], {});
        const masker = new StatementMasker(core, gen, lineage, TEXT, undefined, undefined);
        masker.rowDescription(rowDescription(TABLE_OID, format));
        const plan = (masker as unknown as { plan: ResultPlan }).plan;
        const detections: Record<string, number> = {};
        const ctx: CellMaskContext = {
          ...core.cellContext,
          onDetections: (c: Partial<Record<PhiEntity, number>>) => {
            for (const [e, n] of Object.entries(c)) detections[e] = (detections[e] ?? 0) + (n ?? 0);
          },
        };
        const counts = new Map<number, number>();
        const generic = plan.masks.map((m) =>
          m === undefined
            ? undefined
            : (cell: Buffer) => {
                counts.set(m.index, (counts.get(m.index) ?? 0) + 1);
                return maskCell(cell, format, m.plan, ctx);
              },
        );
        for (const { buf, frames } of chunks(ROWS, format)) {
          for (let i = 0; i < frames.length; i += 2) {
            const [s, e] = [frames[i]!, frames[i + 1]!];
            const expected = mapDataRow(Buffer.from(buf.subarray(s, e)), generic);
            const got = masker.dataRow(buf, s, e) ?? buf.subarray(s, e);
            if (!got.equals(expected)) expect(got.toString('latin1')).toBe(expected.toString('latin1'));
          }
        }
        const summary = masker.summary();
        for (const m of plan.masks) {
          if (m === undefined || m.entity === 'FREE_TEXT') continue;
          expect([m.name, summary.masked.find((x) => x.column === m.name)?.count]).toEqual([
            m.name,
            counts.get(m.index) ?? 0,
          ]);
        }
        expect(summary.detections).toEqual(detections);
      });
    }
  }
});
