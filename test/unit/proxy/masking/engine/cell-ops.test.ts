/**
 * The compiled per-column cell ops (constant cells, keyed date / ZIP results, memoized
 * value-dependent masks) give byte for byte what the generic path (maskCell) gives, and report
 * the same detection counts.
 */
import { describe, expect, it } from 'vitest';
import { COLUMN_CLASS_EXTRA, type ColumnEntity } from '../../../../../core/config/masking.js';
import type { MaskMethod, PhiEntity } from '../../../../../core/phi/entities.js';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { compileCellOp } from '../../../../../proxy/masking/engine/cell-ops.js';
import type { ColumnMask } from '../../../../../proxy/masking/engine/column-plan.js';
import { methodResolver, pseudonymKeyFrom } from '../../../../../proxy/masking/methods/index.js';
import { binaryDateKey, textDateKey, zipKey } from '../../../../../proxy/masking/values/byte-keys.js';
import { encodeDate, encodeTimestamp } from '../../../../../proxy/masking/values/codecs/datetime.js';
import {
  type CellMaskContext,
  maskCell,
  OID,
  planMaskedColumn,
} from '../../../../../proxy/masking/values/index.js';

const detector = createDetector();
const methodFor = methodResolver();
const pseudonymKey = pseudonymKeyFrom('cell-ops-test-pseudonym-key-0123456789');

function column(typeOid: number, entity: ColumnEntity, method: MaskMethod | undefined): ColumnMask {
  return {
    index: 0,
    name: 'c',
    entity,
    method,
    plan: planMaskedColumn(typeOid, -1, entity, method),
    source: 'catalog',
  };
}

function ctxWith(granularity: 'year' | 'month', counts?: Record<string, number>): CellMaskContext {
  return {
    detector,
    methodFor,
    pseudonymKey,
    dateGranularity: granularity,
    ...(counts
      ? {
          onDetections: (c: Partial<Record<PhiEntity, number>>) => {
            for (const [e, n] of Object.entries(c)) counts[e] = (counts[e] ?? 0) + (n ?? 0);
          },
        }
      : {}),
  };
}

/** Runs every cell through the op (twice: first computation, then the shared result) and maskCell. */
function expectSameAsGeneric(
  m: ColumnMask,
  format: 0 | 1,
  cells: Buffer[],
  granularity: 'year' | 'month' = 'year',
) {
  const op = compileCellOp(m, format, ctxWith(granularity));
  const ctx = ctxWith(granularity);
  for (let round = 0; round < 2; round++) {
    for (const cell of cells) {
      // The cell inside a larger buffer, as it arrives in a chunk.
      const chunk = Buffer.concat([Buffer.from('xx'), cell, Buffer.from('yy')]);
      let generic: Buffer | null | string;
      try {
        generic = maskCell(cell, format, m.plan, ctx);
      } catch (e) {
        generic = `throws ${(e as Error).message}`;
      }
      let fast: Buffer | null | string;
      try {
        fast = op.constant !== undefined ? op.constant : op.map(chunk, 2, 2 + cell.length);
      } catch (e) {
        fast = `throws ${(e as Error).message}`;
      }
      expect([cell.toString('hex'), fast]).toEqual([cell.toString('hex'), generic]);
    }
  }
}

const DATES = [
  '1984-03-15',
  '1984-03-31',
  '0001-01-01',
  '0044-03-15 BC',
  '9999-12-31',
  '2000-02-29',
  'infinity',
  '-infinity',
  '12345-06-07',
  '03/15/1984',
];
const STAMPS = [
  '1984-03-15 10:30:00',
  '1984-03-15 10:30:00.123456',
  '1984-03-15T10:30:00',
  '1969-12-31 23:59:59.999999',
  '0044-03-15 10:30:00 BC',
  'infinity',
  '1984-03-15',
  '1984-03-15 ',
];
const ZONES = ['+00', '-05', '+05:30', '-03:30:15', '+0530', '+05:3', ''];

describe('compileCellOp: generalized dates', () => {
  const days: Buffer[] = [];
  for (let d = -800_000; d < 3_000_000; d += 7919)
    days.push(Buffer.from([d >>> 24, d >>> 16, d >>> 8, d].map((x) => x & 0xff)));
  for (const granularity of ['year', 'month'] as const) {
    it(`date, text and binary (${granularity})`, () => {
      const m = column(OID.date, 'BIRTH_DATE', 'generalize');
      expectSameAsGeneric(
        m,
        0,
        DATES.map((t) => Buffer.from(t)),
        granularity,
      );
      const binary = DATES.flatMap((t) => {
        try {
          return [encodeDate(t)];
        } catch {
          return [];
        }
      });
      expectSameAsGeneric(m, 1, [...binary, ...days, Buffer.from([1, 2, 3])], granularity);
    });

    it(`timestamp and timestamptz, text and binary (${granularity})`, () => {
      const ts = column(OID.timestamp, 'DATE', 'generalize');
      expectSameAsGeneric(
        ts,
        0,
        STAMPS.map((t) => Buffer.from(t)),
        granularity,
      );
      const tz = column(OID.timestamptz, 'DATE', 'generalize');
      const zoned = STAMPS.flatMap((t) => ZONES.map((z) => Buffer.from(`${t}${z}`)));
      expectSameAsGeneric(tz, 0, zoned, granularity);
      const us = [0n, -1n, 1n, -86_400_000_000n, 449_000_000_000_000n, -63_000_000_000_000_000n];
      const binary: Buffer[] = us.map((u) => {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(u);
        return b;
      });
      binary.push(encodeTimestamp('infinity', false), encodeTimestamp('1984-03-15 10:30:00', false));
      expectSameAsGeneric(ts, 1, binary, granularity);
      expectSameAsGeneric(tz, 1, binary, granularity);
    });
  }

  it('keys only the plain forms', () => {
    const key = textDateKey(OID.date, false)!;
    expect(key(Buffer.from('1984-03-15'), 0, 10)).toBe(198_400);
    expect(key(Buffer.from('1984-03-15 BC'), 0, 13)).toBe(-1);
    expect(textDateKey(OID.date, true)!(Buffer.from('1984-03-15'), 0, 10)).toBe(198_403);
    const inf = Buffer.from([0x7f, 0xff, 0xff, 0xff]);
    expect(binaryDateKey(OID.date, false)!(inf, 0, 4)).toBe(-1);
  });
});

describe('compileCellOp: dates kept as text', () => {
  const texts = [
    ...DATES,
    '1984-13-01',
    '1984-00-15',
    '1984-3-15',
    ' 1984-03-15',
    '1984/03/15',
    '1984-03-15T10:00',
    '0000-01-01',
    '9999-12-31',
  ];
  for (const granularity of ['year', 'month'] as const) {
    it(`text and varchar (${granularity})`, () => {
      for (const oid of [OID.text, OID.varchar]) {
        for (const entity of ['DATE', 'BIRTH_DATE'] as const) {
          for (const format of [0, 1] as const)
            expectSameAsGeneric(
              column(oid, entity, 'generalize'),
              format,
              texts.map((t) => Buffer.from(t)),
              granularity,
            );
        }
      }
    });
  }
});

describe('compileCellOp: generalized ZIP', () => {
  const zips = [
    '02115',
    '021151234',
    '02115-1234',
    '03601',
    '82301-0000',
    ' 02115',
    '0211',
    '211',
    'abcde',
    '０２１１５',
    '02115 ',
    '021-15',
  ];
  it('text and varchar, text and binary format', () => {
    for (const oid of [OID.text, OID.varchar]) {
      for (const format of [0, 1] as const)
        expectSameAsGeneric(
          column(oid, 'ZIP', 'generalize'),
          format,
          zips.map((z) => Buffer.from(z)),
        );
    }
    expect(zipKey(Buffer.from('02115-1234'), 0, 10)).toBe(21);
    expect(zipKey(Buffer.from(' 02115'), 0, 6)).toBe(-1);
  });
});

describe('compileCellOp: constant and memoized masks', () => {
  it('redactions are one constant per column', () => {
    const op = compileCellOp(column(OID.text, 'SSN', 'redact'), 0, ctxWith('year'));
    expect(op.constant?.toString()).toBe('[SSN]');
    expect(compileCellOp(column(OID.int4, 'SSN', 'null'), 1, ctxWith('year')).constant).toBeNull();
  });

  it('pseudonyms and partial masks of repeated and distinct values', () => {
    const repeated = Array.from({ length: 3000 }, (_, i) =>
      Buffer.from(['Ann Lee', 'Bo Wu', 'Cy Orr'][i % 3]!),
    );
    const distinct = Array.from({ length: 1500 }, (_, i) =>
      Buffer.from(`${100 + (i % 800)}-45-${String(1000 + i).padStart(4, '0')}`),
    );
    expectSameAsGeneric(column(OID.text, 'PERSON_NAME', 'pseudonymize'), 0, repeated);
    expectSameAsGeneric(column(OID.text, 'SSN', 'pseudonymize'), 0, distinct);
    expectSameAsGeneric(column(OID.text, 'SSN', 'partial'), 0, distinct);
    expectSameAsGeneric(column(OID.int8, 'MRN', 'pseudonymize'), 0, [Buffer.from('12345'), Buffer.from('x')]);
    expectSameAsGeneric(column(OID.text, 'EMAIL', 'pseudonymize'), 1, [
      Buffer.from('a@b.org'),
      Buffer.from('a@b.org'),
    ]);
  });

  it('free text: same text and the same detection counts on memoized cells', () => {
    const notes = [
      'Called Maria Lopez at (617) 555-0134.',
      'no phi here',
      'F',
      'SSN 512-44-3901, DOB 03/15/1984',
      'x'.repeat(100) + ' (617) 555-0134',
    ];
    const cells = Array.from({ length: 2500 }, (_, i) => Buffer.from(notes[i % notes.length]!));
    const m = column(OID.text, COLUMN_CLASS_EXTRA.freeText, undefined);
    expectSameAsGeneric(m, 0, cells);
    const viaOp: Record<string, number> = {};
    const viaCell: Record<string, number> = {};
    const op = compileCellOp(m, 0, ctxWith('year', viaOp));
    const ctx = ctxWith('year', viaCell);
    for (const c of cells) {
      expect(op.map(c, 0, c.length)).toEqual(maskCell(c, 0, m.plan, ctx));
    }
    expect(viaOp).toEqual(viaCell);
    expect(viaOp.PHONE).toBe(1000);
  });

  it('a failing cell fails every time (never memoized as a result)', () => {
    const m = column(OID.int4, 'MRN', 'pseudonymize');
    const op = compileCellOp(m, 0, ctxWith('year'));
    const bad = Buffer.from('abc');
    expect(() => op.map(bad, 0, 3)).toThrow();
    expect(() => op.map(bad, 0, 3)).toThrow();
  });
});
