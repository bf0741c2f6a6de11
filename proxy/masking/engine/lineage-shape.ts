/**
 * Lineage shared by statements that differ only in their literals (`… where aid = 48213` and
 * `… where aid = 7`): an agent or a simple-protocol client that inlines values would otherwise
 * pay a full parse and analysis per statement, even on tables without PHI.
 *
 * Why lineage cannot depend on a replaced literal. The analysis reads a constant's value in
 * one place only: an output-column ordinal (`ORDER BY 2`, `GROUP BY 1`, `DISTINCT ON (1)`),
 * which decides which output the inference guard sees. Every number after `by` or `on` stays
 * verbatim in the key (and after `limit`, `fetch`, `offset`, as for the policy), so those
 * keys differ. Elsewhere a constant counts by its kind (a constant, a comparison with a
 * constant), never its value; functions that run SQL given as a string are placed by name.
 * Session-dependent lineage (EXECUTE, FETCH) is never stored. A shape is stored only after a
 * full parse of a text that the lexer found eligible, that parsed into exactly one statement
 * of an eligible type, and whose tree agrees with the lexer token for token
 * (proxy/sql/shape-agreement.ts). shape-lineage.test.ts checks the result against a fresh
 * analysis of each text.
 */
import type { AstObject } from '../../sql/ast.js';
import { parseSql } from '../../sql/parser.js';
import { agreesWithParse } from '../../sql/shape-agreement.js';
import {
  compileShapeRules,
  lexShape,
  SHAPE_LEADING_WORDS,
  SHAPE_STATEMENT_NODES,
  type ShapeLex,
} from '../../sql/shape-lexer.js';

export const LINEAGE_SHAPE_RULES = compileShapeRules({
  leading: SHAPE_LEADING_WORDS,
  refused: new Set(['set_config']),
  numbersVerbatimAfter: new Set(['limit', 'fetch', 'offset', 'by', 'on']),
});

/** The shape key of `text`, or undefined when it is not eligible. */
export function lineageShape(text: string): ShapeLex | undefined {
  return lexShape(text, LINEAGE_SHAPE_RULES);
}

/**
 * Parses `text` once and says whether its lineage may be stored under its shape: the parsed
 * statement node (for the analysis) and the verdict.
 */
export function parseForShape(text: string): { node: AstObject | undefined; storable: boolean } {
  let stmts: readonly { stmt?: unknown }[];
  try {
    stmts = parseSql(text).stmts ?? [];
  } catch {
    return { node: undefined, storable: false };
  }
  const node = stmts.length === 1 ? (stmts[0]?.stmt as AstObject | undefined) : undefined;
  if (!node || typeof node !== 'object') return { node: undefined, storable: false };
  const type = Object.keys(node)[0];
  if (type === undefined || !SHAPE_STATEMENT_NODES.has(type)) return { node, storable: false };
  const tokens = lexShape(text, LINEAGE_SHAPE_RULES, true)?.tokens;
  return { node, storable: tokens !== undefined && agreesWithParse(tokens, text, node) };
}
