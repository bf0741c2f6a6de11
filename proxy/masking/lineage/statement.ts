/**
 * One statement's lineage, by statement kind: queries and RETURNING give rows; COPY TO STDOUT
 * gives COPY data; DECLARE and PREPARE give the columns that FETCH and EXECUTE will return;
 * EXPLAIN gives plan text; SHOW a setting; other utility statements no rows.
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { copyColumns } from './copy-columns.js';
import { analyzeDml } from './dml.js';
import { CONSTANT, unknownLineage } from './expr-lineage.js';
import { finish, noRows } from './finish.js';
import type { StatementLineage } from './lineage-types.js';
import { type ColumnSet, knownSet, ROOT_SCOPE } from './scope.js';
import { analyzeSelect } from './select.js';
import { executeLineage, explainLineage, fetchLineage } from './session-statements.js';
import { unknownShape } from './target-list.js';

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export function statementLineage(node: AstObject, state: AnalysisState): StatementLineage {
  const typed = unwrapNode(node);
  if (!typed) return finish('Unknown', 'result', unknownSet(state, 'statement'), state);
  const [type, body] = typed;
  switch (type) {
    case 'SelectStmt': {
      const set = analyzeSelect(body, ROOT_SCOPE, state);
      const into = asObject(body.intoClause);
      if (into) intoFlows(asObject(into.rel), set, state);
      return finish(type, into ? 'none' : 'result', set, state);
    }
    case 'CopyStmt': {
      const toClient = body.is_from !== true && body.is_program !== true && body.filename === undefined;
      return finish(type, toClient ? 'copy' : 'none', copyColumns(body, state), state);
    }
    case 'DeclareCursorStmt':
    case 'PrepareStmt': {
      const inner = statementLineage(asObject(body.query) ?? {}, state);
      const name = asString(type === 'PrepareStmt' ? body.name : body.portalname) ?? '';
      return {
        ...inner,
        statementType: type,
        rows: 'none',
        ...(type === 'PrepareStmt' ? { prepared: name } : { cursor: name }),
      };
    }
    case 'ExecuteStmt':
      return executeLineage(body, state);
    case 'FetchStmt':
      return fetchLineage(body, state);
    case 'ExplainStmt':
      return explainLineage(body, state, statementLineage);
    case 'VariableShowStmt': {
      const name = asString(body.name) ?? '';
      if (name === 'all') return finish(type, 'result', unknownShape(CONSTANT, state, 'SHOW ALL'), state);
      return finish(type, 'result', knownSet([{ name, lineage: CONSTANT }]), state);
    }
    case 'CreateTableAsStmt': {
      const query = unwrapNode(body.query);
      const inner = query ? statementLineage({ [query[0]]: query[1] }, state) : undefined;
      if (inner) intoFlows(asObject(asObject(body.into)?.rel), knownColumns(inner), state);
      return noRows(type, state);
    }
    case 'CallStmt': {
      const call = asObject(body.funccall);
      const name = asArray(call?.funcname)
        .map((n) => asString(unwrapNode(n)?.[1].sval) ?? '')
        .join('.');
      const reason = noteUnknown(state, { kind: 'opaque-function', name });
      return finish(
        type,
        'result',
        unknownShape(unknownLineage(reason), state, 'CALL output parameters'),
        state,
      );
    }
    default:
      if (DML.has(type)) {
        const { returning } = analyzeDml(type, body, ROOT_SCOPE, state);
        return finish(type, returning ? 'result' : 'none', returning ?? knownSet([]), state);
      }
      return noRows(type, state);
  }
}

function unknownSet(state: AnalysisState, what: string): ColumnSet {
  return unknownShape(unknownLineage(noteUnknown(state, { kind: 'unsupported', node: what })), state, what);
}

function knownColumns(l: StatementLineage): ColumnSet {
  return knownSet(
    l.columns.map((c) => ({
      name: c.name,
      lineage: { ...CONSTANT, form: 'derived' as const, sources: c.sources, unknown: c.unknown ?? [] },
    })),
  );
}

/** SELECT INTO / CREATE TABLE AS: PHI copied into a new, unclassified table. */
function intoFlows(rel: AstObject | undefined, set: ColumnSet, state: AnalysisState): void {
  const schema = asString(rel?.schemaname) ?? '?';
  const table = asString(rel?.relname) ?? '?';
  for (const c of set.columns) {
    const sources = c.lineage.sources.filter((s) => s.entity !== undefined || s.freeText === true);
    if (sources.length > 0)
      state.flows.push({ target: { type: 'column', schema, table, column: c.name }, sources });
  }
}
