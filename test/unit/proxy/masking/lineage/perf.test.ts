/**
 * Cost of one analysis of a typical agent query (≈ 230 characters, a join, an aggregate, a
 * function, GROUP BY / ORDER BY) against the catalog of the EHR database: with parsing (text
 * in) and from an already parsed node (as the gateway has it from its parse cache), and for a
 * query through a view (its definition is parsed once per catalog).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeOutputLineage, analyzeStatementLineage } from '../../../../../proxy/masking/lineage/index.js';
import type { AstObject } from '../../../../../proxy/sql/ast.js';
import { parseSql } from '../../../../../proxy/sql/parser.js';
import { classify, type LineageDb, openLineageDb } from './ehr-fixture.js';
import { DEFAULT_PATH } from './shape-harness.js';

let db: LineageDb;

beforeAll(async () => {
  db = await openLineageDb('lineage_perf');
});

afterAll(async () => {
  await db?.client.end();
});

const TYPICAL =
  'select p.patient_id, upper(p.first_name) as fn, p.last_name, count(e.encounter_id) as visits, ' +
  'max(e.admitted_at) as last_visit from patients p join encounters e on e.patient_id = p.patient_id ' +
  'where p.zip like $1 group by 1, 2, 3 order by 4 desc limit 20';
const VIEW =
  'select display_name, c.phone from patient_names n join patient_contacts c using (patient_id) where n.patient_id = $1';

/** Best of three timed rounds after a warm-up (the machine is shared; the minimum is the cost). */
function microseconds(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < 1000; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return best;
}

it('analyzes a typical 200-character query (cost printed for reading; speed is judged by npm run bench, not here)', () => {
  const ctx = { catalog: db.catalog, classify, searchPath: DEFAULT_PATH };
  const node = parseSql(TYPICAL).stmts?.[0]?.stmt as AstObject;
  const withParse = microseconds(() => analyzeOutputLineage(TYPICAL, ctx), 1000);
  const parseOnly = microseconds(() => parseSql(TYPICAL), 1000);
  const fromNode = microseconds(() => analyzeStatementLineage(node, ctx), 1000);
  const viaViews = microseconds(() => analyzeOutputLineage(VIEW, ctx), 1000);
  console.log(
    `lineage µs/statement (${TYPICAL.length} chars): text ${withParse.toFixed(1)} = parse ${parseOnly.toFixed(1)} + analysis ${fromNode.toFixed(1)}; through two views ${viaViews.toFixed(1)}`,
  );
  expect(analyzeOutputLineage(TYPICAL, ctx).columns.map((c) => c.mask)).toEqual([
    false,
    true,
    true,
    false,
    true,
  ]);
});
