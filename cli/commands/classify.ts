/**
 * `phigate classify`: for operators writing masking rules. Reads the upstream catalog of one
 * resource and prints, for every column of its stored tables, the proposed PHI class, the
 * masking method and why (an explicit rule of the config, the column-name dictionary of the
 * HIPAA Safe Harbor identifiers, or the value detectors over sampled values, with their hit
 * ratio), as `masking.rules` to review and paste into the config. Sampled values are read
 * into memory, run through the detectors and dropped: never printed, logged or returned.
 *
 * Without --config it classifies the database of `phigate dev` (`<data-dir>/dev/upstream.url`)
 * with the default masking settings; with --config, the resource's upstream with the
 * credentials phigate holds and the config's masking section.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Document, isMap, isSeq } from 'yaml';
import { loadConfigFile } from '../../core/config/load.js';
import {
  COLUMN_CLASS_EXTRA,
  type ColumnEntity,
  type ColumnRuleConfig,
  type MaskingConfig,
  maskingSchema,
} from '../../core/config/masking.js';
import { isPhigateError } from '../../core/errors.js';
import type { MaskMethod, PhiEntity } from '../../core/phi/entities.js';
import {
  classifyByValues,
  type ValueClassification,
} from '../../proxy/masking/classify/classify-by-values.js';
import { classifyColumnName } from '../../proxy/masking/classify/classify-column-name.js';
import {
  type ColumnDecision,
  createColumnClassifier,
} from '../../proxy/masking/classify/column-classifier.js';
import { createDetector, type Detector } from '../../proxy/masking/detectors/index.js';
import { type CatalogRelation, loadCatalogSnapshot } from '../../proxy/masking/lineage/index.js';
import { methodResolver } from '../../proxy/masking/methods/safe-harbor.js';
import { qualifiedName, quoteIdent } from '../../proxy/sql/identifiers.js';
import { createUpstreamCredentials } from '../../proxy/upstream/credentials.js';

export const CLASSIFY_USAGE = `usage: phigate classify [--resource NAME] [--config FILE | --data-dir DIR] [--sample N]
                        [--schema NAME[,NAME]] [--format yaml|json]

Prints the proposed PHI classification of every column of the resource's stored tables
(tables, partitioned and foreign tables, materialized views; views are traced through their
definitions) as masking.rules to review and paste into the config. Per column: the entity,
the method and why: an explicit rule of the config (kept as it is), the column-name
dictionary of the HIPAA Safe Harbor identifiers, or the value detectors over sampled values
(with the share of sampled values they matched). Sampled values are never printed.

  --resource NAME   resource to classify (default: the first in --config, or the dev database)
  --config FILE     phigate YAML config: the resource's upstream, credentials and masking section
  --data-dir DIR    the \`phigate dev\` state directory (default .phigate; reads dev/upstream.url)
  --sample N        sample up to N rows per table and run the detectors over its text columns
                    (0 = names only; default: masking.valueSampling, off unless enabled)
  --schema LIST     only these schemas (comma-separated)
  --format F        yaml (default: config with the reasons as comments) or json
`;

export interface ClassifyIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: ClassifyIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

const SYSTEM_SCHEMA = /^(?:pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$/;
/** Relations that hold rows of their own. */
const STORED = new Set(['table', 'partitioned', 'matview', 'foreign']);
/** A rule's column pattern is `schema.table.column`, each part without dots or spaces. */
const RULE_PART = /^[^.\s]+$/;
const MAX_SAMPLE = 10_000;
/** Sampling reads at most this long per table (a proposal never waits on a huge scan). */
const SAMPLE_TIMEOUT_MS = 30_000;

// ------------------------------------------------------------------------------------------
// What is proposed for one column

export interface SampleResult {
  /** Non-empty values looked at. */
  readonly sampled: number;
  /** The entity (or FREE_TEXT) most sampled values matched, if any did. */
  readonly entity?: ColumnEntity;
  /** Share of the non-empty sampled values that matched `entity` (0..1). */
  readonly share?: number;
  /** Whether `share` reaches the configured minimum share. */
  readonly proposes: boolean;
}

export interface ColumnProposal {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** PostgreSQL type (format_type). */
  readonly type: string;
  /** A PHI entity, FREE_TEXT (detectors), or NONE (not PHI). */
  readonly entity: ColumnEntity | typeof COLUMN_CLASS_EXTRA.none;
  /** The method for a PHI entity; a rule's method for FREE_TEXT; absent otherwise. */
  readonly method?: MaskMethod;
  /** `rule` (the config's), `column-name` (dictionary), `sample` (detectors), or `none`. */
  readonly source: 'rule' | 'free-text-columns' | 'column-name' | 'sample' | 'none';
  readonly confidence?: number;
  readonly why: string;
  readonly sample?: SampleResult;
  /** What the gateway does with the column under the current config. */
  readonly current: {
    readonly kind: ColumnDecision['kind'];
    readonly entity?: string;
    readonly rule: string;
  };
  /** True when the proposal differs from what the gateway does today. */
  readonly changes: boolean;
  /** Set when the name cannot be written as a rule's `schema.table.column` (a dot or a space in it). */
  readonly unrepresentable?: boolean;
}

export interface TableProposal {
  readonly schema: string;
  readonly table: string;
  readonly kind: string;
  readonly columns: readonly ColumnProposal[];
}

export interface ClassifyResult {
  readonly resource: string;
  /** `host:port/database` classified (never credentials). */
  readonly upstream: string;
  /** Rows sampled per table (0: names only). */
  readonly sampleSize: number;
  readonly minShare: number;
  readonly tables: readonly TableProposal[];
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

function sampleText(s: SampleResult, minShare: number): string {
  if (s.sampled === 0) return 'no values to sample';
  const head = `sampled ${s.sampled} value${s.sampled === 1 ? '' : 's'}`;
  if (s.entity === undefined) return `${head}: no detector match`;
  const what = s.entity === COLUMN_CLASS_EXTRA.freeText ? 'long text with PHI' : s.entity;
  return s.proposes
    ? `${head}: ${what} in ${pct(s.share ?? 0)}`
    : `${head}: best ${what} in ${pct(s.share ?? 0)} (below ${pct(minShare)})`;
}

/** The detectors' verdict on sampled values, without keeping any value. */
export function sampleVerdict(
  values: readonly string[],
  minShare: number,
  detector: Detector,
): SampleResult | undefined {
  const sampled = values.filter((v) => v.trim() !== '').length;
  if (sampled === 0) return { sampled: 0, proposes: false };
  const v: ValueClassification | undefined = classifyByValues(values, { minShare, detector });
  if (v) return { sampled: v.sampled, entity: v.entity, share: v.share, proposes: true };
  // Below the threshold: report the best share so a reviewer sees a partly-PHI column.
  const best = classifyByValues(values, { minShare: Number.MIN_VALUE, detector });
  return best
    ? { sampled: best.sampled, entity: best.entity, share: best.share, proposes: false }
    : { sampled, proposes: false };
}

interface ColumnInput {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly type: string;
  readonly sample?: SampleResult | undefined;
}

/**
 * The proposal for one column. The config's explicit rules and free-text columns stand (an
 * operator decided them). Otherwise the name dictionary (with the column's type) proposes an
 * entity; sampled values propose one when the name does not, or turn a free-text name into a
 * structured entity when whole values are identifiers (masking the whole cell is stricter).
 */
export function proposeColumn(
  input: ColumnInput,
  masking: MaskingConfig,
  current: ColumnDecision,
): ColumnProposal {
  const { schema, table, column, type, sample } = input;
  const methodFor = methodResolver(masking.methods);
  const sampleNote = sample ? `; ${sampleText(sample, masking.valueSampling.minShare)}` : '';
  const now = {
    kind: current.kind,
    ...(current.kind === 'mask' ? { entity: current.entity } : {}),
    ...(current.kind === 'detect' ? { entity: COLUMN_CLASS_EXTRA.freeText } : {}),
    rule: current.rule,
  };
  const base = {
    schema,
    table,
    column,
    type,
    current: now,
    ...(sample ? { sample } : {}),
    ...(!RULE_PART.test(schema) || !RULE_PART.test(table) || !RULE_PART.test(column)
      ? { unrepresentable: true }
      : {}),
  };
  const finish = (p: Omit<ColumnProposal, keyof typeof base | 'changes'>): ColumnProposal => {
    const nowEntity = now.entity ?? COLUMN_CLASS_EXTRA.none;
    const nowMethod =
      current.kind === 'mask' ? current.method : current.kind === 'detect' ? current.method : undefined;
    const changes =
      nowEntity !== p.entity || (p.entity !== COLUMN_CLASS_EXTRA.none && nowMethod !== p.method);
    return { ...base, ...p, changes };
  };

  if (current.source === 'rule' || current.source === 'free-text-columns') {
    const why = `${current.rule} (${current.reason})${sampleNote}`;
    if (current.kind === 'mask')
      return finish({ entity: current.entity, method: current.method, source: 'rule', confidence: 1, why });
    if (current.kind === 'detect')
      return finish({
        entity: COLUMN_CLASS_EXTRA.freeText,
        ...(current.method ? { method: current.method } : {}),
        source: current.source,
        confidence: 1,
        why,
      });
    return finish({ entity: COLUMN_CLASS_EXTRA.none, source: 'rule', confidence: 1, why });
  }

  const byName = classifyColumnName(schema, table, column, type);
  const sampled = sample?.proposes ? sample.entity : undefined;
  const sampledEntity =
    sampled && sampled !== COLUMN_CLASS_EXTRA.freeText ? (sampled as PhiEntity) : undefined;
  const nameWhy = byName ? `${byName.reason} (confidence ${byName.confidence})` : '';

  if (byName && byName.entity !== COLUMN_CLASS_EXTRA.freeText) {
    const entity = byName.entity as PhiEntity;
    const other =
      sampledEntity && sampledEntity !== entity ? ' (review: values look like another entity)' : '';
    return finish({
      entity,
      method: methodFor(entity),
      source: 'column-name',
      confidence: byName.confidence,
      why: `${nameWhy}${sampleNote}${other}`,
    });
  }
  if (sampledEntity) {
    return finish({
      entity: sampledEntity,
      method: methodFor(sampledEntity),
      source: 'sample',
      confidence: sample?.share ?? 0,
      why: `${byName ? `${nameWhy}; ` : ''}${sampleText(sample!, masking.valueSampling.minShare)}`,
    });
  }
  if (byName) {
    return finish({
      entity: COLUMN_CLASS_EXTRA.freeText,
      source: 'column-name',
      confidence: byName.confidence,
      why: `${nameWhy}${sampleNote}`,
    });
  }
  if (sampled === COLUMN_CLASS_EXTRA.freeText) {
    return finish({
      entity: COLUMN_CLASS_EXTRA.freeText,
      source: 'sample',
      confidence: sample?.share ?? 0,
      why: sampleText(sample!, masking.valueSampling.minShare),
    });
  }
  return finish({
    entity: COLUMN_CLASS_EXTRA.none,
    source: 'none',
    why: `no rule or dictionary match${sampleNote}`,
  });
}

// ------------------------------------------------------------------------------------------
// Reading the upstream

interface Setup {
  readonly resource: string;
  readonly masking: MaskingConfig;
  readonly upstream: string;
  connect(): Promise<pg.Client>;
}

function devSetup(dataDir: string | undefined, requested: string | undefined): Setup {
  const file = join(resolve(dataDir ?? '.phigate'), 'dev', 'upstream.url');
  if (!existsSync(file))
    throw new UsageError(`no ${file}: start \`phigate dev\` once, or pass --config (or --data-dir)`);
  const url = readFileSync(file, 'utf8').trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${file} does not hold a postgres:// URL`);
  }
  const database = decodeURIComponent(parsed.pathname.slice(1)) || 'postgres';
  if (requested !== undefined && requested !== database)
    throw new UsageError(`phigate dev serves one resource, "${database}" (use --config for others)`);
  return {
    resource: database,
    masking: maskingSchema.parse({}),
    upstream: `${parsed.hostname}:${parsed.port || 5432}/${database}`,
    connect: async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'phigate-classify' });
      await client.connect();
      return client;
    },
  };
}

function configSetup(file: string, requested: string | undefined): Setup {
  const config = loadConfigFile(file);
  const name = requested ?? config.resources[0]?.name;
  const resource = config.resources.find((r) => r.name === name);
  if (!resource) throw new UsageError(`no resource "${name}" in ${file}`);
  const up = resource.upstream;
  return {
    resource: resource.name,
    masking: config.masking as MaskingConfig,
    upstream: `${up.host}:${up.port}/${up.database}`,
    connect: async () => {
      const creds = createUpstreamCredentials(up.auth, { resource: resource.name });
      const client = new pg.Client({
        host: up.host,
        port: up.port,
        database: up.database,
        user: creds.user,
        password: await creds.password(),
        ssl:
          up.tls.mode === 'disable'
            ? false
            : {
                rejectUnauthorized: up.tls.mode === 'verify-full',
                ...(up.tls.caFile ? { ca: readFileSync(up.tls.caFile, 'utf8') } : {}),
              },
        connectionTimeoutMillis: up.connectTimeoutMs,
        application_name: 'phigate-classify',
      });
      await client.connect();
      return client;
    },
  };
}

interface TypeInfo {
  readonly name: string;
  /** pg_type.typcategory: S string, U user-defined (json, jsonb), D date/time, N numeric... */
  readonly category: string;
}

async function typeInfo(client: pg.Client, oids: readonly number[]): Promise<Map<number, TypeInfo>> {
  const r = await client.query<{ oid: number; name: string; category: string }>(
    `select t.oid::int as oid, pg_catalog.format_type(t.oid, null) as name, t.typcategory::text as category
       from pg_catalog.pg_type t where t.oid = any($1::oid[])`,
    [oids],
  );
  return new Map(r.rows.map((row) => [row.oid, { name: row.name, category: row.category }]));
}

/** Text-like columns whose values the detectors can read: strings, json and jsonb. */
const sampleable = (t: TypeInfo | undefined) =>
  t !== undefined && (t.category === 'S' || t.name === 'json' || t.name === 'jsonb');

/**
 * Up to `size` rows of a table, the given columns as text, in a read-only transaction with a
 * time limit. Large tables are read through TABLESAMPLE SYSTEM (a share of pages) so the
 * sample is spread over the table without a full scan.
 */
async function sampleTable(
  client: pg.Client,
  rel: CatalogRelation,
  columns: readonly string[],
  size: number,
): Promise<Map<string, string[]>> {
  const est = await client.query<{ n: number }>(
    'select c.reltuples::float8 as n from pg_catalog.pg_class c where c.oid = $1',
    [rel.oid],
  );
  const rows = Number(est.rows[0]?.n ?? -1);
  const sampling =
    rel.kind !== 'foreign' && rows > size * 20
      ? ` tablesample system (${Math.min(100, (100 * size * 20) / rows).toFixed(4)})`
      : '';
  const list = columns.map((c) => `${quoteIdent(c)}::text`).join(', ');
  await client.query('begin isolation level repeatable read read only');
  try {
    await client.query(`set local statement_timeout = ${SAMPLE_TIMEOUT_MS}`);
    const r = await client.query({
      text: `select ${list} from ${qualifiedName(rel.schema, rel.name)}${sampling} limit ${size}`,
      rowMode: 'array',
    });
    await client.query('commit');
    const out = new Map<string, string[]>(columns.map((c) => [c, []]));
    for (const row of r.rows as (string | null)[][]) {
      columns.forEach((c, i) => {
        const v = row[i];
        if (v !== null && v !== undefined) out.get(c)!.push(v);
      });
    }
    return out;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

export interface ClassifyOptions {
  readonly resource: string;
  readonly masking: MaskingConfig;
  readonly upstream: string;
  /** Rows sampled per table (0: names only). */
  readonly sampleSize: number;
  readonly schemas?: readonly string[] | undefined;
  /** Called when a table cannot be sampled (its name and the reason, never values). */
  readonly warn?: (message: string) => void;
}

/** Classifies every column of the stored tables the client sees. */
export async function classifyResource(client: pg.Client, o: ClassifyOptions): Promise<ClassifyResult> {
  const snapshot = await loadCatalogSnapshot(client);
  const relations = snapshot.relations
    .filter((r) => STORED.has(r.kind) && !SYSTEM_SCHEMA.test(r.schema))
    .filter((r) => !o.schemas || o.schemas.includes(r.schema))
    .sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
  const types = await typeInfo(client, [
    ...new Set(relations.flatMap((r) => r.columns.map((c) => c.typeOid))),
  ]);
  const classifier = createColumnClassifier(o.masking);
  const detector = o.sampleSize > 0 ? createDetector(o.masking.detectors as never) : undefined;
  const minShare = o.masking.valueSampling.minShare;
  const tables: TableProposal[] = [];
  for (const rel of relations) {
    let samples: Map<string, string[]> | undefined;
    if (detector) {
      const textColumns = rel.columns.filter((c) => sampleable(types.get(c.typeOid))).map((c) => c.name);
      if (textColumns.length > 0) {
        try {
          samples = await sampleTable(client, rel, textColumns, o.sampleSize);
        } catch (error) {
          const reason = (error as { code?: string }).code
            ? `SQLSTATE ${(error as { code: string }).code}`
            : 'read failed';
          o.warn?.(`${qualifiedName(rel.schema, rel.name)}: not sampled (${reason}); names only`);
        }
      }
    }
    const columns = rel.columns.map((c) => {
      const type = types.get(c.typeOid)?.name ?? `oid ${c.typeOid}`;
      const values = samples?.get(c.name);
      const sample = values && detector ? sampleVerdict(values, minShare, detector) : undefined;
      // What the gateway decides today: its catalog classifies without the column type.
      const current = classifier.classify({
        resource: o.resource,
        schema: rel.schema,
        table: rel.name,
        column: c.name,
      });
      return proposeColumn(
        { schema: rel.schema, table: rel.name, column: c.name, type, sample },
        o.masking,
        current,
      );
    });
    tables.push({ schema: rel.schema, table: rel.name, kind: rel.kind, columns });
  }
  return { resource: o.resource, upstream: o.upstream, sampleSize: o.sampleSize, minShare, tables };
}

// ------------------------------------------------------------------------------------------
// Output

/** The `masking.rules` entry for a proposal; undefined for a column that is simply not PHI. */
export function ruleOf(p: ColumnProposal, resource: string): ColumnRuleConfig | undefined {
  if (p.unrepresentable) return undefined;
  if (p.entity === COLUMN_CLASS_EXTRA.none && p.source !== 'rule') return undefined;
  return {
    resource,
    column: `${p.schema}.${p.table}.${p.column}`,
    entity: p.entity,
    ...(p.method ? { method: p.method } : {}),
  };
}

/** The proposed `masking` section: the rules only (everything else keeps the config's values). */
export function proposedMasking(result: ClassifyResult): { rules: ColumnRuleConfig[] } {
  return {
    rules: result.tables.flatMap((t) =>
      t.columns.flatMap((c) => {
        const r = ruleOf(c, result.resource);
        return r ? [r] : [];
      }),
    ),
  };
}

function counts(result: ClassifyResult) {
  const all = result.tables.flatMap((t) => t.columns);
  const phi = all.filter(
    (c) => c.entity !== COLUMN_CLASS_EXTRA.none && c.entity !== COLUMN_CLASS_EXTRA.freeText,
  );
  const free = all.filter((c) => c.entity === COLUMN_CLASS_EXTRA.freeText);
  return {
    columns: all.length,
    phi: phi.length,
    freeText: free.length,
    none: all.length - phi.length - free.length,
    changes: all.filter((c) => c.changes).length,
    unrepresentable: all.filter((c) => c.unrepresentable),
  };
}

function columnLine(c: ColumnProposal): string {
  const what =
    c.entity === COLUMN_CLASS_EXTRA.none
      ? 'not PHI'
      : `${c.entity}${c.method ? `, ${c.method}` : c.entity === COLUMN_CLASS_EXTRA.freeText ? ', detectors' : ''}`;
  const now = c.changes
    ? c.current.kind === 'clear'
      ? ' [not masked today]'
      : ` [today: ${c.current.entity ?? 'not PHI'} by ${c.current.rule}]`
    : '';
  return `${c.column} (${c.type}): ${what} - ${c.why}${now}`;
}

export function renderYaml(result: ClassifyResult): string {
  const n = counts(result);
  const masking = proposedMasking(result);
  const doc = new Document({ masking });
  const header = [
    ` phigate classify: proposed PHI classification of resource "${result.resource}" (${result.upstream})`,
    ` ${result.tables.length} table${result.tables.length === 1 ? '' : 's'}, ${n.columns} columns: ${n.phi} PHI, ${n.freeText} free text, ${n.none} not PHI; ${n.changes} differ from what the gateway does today.`,
    result.sampleSize > 0
      ? ` Sampled up to ${result.sampleSize} rows per table; the detectors propose an entity at ${pct(result.minShare)} of the sampled values.`
      : ' Names only (no values sampled; --sample N to run the detectors over sampled values).',
    ' Review each rule, then paste them into masking.rules (first match wins; rules of the config',
    ' that match these columns are repeated). Methods follow masking.methods, else Safe Harbor.',
    ' Sampled values are never printed.',
  ];
  for (const c of n.unrepresentable)
    header.push(
      ` ${qualifiedName(c.schema, c.table)}.${quoteIdent(c.column)}: a dot or space in the name cannot be written as a rule; classify it by hand`,
    );
  doc.commentBefore = header.join('\n');
  const seq = doc.getIn(['masking', 'rules']);
  const items = isSeq(seq) ? seq.items : [];
  let next = 0;
  const tableNotes: string[] = [];
  for (const t of result.tables) {
    const lines = [` ${qualifiedName(t.schema, t.table)} (${t.kind})`];
    const ruled = t.columns.filter((c) => ruleOf(c, result.resource));
    for (const c of t.columns) if (!ruleOf(c, result.resource)) lines.push(`   ${columnLine(c)}`);
    if (ruled.length === 0) {
      tableNotes.push(...lines);
      continue;
    }
    ruled.forEach((c, i) => {
      const item = items[next++];
      if (!isMap(item)) return;
      item.flow = true;
      item.commentBefore = [...(i === 0 ? lines : []), ` ${columnLine(c)}`].join('\n');
    });
  }
  if (tableNotes.length) doc.comment = [' Tables with no PHI column:', ...tableNotes].join('\n');
  return doc.toString({ lineWidth: 0 });
}

export function renderJson(result: ClassifyResult): string {
  const n = counts(result);
  return `${JSON.stringify(
    {
      resource: result.resource,
      upstream: result.upstream,
      sampleSize: result.sampleSize,
      minShare: result.minShare,
      summary: { columns: n.columns, phi: n.phi, freeText: n.freeText, none: n.none, changes: n.changes },
      tables: result.tables.map((t) => ({
        table: qualifiedName(t.schema, t.table),
        schema: t.schema,
        name: t.table,
        kind: t.kind,
        columns: t.columns.map((c) => ({
          column: c.column,
          type: c.type,
          entity: c.entity,
          method: c.method ?? null,
          source: c.source,
          confidence: c.confidence ?? null,
          why: c.why,
          sample: c.sample ?? null,
          current: c.current,
          changes: c.changes,
          ...(c.unrepresentable ? { unrepresentable: true } : {}),
        })),
      })),
      masking: proposedMasking(result),
    },
    null,
    2,
  )}\n`;
}

// ------------------------------------------------------------------------------------------
// The command

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      resource: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      sample: { type: 'string' },
      schema: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help' as const;
  if (values.config !== undefined && values['data-dir'] !== undefined)
    throw new UsageError('give --config or --data-dir, not both');
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError('--format must be yaml or json');
  let sample: number | undefined;
  if (values.sample !== undefined) {
    if (!/^\d+$/.test(values.sample) || Number(values.sample) > MAX_SAMPLE)
      throw new UsageError(`--sample must be an integer from 0 to ${MAX_SAMPLE}`);
    sample = Number(values.sample);
  }
  const schemas = values.schema
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { ...values, format, sample, schemas } as const;
}

export async function classifyCommand(argv: string[], io: ClassifyIo = processIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`phigate classify: ${(error as Error).message}\n\n${CLASSIFY_USAGE}`);
    return EXIT.usage;
  }
  if (args === 'help') {
    io.stdout(CLASSIFY_USAGE);
    return EXIT.ok;
  }
  let setup: Setup;
  try {
    setup =
      args.config !== undefined
        ? configSetup(args.config, args.resource)
        : devSetup(args['data-dir'], args.resource);
  } catch (error) {
    const usage = error instanceof UsageError;
    io.stderr(`phigate classify: ${(error as Error).message}\n${usage ? `\n${CLASSIFY_USAGE}` : ''}`);
    return usage ? EXIT.usage : EXIT.failed;
  }
  const sampleSize =
    args.sample ?? (setup.masking.valueSampling.enabled ? setup.masking.valueSampling.sampleSize : 0);
  let client: pg.Client | undefined;
  try {
    client = await setup.connect();
    const result = await classifyResource(client, {
      resource: setup.resource,
      masking: setup.masking,
      upstream: setup.upstream,
      sampleSize,
      schemas: args.schemas,
      warn: (m) => io.stderr(`phigate classify: ${m}\n`),
    });
    io.stdout(args.format === 'json' ? renderJson(result) : renderYaml(result));
    return EXIT.ok;
  } catch (error) {
    // Driver and config errors name hosts, tables and variables, never values or passwords.
    const message = isPhigateError(error) || error instanceof Error ? error.message : 'failed';
    io.stderr(`phigate classify: ${message}\n`);
    return EXIT.failed;
  } finally {
    await client?.end().catch(() => undefined);
  }
}
