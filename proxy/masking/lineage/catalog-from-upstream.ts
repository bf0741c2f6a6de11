/**
 * Loads a LineageCatalog from the upstream database: relations and their columns (pg_class,
 * pg_attribute, generation expressions), view definitions (pg_get_viewdef with search_path =
 * pg_catalog, so every other name is qualified), function result shapes (pg_proc), the login
 * `$user` stands for, and the schemas it may use. One read-only repeatable-read transaction on
 * one connection (a pg.Client or a checked-out pool client), so the snapshot is consistent.
 */
import type {
  CatalogColumn,
  CatalogRelation,
  FunctionResult,
  LineageCatalog,
  RelationKind,
} from './catalog-types.js';
import { type CatalogSnapshot, createLineageCatalog, type FunctionEntry } from './memory-catalog.js';

export interface CatalogClient {
  // biome-ignore lint/suspicious/noExplicitAny: the shape node-postgres and pool clients share
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

type Row = Readonly<Record<string, unknown>>;

const RELATIONS = `
select c.oid, n.nspname as schema, c.relname as name, c.relkind::text as relkind,
       case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end as view_query
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'v', 'm', 'f', 'p', 'S', 'c')`;

const COLUMNS = `
select a.attrelid as relid, a.attname as name, a.attnum, a.atttypid as type_oid,
       a.attgenerated::text as generated,
       case when a.attgenerated <> '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end as generation
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'v', 'm', 'f', 'p', 'S', 'c')
 order by a.attrelid, a.attnum`;

const FUNCTIONS = `
select n.nspname as schema, p.proname as name, t.typname as rettype, t.typtype::text as typtype,
       t.typrelid as typrelid, p.proargnames as argnames, p.proargmodes::text[] as argmodes
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  join pg_catalog.pg_type t on t.oid = p.prorettype`;

const SESSION = `
select current_user as login,
       array(select nspname from pg_catalog.pg_namespace where pg_catalog.has_schema_privilege(oid, 'USAGE'))::text[] as usable`;

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  v: 'view',
  m: 'matview',
  f: 'foreign',
  p: 'partitioned',
};

/** Return types whose columns depend on the call (polymorphic) or on a column definition list. */
const SHAPELESS = new Set(['record', 'anyelement', 'anynonarray', 'anycompatible', 'anycompatiblenonarray']);

export async function loadLineageCatalog(client: CatalogClient): Promise<LineageCatalog> {
  return createLineageCatalog(await loadCatalogSnapshot(client));
}

export async function loadCatalogSnapshot(client: CatalogClient): Promise<CatalogSnapshot> {
  await client.query('begin isolation level repeatable read read only');
  try {
    await client.query('set local search_path = pg_catalog');
    const rels = (await client.query(RELATIONS)).rows;
    const cols = (await client.query(COLUMNS)).rows;
    const funcs = (await client.query(FUNCTIONS)).rows;
    const session = (await client.query(SESSION)).rows[0] ?? {};
    await client.query('commit');
    return snapshotOf(rels, cols, funcs, session);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw new Error('the lineage catalog could not be loaded from upstream', { cause: error });
  }
}

function snapshotOf(rels: Row[], cols: Row[], funcs: Row[], session: Row): CatalogSnapshot {
  const columnsOf = new Map<number, CatalogColumn[]>();
  for (const c of cols) {
    const relid = Number(c.relid);
    const list = columnsOf.get(relid) ?? [];
    const generated = c.generated === 's' ? 'stored' : c.generated === 'v' ? 'virtual' : undefined;
    list.push({
      name: String(c.name),
      attnum: Number(c.attnum),
      typeOid: Number(c.type_oid),
      ...(generated
        ? { generated, generation: typeof c.generation === 'string' ? c.generation : undefined }
        : {}),
    });
    columnsOf.set(relid, list);
  }
  const relations: CatalogRelation[] = rels.map((r) => ({
    oid: Number(r.oid),
    schema: String(r.schema),
    name: String(r.name),
    kind: KINDS[String(r.relkind)] ?? 'other',
    columns: columnsOf.get(Number(r.oid)) ?? [],
    ...(r.view_query ? { viewQuery: String(r.view_query) } : {}),
  }));
  const functions: FunctionEntry[] = funcs.map((f) => ({
    schema: String(f.schema),
    name: String(f.name),
    result: resultOf(f, columnsOf),
  }));
  return {
    currentUser: String(session.login ?? ''),
    usableSchemas: Array.isArray(session.usable) ? session.usable.map(String) : undefined,
    relations,
    functions,
  };
}

function resultOf(f: Row, columnsOf: ReadonlyMap<number, CatalogColumn[]>): FunctionResult {
  const modes: string[] = Array.isArray(f.argmodes) ? f.argmodes.map(String) : [];
  const names: string[] = Array.isArray(f.argnames) ? f.argnames.map(String) : [];
  const out = modes.flatMap((m, i) => (m === 'o' || m === 'b' || m === 't' ? [names[i] ?? ''] : []));
  if (out.length > 0)
    return out.every((n) => n !== '') ? { type: 'columns', names: out } : { type: 'unknown' };
  if (SHAPELESS.has(String(f.rettype))) return { type: 'unknown' };
  if (f.typtype === 'c') {
    const columns = columnsOf.get(Number(f.typrelid));
    return columns ? { type: 'columns', names: columns.map((c) => c.name) } : { type: 'unknown' };
  }
  return { type: 'scalar' };
}
