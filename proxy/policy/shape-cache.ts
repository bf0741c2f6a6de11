/**
 * The shape cache: decisions shared by statements that differ only in their literals
 * (`… where aid = 48213` and `… where aid = 7`), so that agents and simple-protocol clients
 * that inline values do not pay a full parse per statement. Keyed like the decision cache
 * (agent, groups, resource, labels, PHI set, search_path state, upstream user) plus the
 * statement's shape (proxy/sql/shape-lexer.ts).
 *
 * Why a decision cannot depend on a replaced literal. Facts come from the parse tree; of
 * everything the engine derives, only these read a constant's value:
 *
 * | fact                                   | reads                                   | here                            |
 * | -------------------------------------- | --------------------------------------- | ------------------------------- |
 * | `limit`, scans' `limit` (limit.ts)     | the LIMIT / FETCH FIRST count (`ival`)  | numbers after `limit`, `fetch`, `offset` stay verbatim in the key |
 * | `settings` via set_config (function-call.ts) | the setting name, a string constant | the identifier `set_config` (plain or quoted, any case) makes a text not eligible |
 * | `settings` via SET / RESET, search_path effects (utility-facts.ts) | SET arguments | not eligible: only SELECT, INSERT, UPDATE, DELETE, MERGE, WITH, VALUES, TABLE start an eligible text |
 * | EXPLAIN's ANALYZE option               | its value                               | not eligible (EXPLAIN)          |
 * | COPY target (file/program/stdio)       | which clause is present, not the name   | not eligible (COPY)             |
 * | DO / CREATE FUNCTION language and body | the body string, parsed as code         | not eligible (DO, CREATE)       |
 * | EXECUTE / PREPARE (prepared facts)     | session state                           | not eligible (EXECUTE, PREPARE) |
 *
 * Everything else (table, function, CTE and cursor names, WHERE presence, INTO, data-modifying
 * CTEs, count-only blocks, kinds) comes from identifiers and keywords, which are in the key. A
 * new fact that reads a constant's value must keep its trigger out of eligible texts here (and
 * in docs/policy.md, "Caches and the shape cache"); shape-differential.test.ts is the check. Functions that run
 * SQL given as a string (`query_to_xml`, `table_to_xml`, `ts_stat`, `xpath` …) are recorded by
 * name only; the engine does not read their arguments, so the literal cannot change the
 * decision here either (it is a limit of the policy itself, written in docs/policy.md). Each
 * top-level eligible statement derives facts without session effects or session state; a
 * decision that used either (`stateful`) is never stored.
 *
 * A shape is stored only after a full parse and decision of a text that (a) the lexer found
 * eligible, (b) parsed into exactly one statement of an eligible node type, with the offsets
 * the lexer computed, and (c) whose tree agrees with the lexer (shape-agreement.ts). A hit
 * reuses facts, decision and fingerprint (libpg-query's fingerprint ignores constants; a test
 * checks it against fingerprintSync) and takes `text`, `start` and `end` from the new text.
 */
import type { ParsedBatch } from '../sql/parsed-batch.js';
import { agreesWithParse } from '../sql/shape-agreement.js';
import {
  compileShapeRules,
  lexShape,
  SHAPE_LEADING_WORDS,
  SHAPE_STATEMENT_NODES,
  type ShapeLex,
} from '../sql/shape-lexer.js';
import type { BatchDecision, Decision, StatementDecision } from './decision.js';
import type { StatementFacts } from './facts/types.js';

export const SHAPE_RULES = compileShapeRules({
  leading: SHAPE_LEADING_WORDS,
  refused: new Set(['set_config']),
  numbersVerbatimAfter: new Set(['limit', 'fetch', 'offset']),
});

/** What a shape hit reuses: everything of the statement's decision but its text and offsets. */
export interface ShapeTemplate {
  readonly fingerprint: string;
  readonly facts: StatementFacts;
  readonly decision: Decision;
}

/** The template to store for a freshly decided text, or undefined when it must not be stored. */
export function shapeTemplate(
  lex: ShapeLex,
  text: string,
  parsed: ParsedBatch,
  batch: BatchDecision,
  stateful: boolean,
): ShapeTemplate | undefined {
  if (stateful || !parsed.ok || parsed.statements.length !== 1 || batch.statements.length !== 1)
    return undefined;
  const stmt = parsed.statements[0]!;
  const decided = batch.statements[0]!;
  if (stmt.start !== lex.start || stmt.end !== lex.end) return undefined;
  if (decided.decision !== batch.decision || batch.decisive !== decided) return undefined;
  const type = Object.keys(stmt.node)[0];
  if (type === undefined || !SHAPE_STATEMENT_NODES.has(type)) return undefined;
  if (decided.facts.statementType !== type || decided.facts.opaque.length > 0) return undefined;
  const tokens = lexShape(text, SHAPE_RULES, true)?.tokens;
  if (!tokens || !agreesWithParse(tokens, text, stmt.node)) return undefined;
  return Object.freeze({
    fingerprint: decided.fingerprint,
    facts: decided.facts,
    decision: decided.decision,
  });
}

/** The decision for `text` (whose shape is `lex`) from a stored template. */
export function batchFromShape(template: ShapeTemplate, text: string, lex: ShapeLex): BatchDecision {
  const statement: StatementDecision = Object.freeze({
    text: text.slice(lex.start, lex.end),
    start: lex.start,
    end: lex.end,
    fingerprint: template.fingerprint,
    facts: template.facts,
    decision: template.decision,
  });
  return Object.freeze({
    action: template.decision.action,
    decision: template.decision,
    decisive: statement,
    statements: Object.freeze([statement]),
  });
}
