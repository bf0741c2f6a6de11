import { randomBytes } from 'node:crypto';
import PG from 'pg';
import { describe, expect, it } from 'vitest';
import { isPhigateError } from '../../../../../core/errors.js';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { methodResolver, pseudonymKeyFrom } from '../../../../../proxy/masking/methods/index.js';
import {
  type CellMaskContext,
  maskCell,
  OID,
  planMaskedColumn,
} from '../../../../../proxy/masking/values/index.js';

const ctx: CellMaskContext = {
  pseudonymKey: pseudonymKeyFrom('phigate-test-key-0123456789abcdef-0123'),
  detector: createDetector(),
  methodFor: methodResolver(),
};

/** node-postgres' own type parsers (pg-types), as the driver applies them to each result cell. */
const parse = (oid: number, format: 'text' | 'binary', cell: Buffer) =>
  format === 'text'
    ? PG.types.getTypeParser(oid, 'text')(cell.toString('utf8'))
    : (PG.types.getTypeParser(oid, 'binary') as unknown as (b: Buffer) => unknown)(cell);

describe('the pg driver parses masked cells of kept types', () => {
  it('dates and timestamps generalized to the first of the year', () => {
    const ts = planMaskedColumn(OID.timestamptz, -1, 'DATE', 'generalize');
    const bin = Buffer.alloc(8);
    bin.writeBigInt64BE(763_900_000_000_000n); // 2024-03-16 in µs since 2000-01-01
    const fromBinary = parse(OID.timestamptz, 'binary', maskCell(bin, 1, ts, ctx)!) as Date;
    expect(fromBinary.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    const fromText = parse(
      OID.timestamptz,
      'text',
      maskCell(Buffer.from('2024-03-16 10:00:00+00'), 0, ts, ctx)!,
    ) as Date;
    expect(fromText.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    const date = planMaskedColumn(OID.date, -1, 'BIRTH_DATE', 'generalize');
    expect(String(parse(OID.date, 'text', maskCell(Buffer.from('1984-03-15'), 0, date, ctx)!))).toMatch(
      /^Sun Jan 01 1984/,
    );
  });

  it('pseudonymized integers and numerics', () => {
    const int4 = planMaskedColumn(OID.int4, -1, 'ACCOUNT_NUMBER', 'pseudonymize');
    const bin = Buffer.alloc(4);
    bin.writeInt32BE(48213377);
    const n = parse(OID.int4, 'binary', maskCell(bin, 1, int4, ctx)!) as number;
    expect(String(n)).toHaveLength(8);
    expect(n).toBe(parse(OID.int4, 'text', maskCell(Buffer.from('48213377'), 0, int4, ctx)!));
    const numeric = planMaskedColumn(OID.numeric, -1, 'ACCOUNT_NUMBER', 'pseudonymize');
    const fromText = parse(OID.numeric, 'text', maskCell(Buffer.from('1234.50'), 0, numeric, ctx)!);
    expect(String(fromText)).toMatch(/^\d{4}\.\d{2}$/);
  });

  it('text cells and text arrays', () => {
    const arr = planMaskedColumn(OID.textArray, -1, 'PERSON_NAME', 'redact');
    const out = maskCell(Buffer.from('{"Maria Lopez",NULL,Smith}'), 0, arr, ctx)!;
    expect(parse(OID.textArray, 'text', out)).toEqual(['[PERSON_NAME]', null, '[PERSON_NAME]']);
  });
});

describe('random bytes never crash masking or pass through', () => {
  const plans = [
    planMaskedColumn(OID.date, -1, 'DATE', 'generalize'),
    planMaskedColumn(OID.timestamptz, -1, 'DATE', 'generalize'),
    planMaskedColumn(OID.int8, -1, 'MRN', 'pseudonymize'),
    planMaskedColumn(OID.numeric, -1, 'ACCOUNT_NUMBER', 'pseudonymize'),
    planMaskedColumn(OID.int4, -1, 'AGE', 'generalize'),
    planMaskedColumn(OID.uuid, -1, 'OTHER_ID', 'pseudonymize'),
    planMaskedColumn(OID.jsonb, -1, 'FREE_TEXT', undefined),
    planMaskedColumn(OID.textArray, -1, 'PERSON_NAME', 'partial'),
    planMaskedColumn(OID.float8, -1, 'OTHER_ID', 'redact'),
    planMaskedColumn(OID.inet, -1, 'IP_ADDRESS', 'partial'),
    planMaskedColumn(600, -1, 'OTHER_ID', 'pseudonymize'),
    planMaskedColumn(OID.text, -1, 'FREE_TEXT', undefined),
  ];
  it('either masks or fails closed with MASKING_FAILED', () => {
    let failed = 0;
    for (let i = 0; i < 3000; i++) {
      const plan = plans[i % plans.length]!;
      const cell = randomBytes(i % 23);
      for (const format of [0, 1] as const) {
        let out: Buffer | null = null;
        try {
          out = maskCell(cell, format, plan, ctx);
        } catch (error) {
          expect(isPhigateError(error) && error.code === 'MASKING_FAILED').toBe(true);
          failed++;
          continue;
        }
        // Free text without findings stays as it is; a number or date may mask to itself (age 45).
        const mayEqual =
          plan.entity === 'FREE_TEXT' ||
          plan.strategy === 'number-age' ||
          plan.strategy === 'date-generalize';
        if (out !== null && cell.length >= 4 && !mayEqual) expect(out.equals(cell)).toBe(false);
      }
    }
    expect(failed).toBeGreaterThan(0);
  });
});
