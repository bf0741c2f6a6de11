/**
 * Decides, for one result set, how each column is masked: from where the column came from.
 * Two sources of truth are combined and the stronger wins:
 *   - RowDescription's table OID / attribute number, resolved through the catalog (a stored
 *     column delivered unchanged: its classification, with its configured method);
 *   - the statement's output lineage from the parse tree (expressions, casts, aggregates,
 *     views, whole rows...), by position; when the shapes disagree, the lineage's fallback
 *     (the union of everything the statement reads) applies to the column (fail closed).
 */
import { COLUMN_CLASS_EXTRA, type ColumnEntity } from '../../../core/config/masking.js';
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';
import { PHI_ENTITY } from '../../../core/phi/entities.js';
import type { MaskDecision, StatementLineage } from '../lineage/index.js';
import type { MethodFor } from '../methods/safe-harbor.js';
import { type MaskedColumnPlan, planMaskedColumn } from '../values/plan-masked-column.js';
import type { CatalogGeneration } from './resource-catalog.js';

/** One RowDescription field, as the wire codec reads it. */
export interface ResultField {
  readonly name: string;
  readonly tableOid: number;
  readonly attnum: number;
  readonly typeOid: number;
  readonly typeSize: number;
  readonly typmod: number;
  readonly format: number;
}

export type MaskSource = 'catalog' | 'lineage' | 'fallback' | 'unclassified-text';

export interface ColumnMask {
  readonly index: number;
  readonly name: string;
  readonly entity: ColumnEntity;
  readonly method: MaskMethod | undefined;
  readonly plan: MaskedColumnPlan;
  readonly source: MaskSource;
}

export interface ResultPlan {
  readonly fields: readonly ResultField[];
  readonly masks: readonly (ColumnMask | undefined)[];
  /** Type changes RowDescription must announce (columns reported as text). */
  readonly changes: ReadonlyMap<number, { typeOid: number; typeSize: number; typmod: number }>;
}

interface Want {
  entity: ColumnEntity;
  method: MaskMethod | undefined;
  source: MaskSource;
}

const TEXTUAL = new Set([25, 1043, 1042, 19, 114, 3802, 1009, 1015, 705]);

function fromDecision(d: MaskDecision, source: MaskSource): Want | undefined {
  if (d.mask) return { entity: d.entity ?? PHI_ENTITY.otherId, method: d.method, source };
  if (d.detect) return { entity: COLUMN_CLASS_EXTRA.freeText, method: d.method, source };
  return undefined;
}

/** Masking an entity beats detecting free text, which beats nothing. */
function stronger(a: Want | undefined, b: Want | undefined): Want | undefined {
  if (!a) return b;
  if (!b) return a;
  const aMask = a.entity !== COLUMN_CLASS_EXTRA.freeText;
  const bMask = b.entity !== COLUMN_CLASS_EXTRA.freeText;
  if (aMask !== bMask) return aMask ? a : b;
  // Two different entities for one value: the catalog's (a stored column as delivered) first.
  return a.source === 'catalog' ? a : b;
}

export function planResult(
  fields: readonly ResultField[],
  lineage: StatementLineage | undefined,
  catalog: CatalogGeneration,
  methodFor: MethodFor,
): ResultPlan {
  const masks: (ColumnMask | undefined)[] = [];
  const changes = new Map<number, { typeOid: number; typeSize: number; typmod: number }>();
  const shapeKnown =
    lineage !== undefined && lineage.shape === 'known' && lineage.columns.length === fields.length;
  const touchesPhi = lineage === undefined || lineage.touchesPhi;
  fields.forEach((f, i) => {
    let fromCatalog: Want | undefined;
    let unknownOrigin = false;
    if (f.tableOid !== 0 && f.attnum > 0) {
      const rel = catalog.byOid.get(f.tableOid);
      const col = rel?.columns.find((c) => c.attnum === f.attnum);
      if (rel && col) {
        const c = catalog.classify(rel.schema, rel.name, col.name, col.typeOid);
        if (c) fromCatalog = { entity: c.entity, method: c.method, source: 'catalog' };
      } else unknownOrigin = true;
    }
    let fromLineage: Want | undefined;
    if (lineage === undefined || unknownOrigin) {
      // No analysis (or a relation newer than our snapshot): mask as the unknown it is.
      fromLineage = { entity: PHI_ENTITY.otherId, method: 'redact', source: 'fallback' };
    } else if (shapeKnown) {
      const lc = lineage.columns[i]!;
      const disagrees =
        lc.origin !== undefined &&
        (lc.origin.tableOid !== f.tableOid || lc.origin.attnum !== f.attnum) &&
        f.tableOid !== 0;
      fromLineage = disagrees ? fromDecision(lineage.fallback, 'fallback') : fromDecision(lc, 'lineage');
    } else {
      fromLineage = fromDecision(lineage.fallback, 'fallback');
    }
    let want = stronger(fromCatalog, fromLineage);
    // Unclassified text in a result that reads PHI: the value detectors look at it.
    if (!want && touchesPhi && TEXTUAL.has(f.typeOid))
      want = { entity: COLUMN_CLASS_EXTRA.freeText, method: undefined, source: 'unclassified-text' };
    if (!want) {
      masks.push(undefined);
      return;
    }
    const method =
      want.entity === COLUMN_CLASS_EXTRA.freeText
        ? want.method
        : (want.method ?? methodFor(want.entity as PhiEntity));
    const plan = planMaskedColumn(f.typeOid, f.typmod, want.entity, method, f.typeSize);
    if (!plan.keepsType)
      changes.set(i, {
        typeOid: plan.outputTypeOid,
        typeSize: plan.outputTypeSize,
        typmod: plan.outputTypmod,
      });
    masks.push({ index: i, name: f.name, entity: want.entity, method, plan, source: want.source });
  });
  return { fields, masks, changes };
}

/** Result formats of an Execute from its Bind: none = all text, one = all, else per column. */
export function formatsFor(resultFormats: readonly number[], columns: number): number[] {
  if (resultFormats.length === 0) return new Array(columns).fill(0);
  if (resultFormats.length === 1) return new Array(columns).fill(resultFormats[0]);
  return Array.from({ length: columns }, (_, i) => resultFormats[i] ?? 0);
}
