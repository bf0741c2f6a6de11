/**
 * From lineage to a masking decision. An output carrying PHI is masked as its entity (OTHER_ID
 * when its sources hold different entities), with the source's method when the value is a
 * source value unchanged or cast, else `redact`. Unknown lineage in a statement that touches
 * PHI is masked as OTHER_ID (fail closed). Free text alone is left to the value detectors.
 */
import { MASK_METHOD, type MaskMethod, PHI_ENTITY, type PhiEntity } from '../../../core/phi/entities.js';
import { combine, type ExprLineage } from './expr-lineage.js';
import type { MaskDecision, OutputColumn } from './lineage-types.js';
import type { ColumnSet, RangeColumn } from './scope.js';

const NONE: MaskDecision = Object.freeze({ mask: false, detect: false });
const FAIL_CLOSED: MaskDecision = Object.freeze({
  mask: true,
  entity: PHI_ENTITY.otherId,
  method: MASK_METHOD.redact,
  detect: false,
});

export function decide(l: ExprLineage, touchesPhi: boolean): MaskDecision {
  const phi = l.sources.filter((s) => s.entity !== undefined);
  if (phi.length > 0) {
    const entities = new Set<PhiEntity>(phi.map((s) => s.entity!));
    const methods = new Set<MaskMethod | undefined>(phi.map((s) => s.method));
    const entity = entities.size === 1 ? phi[0]!.entity! : PHI_ENTITY.otherId;
    let method: MaskMethod | undefined = MASK_METHOD.redact;
    if (methods.size === 1 && methods.has(MASK_METHOD.null)) method = MASK_METHOD.null;
    else if (entities.size === 1 && methods.size === 1 && l.exact && l.unknown.length === 0)
      method = phi[0]!.method;
    return { mask: true, entity, method, detect: false };
  }
  if (l.unknown.length > 0 && touchesPhi) return FAIL_CLOSED;
  if (l.sources.some((s) => s.freeText === true)) return { mask: false, detect: true };
  return NONE;
}

export function outputColumn(c: RangeColumn, touchesPhi: boolean): OutputColumn {
  const l = c.lineage;
  return {
    name: c.name,
    kind: l.unknown.length > 0 ? 'unknown' : l.form,
    sources: l.sources,
    referenced: l.referenced,
    ...decide(l, touchesPhi),
    ...(l.origin ? { origin: l.origin } : {}),
    ...(l.params.length > 0 ? { params: l.params } : {}),
    ...(l.unknown.length > 0 ? { unknown: l.unknown } : {}),
    // Kept only where it differs from what the kind implies, so that a cursor's or an
    // EXECUTE's replay of this column (columnLineage) keeps the source's method for a cast.
    ...(l.exact !== (l.form === 'column' && l.unknown.length === 0) ? { exact: l.exact } : {}),
  };
}

/** For a column that cannot be placed: every output's lineage together; masked whenever the statement touches PHI. */
export function fallbackDecision(set: ColumnSet, touchesPhi: boolean): MaskDecision {
  const all = combine([...set.columns.map((c) => c.lineage), ...(set.unknown ? [set.unknown.lineage] : [])]);
  const d = decide(all, touchesPhi);
  if (d.mask || !touchesPhi) return d;
  return FAIL_CLOSED;
}

/** An output column seen again as lineage (EXECUTE substitutes its parameters' lineage). */
export function columnLineage(c: OutputColumn): ExprLineage {
  return {
    form: c.kind === 'unknown' ? 'derived' : c.kind,
    sources: c.sources,
    referenced: c.referenced,
    exact: c.exact ?? c.kind === 'column',
    origin: c.origin,
    params: c.params ?? [],
    unknown: c.unknown ?? [],
  };
}
