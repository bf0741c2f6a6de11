/**
 * Whatever the analysis cannot resolve is masked when the statement may touch PHI: unknown
 * relations and columns (a catalog older than the schema), views nested too deeply or without
 * a definition, results of unknown shape, unparsable text, a failing catalog. Nothing from the
 * statement text appears in what comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogRelation, LineageCatalog } from '../../../../../proxy/masking/lineage/index.js';
import { analyzeOutputLineage, loadLineageCatalog } from '../../../../../proxy/masking/lineage/index.js';
import { classify, type LineageDb, openLineageDb } from './ehr-fixture.js';
import { analyze, DEFAULT_PATH } from './shape-harness.js';

let db: LineageDb;

beforeAll(async () => {
  db = await openLineageDb('lineage_fail');
});

afterAll(async () => {
  await db?.client.end();
});

const withCatalog = (catalog: LineageCatalog, sql: string) =>
  analyzeOutputLineage(sql, { catalog, classify, searchPath: DEFAULT_PATH });

describe('unknown relations and columns', () => {
  it('a relation the catalog does not know: unknown shape, every column masked', () => {
    const l = analyze(db, 'select * from created_later');
    expect(l).toMatchObject({
      shape: 'unknown',
      touchesPhi: true,
      fallback: { mask: true, entity: 'OTHER_ID' },
    });
    expect(l.unknownLineage).toEqual([{ kind: 'unknown-relation', name: 'created_later' }]);
    const named = analyze(db, 'select a, b from created_later x');
    expect(named.columns.map((c) => [c.kind, c.mask, c.entity])).toEqual([
      ['unknown', true, 'OTHER_ID'],
      ['unknown', true, 'OTHER_ID'],
    ]);
  });

  it('a column added after the catalog was loaded is masked until the catalog is refreshed', async () => {
    await db.client.query('alter table public.departments add column head_ssn text');
    try {
      const stale = analyze(db, 'select code, head_ssn from departments');
      expect(stale.columns.map((c) => [c.name, c.mask])).toEqual([
        ['code', false],
        ['head_ssn', true],
      ]);
      const fresh = await loadLineageCatalog(db.client);
      expect(withCatalog(fresh, 'select code, head_ssn from departments').columns.map((c) => c.kind)).toEqual(
        ['column', 'column'],
      );
    } finally {
      await db.client.query('alter table public.departments drop column head_ssn');
    }
  });

  it('unknown lineage in a statement touching no PHI is not masked', () => {
    const l = analyze(db, `select * from json_populate_record(null::departments, '{}')`);
    expect(l).toMatchObject({ shape: 'unknown', touchesPhi: false, fallback: { mask: false } });
  });

  it('an unknown shape over PHI masks every column by the fallback', () => {
    const l = analyze(db, 'select * from patients p, json_populate_record(null::patients, row_to_json(p))');
    expect(l.shape).toBe('unknown');
    expect(l.fallback).toMatchObject({ mask: true, entity: 'OTHER_ID' });
  });
});

describe('views', () => {
  it('views nested deeper than the limit are masked (the server reads them fine)', async () => {
    const ddl = ['create view public.nest_0 as select ssn, sex from public.patients'];
    for (let i = 1; i <= 20; i++)
      ddl.push(`create view public.nest_${i} as select * from public.nest_${i - 1}`);
    await db.client.query(ddl.join(';\n'));
    const catalog = await loadLineageCatalog(db.client);
    const shallow = withCatalog(catalog, 'select * from nest_10');
    expect(shallow.columns.map((c) => [c.kind, c.entity])).toEqual([
      ['column', 'SSN'],
      ['column', undefined],
    ]);
    const deep = withCatalog(catalog, 'select * from nest_20');
    expect(deep.columns.map((c) => [c.kind, c.mask, c.entity])).toEqual([
      ['unknown', true, 'OTHER_ID'],
      ['unknown', true, 'OTHER_ID'],
    ]);
    expect(deep.unknownLineage.map((r) => r.kind)).toContain('view-too-deep');
    expect((await db.client.query('select * from nest_20')).fields.length).toBe(2);
  });

  it('a view whose definition the catalog lacks is masked', () => {
    const stripped: LineageCatalog = {
      relation: (n, p) => {
        const r = db.catalog.relation(n, p);
        return r?.kind === 'view' ? ({ ...r, viewQuery: undefined } as CatalogRelation) : r;
      },
      func: (n, p) => db.catalog.func(n, p),
    };
    const l = withCatalog(stripped, 'select patient_id, sex from adult_patients');
    expect(l.columns.map((c) => c.mask)).toEqual([true, true]);
    expect(l.unknownLineage).toEqual([{ kind: 'view-unreadable', name: 'adult_patients' }]);
  });
});

describe('text that cannot be analyzed', () => {
  it.each([
    ["selec ssn from patients where ssn = '123-45-6789'", 'unparsable'],
    ["select 1; select ssn from patients where ssn = '123-45-6789'", 'not-one-statement'],
    ['', 'unparsable'],
  ])('%s', (sql, kind) => {
    const l = analyze(db, sql);
    expect(l.unknownLineage).toEqual([{ kind }]);
    expect(l).toMatchObject({ shape: 'unknown', touchesPhi: true, fallback: { mask: true } });
    expect(JSON.stringify(l)).not.toContain('123-45-6789');
  });

  it('a failing catalog gives a fail-closed result, not its error', () => {
    const broken: LineageCatalog = {
      relation: () => {
        throw new Error('connection lost while reading 123-45-6789');
      },
      func: () => undefined,
    };
    const l = withCatalog(broken, 'select ssn from patients');
    expect(l.unknownLineage).toEqual([{ kind: 'analysis-failed' }]);
    expect(l.fallback.mask).toBe(true);
    expect(JSON.stringify(l)).not.toContain('123-45-6789');
  });

  it('expressions nested beyond the limit are masked', () => {
    let expr = 'ssn';
    for (let i = 0; i < 220; i++) expr = `coalesce(${expr}, 'x')`;
    const l = analyze(db, `select ${expr} as deep, sex from patients`);
    expect(l.columns.map((c) => [c.name, c.kind, c.mask])).toEqual([
      ['deep', 'unknown', true],
      ['sex', 'column', false],
    ]);
    expect(l.unknownLineage).toEqual([{ kind: 'unsupported', node: 'nesting too deep' }]);
  });
});
