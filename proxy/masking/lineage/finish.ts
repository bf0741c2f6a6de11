/** Assembles a statement's lineage from its output columns and what the analysis found. */
import type { AnalysisState } from './analysis-state.js';
import type { RowsChannel, StatementLineage } from './lineage-types.js';
import { fallbackDecision, outputColumn } from './mask-decision.js';
import { type ColumnSet, knownSet } from './scope.js';

export function finish(
  type: string,
  rows: RowsChannel,
  set: ColumnSet,
  state: AnalysisState,
): StatementLineage {
  const touchesPhi = state.touchesPhi;
  return {
    statementType: type,
    rows,
    columns: set.columns.map((c) => outputColumn(c, touchesPhi)),
    shape: set.unknown ? 'unknown' : 'known',
    fallback: fallbackDecision(set, touchesPhi),
    touchesPhi,
    unknownLineage: [...state.unknown.values()],
    predicateUses: [...state.predicates.values()],
    phiFlows: [...state.flows],
    relations: [...state.relations.values()],
    dependsOnSession: false,
  };
}

export function noRows(type: string, state: AnalysisState): StatementLineage {
  return finish(type, 'none', knownSet([]), state);
}
