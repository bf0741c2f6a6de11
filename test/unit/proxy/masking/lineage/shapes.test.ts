/**
 * Lineage of many SQL shapes over the EHR tables, each checked against its expected masking
 * and inference facts and, where PostgreSQL can run it, against the server's RowDescription.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type LineageDb, openLineageDb } from './ehr-fixture.js';
import { MORE_SHAPES } from './more-shapes.js';
import { SELECT_SHAPES } from './select-shapes.js';
import { checkRowDescription, checkShape, type Shape } from './shape-harness.js';

let db: LineageDb;

beforeAll(async () => {
  db = await openLineageDb('lineage_shapes');
});

afterAll(async () => {
  await db?.client.end();
});

const title = (s: Shape) => s.sql.replace(/\s+/g, ' ').slice(0, 110);

describe.each([
  ['select', SELECT_SHAPES],
  ['more', MORE_SHAPES],
])('%s shapes', (_, shapes) => {
  it.each(shapes.map((s) => [title(s), s] as const))('%s', async (_t, shape) => {
    const lineage = checkShape(db, shape);
    if (shape.run !== false && lineage.shape === 'known') await checkRowDescription(db, shape, lineage);
  });
});
