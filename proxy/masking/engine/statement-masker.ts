/**
 * The masking run of one statement: rewrites its RowDescription, masks every DataRow and
 * COPY row as planned, masks values quoted in its errors and notices, and counts what it
 * did for the audit record (never values). Any failure to mask throws: the relay ends the
 * session rather than let a raw value through (fail closed).
 */

import { COLUMN_CLASS_EXTRA } from '../../../core/config/masking.js';
import type { PhiEntity } from '../../../core/phi/entities.js';
import type { MaskingRun, MaskingSummary } from '../../pipeline/ports.js';
import type { StatementLineage } from '../lineage/index.js';
import type { CellOp } from '../wire/data-row.js';
import { compileCellOp } from './cell-ops.js';
import { type ColumnMask, planResult, type ResultPlan } from './column-plan.js';
import type { MaskingEngineCore } from './engine-core.js';
import type { Escalation } from './inference-guard.js';
import { MaskingUnsupported } from './masking-errors.js';
import type { CatalogGeneration } from './resource-catalog.js';

const STORED = new Set(['table', 'partitioned', 'matview']);

/** Reads only stored relations and calls no user function (a view or a function could write). */
function isPureRead(lineage: StatementLineage): boolean {
  if (lineage.statementType !== 'SelectStmt' || lineage.phiFlows.length > 0) return false;
  if (lineage.unknownLineage.length > 0) return false;
  return lineage.relations.every((r) => STORED.has(r.kind));
}

export class StatementMasker implements MaskingRun {
  private plan: ResultPlan | undefined;
  private ops: (CellOp | undefined)[] = [];
  /** Whether any column of the current plan is masked (else rows pass through untouched). */
  private masking = false;
  /** Masked cells per column index (a row column's CellOp counts its own). */
  private readonly counters: { cells: number }[] = [];
  private readonly detections: Record<string, number> = {};
  private copy: { copyData(frame: Buffer): Buffer; copyDone(): void } | undefined;
  readonly pureRead: boolean;

  constructor(
    private readonly core: MaskingEngineCore,
    private readonly catalog: CatalogGeneration,
    readonly lineage: StatementLineage,
    private readonly text: string,
    preset: ResultPlan | undefined,
    readonly escalation: Escalation | undefined,
    private readonly resolvePlan?: () => ResultPlan | undefined,
  ) {
    if (preset) this.use(preset);
    this.pureRead = isPureRead(lineage);
  }

  private use(plan: ResultPlan): void {
    this.plan = plan;
    this.masking = plan.masks.some((m) => m !== undefined);
    const ctx = {
      ...this.core.cellContext,
      onDetections: (found: Partial<Record<string, number>>) => {
        for (const [entity, n] of Object.entries(found))
          this.detections[entity] = (this.detections[entity] ?? 0) + (n ?? 0);
      },
    };
    this.ops = plan.masks.map((m: ColumnMask | undefined) => {
      if (!m) return undefined;
      const format = (plan.fields[m.index]?.format ?? 0) as 0 | 1;
      const op = compileCellOp(m, format, ctx);
      this.counters[m.index] = op;
      return op;
    });
  }

  rowDescription(frame: Buffer): Buffer {
    const fields = this.core.codecs.parseRowDescription(frame);
    const plan = planResult(fields, this.lineage, this.catalog, this.core.methodFor);
    this.use(plan);
    return this.core.codecs.rewriteRowDescription(frame, plan.changes);
  }

  dataRow(buf: Buffer, start: number, end: number): Buffer | undefined {
    if (!this.plan) {
      // An Execute whose description came back after it was admitted (Describe P in the
      // same pipeline): the plan the Describe made applies. Without one, nothing says
      // which cells are safe in a statement that reads PHI.
      const late = this.resolvePlan?.();
      if (late) this.use(late);
      else if (this.lineage.touchesPhi)
        throw new MaskingUnsupported('rows whose description phigate did not see');
      else return undefined;
    }
    if (!this.masking) return undefined;
    return this.core.codecs.maskDataRow(buf, start, end, this.ops);
  }

  copyOutResponse(frame: Buffer): Buffer {
    this.copy = this.core.copyMasker(frame, this.text, this.lineage, this.catalog, (index) => {
      const c = (this.counters[index] ??= { cells: 0 });
      c.cells++;
    });
    return frame;
  }

  copyData(frame: Buffer): Buffer {
    if (!this.copy) throw new MaskingUnsupported('COPY data without a CopyOutResponse');
    return this.copy.copyData(frame);
  }

  copyDone(): void {
    this.copy?.copyDone();
  }

  errorOrNotice(frame: Buffer): Buffer {
    return this.core.maskErrorFields(frame, this.lineage, this.catalog);
  }

  summary(): MaskingSummary {
    const masks = (this.plan?.masks ?? []).filter((m): m is ColumnMask => m !== undefined);
    const entityColumns = masks.filter((m) => m.entity !== COLUMN_CLASS_EXTRA.freeText);
    const freeText = masks.filter((m) => m.entity === COLUMN_CLASS_EXTRA.freeText).map((m) => m.name);
    return {
      columns: this.plan ? this.plan.fields.map((f) => ({ name: f.name, typeOid: f.typeOid })) : [],
      masked: [
        ...entityColumns.map((m) => ({
          column: m.name,
          entity: m.entity,
          method: m.method ?? 'redact',
          count: this.counters[m.index]?.cells ?? 0,
        })),
        // What the detectors found in free-text columns, by entity (values never).
        ...Object.entries(this.detections).map(([entity, count]) => ({
          column: freeText.join(',') || '(text)',
          entity,
          method: this.core.methodFor(entity as PhiEntity),
          count,
        })),
      ],
      detections: { ...this.detections },
    };
  }
}
