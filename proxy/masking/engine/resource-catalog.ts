/**
 * The upstream catalog of one resource, as masking needs it: relations and columns for output
 * lineage, relation OID → columns for RowDescription's table OID / attribute number, and the
 * PHI classification of every stored column (config rules, then the name dictionary), from
 * which the policy's "PHI tables" follow.
 *
 * Loaded at start-up over a connection of its own with the credentials phigate holds, and
 * reloaded (single-flight, rate-limited) after DDL or when a statement names something the
 * snapshot does not know. Until a snapshot exists, masking refuses (fail closed).
 */
import pg from 'pg';
import { COLUMN_CLASS_EXTRA } from '../../../core/config/masking.js';
import type { ResourceConfig } from '../../../core/config/schema.js';
import type { Logger } from '../../../core/logger.js';
import type { UpstreamTarget } from '../../pg/upstream/connect.js';
import { qualifiedName } from '../../sql/identifiers.js';
import type { ColumnClassifier, ColumnDecision } from '../classify/column-classifier.js';
import {
  type CatalogRelation,
  type CatalogSnapshot,
  type ColumnClass,
  createLineageCatalog,
  type LineageCatalog,
  loadCatalogSnapshot,
} from '../lineage/index.js';

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);
/** Relations that hold rows of their own (views are traced through their definitions). */
const STORED = new Set(['table', 'partitioned', 'matview', 'foreign']);

export interface CatalogGeneration {
  readonly generation: number;
  readonly lineage: LineageCatalog;
  readonly byOid: ReadonlyMap<number, CatalogRelation>;
  /** PHI class of a stored column (memoized), in the shape output lineage asks for. */
  readonly classify: ColumnClass;
  /** The classifier's full decision for a stored column (for records and `phigate classify`). */
  decision(schema: string, table: string, column: string, typeOid: number): ColumnDecision;
  /** Canonical `schema.table` names with at least one PHI or free-text column. */
  readonly phiTables: ReadonlySet<string>;
  readonly loadedAt: number;
}

export class ResourceCatalog {
  private current: CatalogGeneration | undefined;
  private loading: Promise<CatalogGeneration> | undefined;
  private lastAttempt = 0;
  private lastError: string | undefined;

  constructor(
    private readonly resource: ResourceConfig,
    private readonly target: UpstreamTarget,
    private readonly classifier: ColumnClassifier,
    private readonly logger: Logger,
    private readonly minReloadMs = 250,
  ) {}

  get snapshot(): CatalogGeneration | undefined {
    return this.current;
  }

  health(): { ok: boolean; reason?: string } {
    if (this.current) return { ok: true };
    return { ok: false, reason: this.lastError ?? 'catalog not loaded yet' };
  }

  /** Loads now (or joins a load in flight). Rejects when the upstream cannot be read. */
  load(): Promise<CatalogGeneration> {
    if (this.loading) return this.loading;
    this.lastAttempt = Date.now();
    this.loading = this.fetch().then(
      (g) => {
        this.current = g;
        this.lastError = undefined;
        this.loading = undefined;
        return g;
      },
      (e: unknown) => {
        this.loading = undefined;
        this.lastError = 'the upstream catalog could not be read';
        this.logger.error(
          {
            event: 'masking.catalog_failed',
            resource: this.resource.name,
            err: e instanceof Error ? e.message : 'unknown',
          },
          'catalog load failed',
        );
        throw e;
      },
    );
    return this.loading;
  }

  /**
   * Reloads and resolves with the newest snapshot available. Loads are single-flight and at
   * least `minReloadMs` apart: a caller arriving sooner waits for the next one rather than
   * being served a snapshot older than its question.
   */
  async refresh(): Promise<CatalogGeneration | undefined> {
    if (this.loading) return this.loading.catch(() => this.current);
    const wait = this.lastAttempt + this.minReloadMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // `load` joins a load another caller started while this one waited.
    return this.load().catch(() => this.current);
  }

  private async fetch(): Promise<CatalogGeneration> {
    const t = this.target;
    const client = new pg.Client({
      host: t.host,
      port: t.port,
      database: t.database,
      user: t.user,
      password: await t.password(),
      ssl:
        t.tls.mode === 'disable'
          ? false
          : { rejectUnauthorized: t.tls.mode === 'verify-full', ...(t.tls.ca ? { ca: t.tls.ca } : {}) },
      connectionTimeoutMillis: t.connectTimeoutMs,
      application_name: 'phigate-catalog',
    });
    await client.connect();
    try {
      const snapshot = await loadCatalogSnapshot(client);
      return this.build(snapshot, (this.current?.generation ?? 0) + 1);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private build(snapshot: CatalogSnapshot, generation: number): CatalogGeneration {
    const resource = this.resource.name;
    const decisions = new Map<string, ColumnDecision>();
    const decision = (schema: string, table: string, column: string, _typeOid: number): ColumnDecision => {
      const key = `${schema}\u0000${table}\u0000${column}`;
      let d = decisions.get(key);
      if (!d) {
        d = SYSTEM_SCHEMAS.has(schema)
          ? { kind: 'clear', source: 'unclassified', rule: 'system-schema', reason: 'system catalog' }
          : this.classifier.classify({ resource, schema, table, column });
        decisions.set(key, d);
      }
      return d;
    };
    const classify: ColumnClass = (schema, table, column, typeOid) => {
      const d = decision(schema, table, column, typeOid);
      if (d.kind === 'mask') return { entity: d.entity, method: d.method };
      if (d.kind === 'detect') return { entity: COLUMN_CLASS_EXTRA.freeText, method: d.method };
      return undefined;
    };
    const byOid = new Map<number, CatalogRelation>();
    const phiTables = new Set<string>();
    for (const r of snapshot.relations) {
      byOid.set(r.oid, r);
      if (!STORED.has(r.kind) || SYSTEM_SCHEMAS.has(r.schema)) continue;
      if (r.columns.some((c) => classify(r.schema, r.name, c.name, c.typeOid) !== undefined)) {
        phiTables.add(qualifiedName(r.schema, r.name));
      }
    }
    this.logger.info(
      {
        event: 'masking.catalog_loaded',
        resource,
        generation,
        relations: snapshot.relations.length,
        phiTables: phiTables.size,
      },
      'catalog loaded',
    );
    return {
      generation,
      lineage: createLineageCatalog(snapshot),
      byOid,
      classify,
      decision,
      phiTables,
      loadedAt: Date.now(),
    };
  }
}
