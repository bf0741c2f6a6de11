/**
 * The lineage shape cache (proxy/masking/engine/lineage-shape.ts) against fresh analyses: for
 * every table-driven lineage shape, each text made by exchanging its literals for others of
 * the same class either gets another shape key or exactly the lineage of a fresh analysis.
 * Output ordinals (`ORDER BY 2`, `GROUP BY 1`, `DISTINCT ON (1)`) must never share a key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LINEAGE_SHAPE_RULES,
  lineageShape,
  parseForShape,
} from '../../../../../proxy/masking/engine/lineage-shape.js';
import { lexShape, TOKEN } from '../../../../../proxy/sql/shape-lexer.js';
import { type LineageDb, openLineageDb } from './ehr-fixture.js';
import { MORE_SHAPES } from './more-shapes.js';
import { SELECT_SHAPES } from './select-shapes.js';
import { analyze } from './shape-harness.js';

let db: LineageDb;
beforeAll(async () => {
  db = await openLineageDb('lineage_shape');
});
afterAll(async () => {
  await db?.client.end();
});

/** `text` with every replaceable literal exchanged for another of its class. */
function exchanged(text: string, variant: number): string | undefined {
  const tokens = lexShape(text, LINEAGE_SHAPE_RULES, true)?.tokens;
  if (!tokens) return undefined;
  let out = '';
  let at = 0;
  for (let t = 0; t < tokens.kinds.length; t++) {
    const kind = tokens.kinds[t];
    const replacement =
      kind === TOKEN.string
        ? ["'zz'", "''", "'2021-07-04'"][variant % 3]
        : kind === TOKEN.integer
          ? ['7', '1', '2'][variant % 3]
          : kind === TOKEN.numeric
            ? ['0.5', '9999999999', '1e3'][variant % 3]
            : undefined;
    if (replacement === undefined) continue;
    out += text.slice(at, tokens.starts[t]) + replacement;
    at = tokens.ends[t]!;
  }
  return out + text.slice(at);
}

const ORDINAL_PAIRS: readonly [string, string][] = [
  ['select ssn, zip from patients order by 1', 'select ssn, zip from patients order by 2'],
  ['select zip, count(*) from patients group by 1', 'select ssn, count(*) from patients group by 1'],
  ['select distinct on (1) ssn, zip from patients', 'select distinct on (2) ssn, zip from patients'],
  [
    'select ssn, zip from patients where zip = 1 order by 2',
    'select ssn, zip from patients where zip = 1 order by 1',
  ],
  [
    'select ssn, row_number() over (partition by 1 order by 2) from patients',
    'select ssn, row_number() over (partition by 1 order by 1) from patients',
  ],
];

describe('lineage shared by texts that differ in their literals', () => {
  it('equals a fresh analysis for every literal exchange that keeps the shape', () => {
    let compared = 0;
    let storable = 0;
    for (const shape of [...SELECT_SHAPES, ...MORE_SHAPES]) {
      const sql = shape.sql;
      const key = lineageShape(sql)?.key;
      if (!key || !parseForShape(sql).storable) continue;
      storable++;
      const original = analyze(db, sql, shape.searchPath);
      for (let v = 0; v < 3; v++) {
        const other = exchanged(sql, v);
        if (!other || other === sql || lineageShape(other)?.key !== key) continue;
        expect(analyze(db, other, shape.searchPath), `${sql}\n→ ${other}`).toEqual(original);
        compared++;
      }
    }
    // Most table-driven shapes are eligible; a handful only keeps the check honest.
    expect(storable).toBeGreaterThan(60);
    expect(compared).toBeGreaterThan(60);
  });

  it('never shares a key between texts that differ in an output ordinal', () => {
    for (const [a, b] of ORDINAL_PAIRS) {
      expect(lineageShape(a), a).toBeDefined();
      expect(lineageShape(a)?.key, `${a} / ${b}`).not.toBe(lineageShape(b)?.key);
    }
  });

  it('shares a key across inlined values (pgbench-like reads)', () => {
    const a = lineageShape('SELECT abalance FROM pgbench_accounts WHERE aid = 48213;');
    const b = lineageShape('SELECT abalance FROM pgbench_accounts WHERE aid = 7;');
    expect(a?.key).toBeDefined();
    expect(a?.key).toBe(b?.key);
    expect(parseForShape("select ssn from patients where last_name = 'Smith'").storable).toBe(true);
    // Session state, utility statements and set_config are never shared.
    expect(lineageShape("select set_config('search_path', 'x', false)")).toBeUndefined();
    expect(lineageShape('execute p(1)')).toBeUndefined();
    expect(lineageShape('explain select 1')).toBeUndefined();
  });
});
