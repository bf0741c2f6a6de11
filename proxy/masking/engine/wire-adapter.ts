/**
 * Binds the engine to the byte-level codecs (proxy/masking/wire): RowDescription, DataRow,
 * COPY TO STDOUT and the fields of errors and notices, with the engine's decisions.
 */
import { COLUMN_CLASS_EXTRA, type ColumnEntity } from '../../../core/config/masking.js';
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';
import { PHI_ENTITY } from '../../../core/phi/entities.js';
import { parseSql } from '../../sql/parser.js';
import type { Detector } from '../detectors/create-detector.js';
import type { MaskDecision, StatementLineage } from '../lineage/index.js';
import type { PseudonymKey } from '../methods/mask-context.js';
import { maskFreeText } from '../methods/mask-free-text.js';
import type { MethodFor } from '../methods/safe-harbor.js';
import type { CellMaskContext } from '../values/mask-cell.js';
import { type MaskedColumnPlan, planMaskedColumn } from '../values/plan-masked-column.js';
import { OID } from '../values/type-oids.js';
import { copyOptionsFromStatement } from '../wire/copy-options.js';
import { createCopyMasker, parseCopyOutResponse } from '../wire/copy-out.js';
import { type CellTransform, maskDataRow } from '../wire/data-row.js';
import { parseRowDescription, rewriteRowDescription } from '../wire/row-description.js';
import { maskServerMessage } from '../wire/server-message.js';
import { compileCellOp } from './cell-ops.js';
import type { EngineCoreDeps } from './engine-core.js';
import { MaskingUnsupported } from './masking-errors.js';
import type { CatalogGeneration } from './resource-catalog.js';

export interface WireMaskingOptions {
  readonly detector: Detector;
  readonly methodFor: MethodFor;
  readonly pseudonymKey: PseudonymKey | undefined;
  readonly dateGranularity: 'year' | 'month';
}

function want(d: MaskDecision): { entity: ColumnEntity; method: MaskMethod | undefined } | undefined {
  if (d.mask) return { entity: d.entity ?? PHI_ENTITY.otherId, method: d.method };
  if (d.detect) return { entity: COLUMN_CLASS_EXTRA.freeText, method: d.method };
  return undefined;
}

/** Names (as PostgreSQL prints them) of the PHI columns of every relation the statement touches. */
function phiColumnNames(lineage: StatementLineage, catalog: CatalogGeneration): 'all' | ReadonlySet<string> {
  if (lineage.unknownLineage.length > 0) return 'all';
  const names = new Set<string>();
  for (const r of lineage.relations) {
    if (!r.hasPhi) continue;
    const rel = catalog.byOid.get(r.oid);
    if (!rel) return 'all';
    for (const c of rel.columns)
      if (catalog.classify(rel.schema, rel.name, c.name, c.typeOid)) names.add(c.name);
  }
  return names;
}

export function wireMasking(
  o: WireMaskingOptions,
): Pick<EngineCoreDeps, 'codecs' | 'copyMasker' | 'maskErrorFields'> {
  const ctx: CellMaskContext = {
    ...(o.pseudonymKey ? { pseudonymKey: o.pseudonymKey } : {}),
    dateGranularity: o.dateGranularity,
    detector: o.detector,
    methodFor: o.methodFor,
  };
  const freeText = (text: string) => {
    const found = o.detector.detect(text);
    return found.length === 0 ? text : maskFreeText(text, found, o.methodFor, ctx).text;
  };
  return {
    codecs: { parseRowDescription, rewriteRowDescription, maskDataRow },

    copyMasker(frame, text, lineage, catalog, count) {
      const description = parseCopyOutResponse(frame);
      const stmt = parseSql(text).stmts?.[0]?.stmt;
      const options = copyOptionsFromStatement(stmt);
      const n = description.columnFormats.length;
      const known = lineage.shape === 'known' && lineage.columns.length === n;
      const columns: (CellTransform | undefined)[] = [];
      // The same compiled cell ops as DataRows (constant, keyed and memoized masks).
      const copyCell = (
        index: number,
        entity: ColumnEntity,
        method: MaskMethod | undefined,
        plan: MaskedColumnPlan,
        format: 0 | 1,
      ): CellTransform => {
        const op = compileCellOp({ index, name: '', entity, method, plan, source: 'lineage' }, format, ctx);
        return (cell, at) => {
          count(at);
          return op.constant !== undefined ? op.constant : op.map(cell, 0, cell.length);
        };
      };
      for (let i = 0; i < n; i++) {
        const lc = known ? lineage.columns[i] : undefined;
        let w = want(lc ?? lineage.fallback);
        if (!w && lineage.touchesPhi) w = { entity: COLUMN_CLASS_EXTRA.freeText, method: undefined };
        if (!w) {
          columns.push(undefined);
          continue;
        }
        const method =
          w.entity === COLUMN_CLASS_EXTRA.freeText
            ? w.method
            : (w.method ?? o.methodFor(w.entity as PhiEntity));
        if (options.format === 'binary') {
          // Binary COPY carries no type information the client could be told about: only a
          // masked value of the column's own type is possible, and the type must be known.
          const origin = lc?.origin;
          const rel = origin ? catalog.byOid.get(origin.tableOid) : undefined;
          const col = rel?.columns.find((c) => c.attnum === origin?.attnum);
          if (!col) throw new MaskingUnsupported('binary COPY of a PHI value whose type is not known');
          const plan = planMaskedColumn(col.typeOid, -1, w.entity, method);
          if (!plan.keepsType)
            throw new MaskingUnsupported('binary COPY of a PHI column that cannot keep its type');
          columns.push(copyCell(i, w.entity, method, plan, 1));
        } else {
          // Text and CSV cells are text: every masked value is the text of its masked form.
          const plan = planMaskedColumn(OID.text, -1, w.entity, method);
          columns.push(copyCell(i, w.entity, method, plan, 0));
        }
      }
      const masker = createCopyMasker({
        format: options.format,
        text: options.text,
        csv: options.csv,
        columns,
      });
      return { copyData: (f) => masker.copyData(f), copyDone: () => masker.end() };
    },

    maskErrorFields(frame, lineage, catalog) {
      if (!lineage.touchesPhi && lineage.unknownLineage.length === 0) {
        return maskServerMessage(frame, { phiColumns: new Set(), tableHasPhi: () => false, freeText });
      }
      const phiTables = new Set(lineage.relations.filter((r) => r.hasPhi).map((r) => r.name));
      return maskServerMessage(frame, {
        phiColumns: phiColumnNames(lineage, catalog),
        tableHasPhi: (table) => table === undefined || phiTables.has(table),
        freeText,
      });
    },
  };
}
